"""``kakehashi backup`` and ``kakehashi restore``: a consistent copy of the configured database.

SQLite: the backup is a single self-contained SQLite file made with SQLite's online backup API
(``sqlite3.Connection.backup``) in one step, so it is a consistent snapshot even while the web
server and the worker keep writing (the database runs in WAL mode: readers never block writers).
A restore copies the backup into a temporary file beside the database and renames it over the
database in one atomic step; it refuses while any other program has the database open.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists --no-owner`` in one
transaction, with the host, port, user, password and database of ``KAKEHASHI_DATABASE_URL``. The
client tools must be at least as new as the server (PostgreSQL 15).

Expected failures (a missing file, a file that is not a backup of the right kind, a missing
``pg_dump``, a database in use) raise :class:`BackupError` with a message for people; the command
line prints it and exits with status 1.
"""

from __future__ import annotations

from pathlib import Path

from kakehashi.backup.databases import (
    PGDUMP_MAGIC,
    SQLITE_MAGIC,
    BackupError,
    Outcome,
    SqliteDatabase,
    database_from_url,
    magic,
)
from kakehashi.backup.postgres import backup_database, restore_database
from kakehashi.backup.sqlite import backup_file, restore_file

__all__ = ["BackupError", "Outcome", "backup", "database_from_url", "restore"]


def backup(url: str, destination: Path) -> Outcome:
    database = database_from_url(url)
    if destination.is_dir():
        raise BackupError(f"{destination} is a directory; give the backup file's name.")
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    if isinstance(database, SqliteDatabase):
        return backup_file(database.path, destination)
    return backup_database(database, destination)


def restore(url: str, source: Path) -> Outcome:
    database = database_from_url(url)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    found = magic(source)
    if isinstance(database, SqliteDatabase):
        if found.startswith(PGDUMP_MAGIC):
            raise BackupError(
                f"{source} is a PostgreSQL backup (pg_dump), but the configured database is "
                "SQLite; set KAKEHASHI_DATABASE_URL to the PostgreSQL database to restore it."
            )
        if not found.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a Kakehashi backup (not a SQLite database).")
        return restore_file(source, database.path)
    if found.startswith(SQLITE_MAGIC):
        raise BackupError(
            f"{source} is a SQLite backup, but the configured database is PostgreSQL; "
            "restore it with KAKEHASHI_DATABASE_URL set to a SQLite file."
        )
    if not found.startswith(PGDUMP_MAGIC):
        raise BackupError(
            f"{source} is not a Kakehashi backup (not a pg_dump custom-format file)."
        )
    return restore_database(source, database)
