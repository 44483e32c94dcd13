"""``search_grams`` beside ``search_text``, filled for existing records, and on PostgreSQL a GIN
index over it (see :mod:`kakehashi.models.searchable`)."""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from kakehashi.models.searchable import gram_column

TABLES = ("organisation", "department", "need", "capability")


async def fill_grams_and_index(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    mark = "$1" if postgres else "?"
    other = "$2" if postgres else "?"
    for table in TABLES:
        rows = await client.execute_query_dict(f"SELECT id, search_text FROM {table}")
        if rows:
            await client.execute_many(
                f"UPDATE {table} SET search_grams = {mark} WHERE id = {other}",
                [[gram_column(row["search_text"] or ""), row["id"]] for row in rows],
            )
        if postgres:
            await client.execute_script(
                f"CREATE INDEX IF NOT EXISTS {table}_search_grams_gin ON {table} "
                f"USING gin (to_tsvector('simple', search_grams))"
            )


async def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        for table in TABLES:
            await schema_editor.client.execute_script(
                f"DROP INDEX IF EXISTS {table}_search_grams_gin"
            )


class Migration(migrations.Migration):
    dependencies = [('models', '0004_collaborations_proposals')]

    initial = False

    operations = [
        *(
            ops.AddField(
                model_name=model,
                name='search_grams',
                field=fields.TextField(default='', unique=False),
            )
            for model in ('Capability', 'Department', 'Need', 'Organisation')
        ),
        ops.RunPython(fill_grams_and_index, drop_index),
    ]
