"""On PostgreSQL, ``search_text`` is compressed with lz4 instead of pglz.

A search reads the text of every candidate it ranks (hundreds of records for a common word),
and most texts are long enough to be stored compressed: pglz decompression was the largest
part of PostgreSQL's time on the search page (a 高齢者 search of the groups at 10x the demo
city: 10.9 ms with pglz, 7.6 ms with lz4). Existing values are rewritten so they are
recompressed. A server built without lz4 keeps pglz; SQLite has nothing to do.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

TABLES = ("organisation", "department", "need", "capability")


async def use_lz4(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != "postgres":
        return
    for table in TABLES:
        await client.execute_script(
            "DO $$ BEGIN "
            f"ALTER TABLE {table} ALTER COLUMN search_text SET COMPRESSION lz4; "
            f"UPDATE {table} SET search_text = search_text || ''; "
            "EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; "
            "END $$"
        )


async def use_default(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        for table in TABLES:
            await client.execute_script(
                f"ALTER TABLE {table} ALTER COLUMN search_text SET COMPRESSION default"
            )


class Migration(migrations.Migration):
    dependencies = [('models', '0012_desk_settings')]

    initial = False

    operations = [ops.RunPython(use_lz4, use_default)]
