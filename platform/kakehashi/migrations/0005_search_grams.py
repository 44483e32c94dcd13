"""``search_grams`` beside ``search_text``, filled for existing records, and on PostgreSQL a stored
``search_vector`` (``tsvector``) generated from it, with a GIN index (see
:mod:`kakehashi.models.searchable`). The vector is stored, not computed in the query: computing
``to_tsvector`` per row made a scan of the candidates cost more than the search it replaced."""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from kakehashi.directory.models.searchable import gram_column

TABLES = ("organisation", "department", "need", "capability")


async def fill_grams(client: Any) -> None:
    """Compute ``search_grams`` from ``search_text`` for every record already there."""
    postgres = client.capabilities.dialect == "postgres"
    value, key = ("$1", "$2") if postgres else ("?", "?")
    for table in TABLES:
        rows = await client.execute_query_dict(f"SELECT id, search_text FROM {table}")
        if rows:
            await client.execute_many(
                f"UPDATE {table} SET search_grams = {value} WHERE id = {key}",
                [[gram_column(row["search_text"] or ""), row["id"]] for row in rows],
            )


async def fill_grams_and_index(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    await fill_grams(client)
    if client.capabilities.dialect != "postgres":
        return
    for table in TABLES:
        await client.execute_script(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple', search_grams)) STORED"
        )
        await client.execute_script(
            f"CREATE INDEX {table}_search_vector_gin ON {table} USING gin (search_vector)"
        )


async def drop_vector(apps: Any, schema_editor: Any) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        for table in TABLES:
            await schema_editor.client.execute_script(
                f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector"
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
        ops.RunPython(fill_grams_and_index, drop_vector),
    ]
