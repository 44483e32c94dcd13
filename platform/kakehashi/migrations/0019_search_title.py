"""``search_title``: each record's name or title indexed as ``search_text`` indexes text, filled
for existing records, so the database ranks a search itself (title hits weigh more) and sends
only the page asked for (see :mod:`kakehashi.directory.search`)."""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from kakehashi.directory.japanese import search_text

TITLES = {"organisation": "name", "department": "name", "need": "title", "capability": "title"}


async def fill_titles(apps: Any, schema_editor: Any) -> None:
    """Index the name or title of every record already there."""
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    value, key = ("$1", "$2") if postgres else ("?", "?")
    for table, title in TITLES.items():
        rows = await client.execute_query_dict(f"SELECT id, {title} AS title FROM {table}")
        if rows:
            await client.execute_many(
                f"UPDATE {table} SET search_title = {value} WHERE id = {key}",
                [[search_text(row["title"] or ""), row["id"]] for row in rows],
            )


async def nothing(apps: Any, schema_editor: Any) -> None:
    """Going back drops the column, and with it the values."""


class Migration(migrations.Migration):
    dependencies = [('models', '0018_sponsorship_steps')]

    initial = False

    operations = [
        *(
            ops.AddField(
                model_name=model,
                name='search_title',
                field=fields.TextField(default='', db_default='', unique=False),
            )
            for model in ('Capability', 'Department', 'Need', 'Organisation')
        ),
        ops.RunPython(fill_titles, nothing),
    ]
