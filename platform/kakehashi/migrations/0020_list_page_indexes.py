"""Indexes for the list pages: offers and calls newest first (read backwards, stopping after a
page; a call's date is when it was opened, else written), and each field link table by field, so "groups in 福祉" reads the few links of those fields instead
of every link (the link tables' own unique index starts with the record)."""

from typing import Any

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

LINKS = {"organisation_field": "organisation_id", "department_field": "department_id",
         "need_field": "need_id", "capability_field": "capability_id"}


NEWEST_CALLS = "CREATE INDEX IF NOT EXISTS need_newest_first ON need " \
               "((COALESCE(opened_at, created_at)), id)"
"""The order of :func:`kakehashi.directory.listings.newest_first`, expression for expression."""


async def index_links(apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_script(NEWEST_CALLS)
    for table, key in LINKS.items():
        await schema_editor.client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {table}_by_field ON {table} (field_id, {key})"
        )


async def drop_link_indexes(apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_script("DROP INDEX IF EXISTS need_newest_first")
    for table in LINKS:
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {table}_by_field")


class Migration(migrations.Migration):
    dependencies = [('models', '0019_search_title')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Capability',
            index=Index(fields=['created_at', 'id']),
        ),
        ops.RunPython(index_links, drop_link_indexes),
    ]
