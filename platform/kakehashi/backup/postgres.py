"""PostgreSQL: ``pg_dump --format=custom`` and a single-transaction ``pg_restore``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kakehashi.backup.databases import (
    BackupError,
    Outcome,
    PostgresDatabase,
    replacing,
)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found on PATH; install the PostgreSQL client tools of the "
            "server's version or newer (Debian: apt install postgresql-client-15)."
        )
    return found


def _run(command: list[str], database: PostgresDatabase, what: str) -> None:
    result = subprocess.run(
        command, env=database.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{what} failed (exit {result.returncode}):\n{detail}")


def backup_database(database: PostgresDatabase, destination: Path) -> Outcome:
    pg_dump = _tool("pg_dump")
    with replacing(destination) as temporary:
        _run(
            [pg_dump, "--format=custom", "--file", str(temporary), *database.arguments(),
             "--dbname", database.name],
            database, "pg_dump",
        )
    size = destination.stat().st_size
    return Outcome(
        f"Backed up {database.describe()} to {destination} "
        f"(pg_dump custom format, {size:,} bytes)."
    )


KAKEHASHI_TABLES = frozenset(
    {"tortoise_migrations", "organisation", "department", "need", "user_account"})
"""Tables every Kakehashi database has had since its first migration: an archive without them
was not written by ``kakehashi backup`` (a dump of another application's database)."""


def _require_kakehashi_archive(pg_restore: str, source: Path, database: PostgresDatabase) -> None:
    """Read the archive's table of contents before anything is dropped, and refuse an archive
    that is not a pg_dump of a Kakehashi database."""
    result = subprocess.run([pg_restore, "--list", str(source)], env=database.environment(),
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{source} is not a pg_dump archive; refusing to restore it.")
    tables = {parts[5] for line in result.stdout.splitlines()
              if len(parts := line.split()) > 5 and parts[3] == "TABLE"}
    if not tables >= KAKEHASHI_TABLES:
        raise BackupError(f"{source} is not a backup of a Kakehashi database (it has no "
                          f"{', '.join(sorted(KAKEHASHI_TABLES - tables))} table); refusing "
                          "to restore it.")


def restore_database(source: Path, database: PostgresDatabase) -> Outcome:
    pg_restore = _tool("pg_restore")
    _require_kakehashi_archive(pg_restore, source, database)
    others = _other_sessions(database)
    if others:
        raise BackupError(
            f"{others} other session(s) are connected to {database.describe()}; stop the "
            "Kakehashi server and worker (and close other clients) before restoring."
        )
    _run(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", *database.arguments(),
         "--dbname", database.name, str(source)],
        database, "pg_restore",
    )
    return Outcome(f"Restored {database.describe()} from {source} (pg_restore, one transaction).")


def _other_sessions(database: PostgresDatabase) -> int:
    """How many other sessions use the database (the server or the worker still running)."""
    import asyncio

    import asyncpg

    async def count() -> int:
        try:
            connection = await asyncpg.connect(
                host=database.host, port=database.port, user=database.user,
                password=database.password or None, database=database.name, timeout=10,
            )
        except (OSError, asyncpg.PostgresError) as error:
            raise BackupError(f"Cannot connect to {database.describe()}: {error}") from error
        try:
            return int(await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ))
        finally:
            await connection.close()

    return asyncio.run(count())
