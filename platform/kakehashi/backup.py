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

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
REQUIRED_TABLES = ("tortoise_migrations", "organisation", "need", "user_account")
"""Tables every Kakehashi database has: a SQLite file without them is not a Kakehashi backup."""


class BackupError(Exception):
    """An expected failure, explained in ``str(error)``."""


@dataclass(frozen=True)
class SqliteDatabase:
    path: Path


@dataclass(frozen=True)
class PostgresDatabase:
    host: str
    port: int
    user: str
    password: str
    name: str

    def arguments(self) -> list[str]:
        return ["--host", self.host, "--port", str(self.port), "--username", self.user,
                "--no-password"]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def describe(self) -> str:
        return f"PostgreSQL database {self.name} on {self.host}:{self.port}"


Database = SqliteDatabase | PostgresDatabase


@dataclass(frozen=True)
class Outcome:
    """What a backup or restore did, for the command line to print."""

    message: str


def database_from_url(url: str) -> Database:
    """The database a (normalised) ``KAKEHASHI_DATABASE_URL`` names."""
    if url.startswith("sqlite://"):
        location = url[len("sqlite://") :].split("?", 1)[0]
        if not location or location == ":memory:":
            raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
        return SqliteDatabase(Path("/" + location.lstrip("/") if location[0] == "/" else location))
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise BackupError(f"The database URL names no database: {_hide_password(url)}")
        return PostgresDatabase(
            host=parts.hostname or "localhost", port=parts.port or 5432,
            user=unquote(parts.username or "postgres"), password=unquote(parts.password or ""),
            name=name,
        )
    raise BackupError(f"Unsupported database URL: {_hide_password(url)}")


def _hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def backup(url: str, destination: Path) -> Outcome:
    database = database_from_url(url)
    if destination.is_dir():
        raise BackupError(f"{destination} is a directory; give the backup file's name.")
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    if isinstance(database, SqliteDatabase):
        return _backup_sqlite(database.path, destination)
    return _backup_postgres(database, destination)


def restore(url: str, source: Path) -> Outcome:
    database = database_from_url(url)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    magic = _magic(source)
    if isinstance(database, SqliteDatabase):
        if magic.startswith(PGDUMP_MAGIC):
            raise BackupError(
                f"{source} is a PostgreSQL backup (pg_dump), but the configured database is "
                "SQLite; set KAKEHASHI_DATABASE_URL to the PostgreSQL database to restore it."
            )
        if not magic.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a Kakehashi backup (not a SQLite database).")
        return _restore_sqlite(source, database.path)
    if magic.startswith(SQLITE_MAGIC):
        raise BackupError(
            f"{source} is a SQLite backup, but the configured database is PostgreSQL; "
            "restore it with KAKEHASHI_DATABASE_URL set to a SQLite file."
        )
    if not magic.startswith(PGDUMP_MAGIC):
        raise BackupError(
            f"{source} is not a Kakehashi backup (not a pg_dump custom-format file)."
        )
    return _restore_postgres(source, database)


def _magic(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC))


# --- SQLite ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _open(path: Path, *, timeout: float = 30.0) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _temporary_beside(path: Path, purpose: str) -> Path:
    return path.with_name(f".{path.name}.{purpose}-{os.getpid()}")


def _check_kakehashi_file(connection: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """Integrity-check a SQLite file and return (tables, rows); refuse a foreign database."""
    try:
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        tables = [
            row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a usable SQLite database ({error}).") from error
    if verdict != "ok":
        raise BackupError(f"{path} is damaged (SQLite integrity check: {verdict}).")
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise BackupError(
            f"{path} is not a Kakehashi database (no {', '.join(missing)} table)."
        )
    rows = sum(
        int(connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0])
        for name in tables
    )
    return len(tables), rows


def _copy_sqlite(source: sqlite3.Connection, target: Path) -> None:
    """Copy ``source`` into a new single-file database at ``target`` (no WAL), fsynced."""
    target.unlink(missing_ok=True)
    with _open(target) as copy:
        # pages=-1 (the default): the whole database in one step, so one consistent snapshot.
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    _fsync(target)


def _backup_sqlite(path: Path, destination: Path) -> Outcome:
    if not path.is_file():
        raise BackupError(f"No SQLite database at {path}; nothing to back up.")
    if not _magic(path).startswith(SQLITE_MAGIC) and path.stat().st_size:
        raise BackupError(f"{path} is not a SQLite database.")
    temporary = _temporary_beside(destination, "partial")
    try:
        with _open(path) as source:
            _check_kakehashi_file(source, path)
            _copy_sqlite(source, temporary)
        with _open(temporary) as copy:
            tables, rows = _check_kakehashi_file(copy, temporary)
        os.replace(temporary, destination)
        _fsync(destination.parent)
    finally:
        temporary.unlink(missing_ok=True)
    size = destination.stat().st_size
    return Outcome(
        f"Backed up SQLite database {path} to {destination} "
        f"({tables} tables, {rows} rows, {size:,} bytes)."
    )


def _restore_sqlite(source: Path, path: Path) -> Outcome:
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    temporary = _temporary_beside(path, "restoring")
    try:
        with _open(source, timeout=5) as backup_file:
            tables, rows = _check_kakehashi_file(backup_file, source)
            _copy_sqlite(backup_file, temporary)
        if path.exists():
            _take_out_of_wal(path)
        os.replace(temporary, path)
        _fsync(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
    return Outcome(
        f"Restored SQLite database {path} from {source} ({tables} tables, {rows} rows)."
    )


def _take_out_of_wal(path: Path) -> None:
    """Fold the write-ahead log into the old database file and remove it, so no stale log can
    be replayed onto the restored file. Leaving WAL mode needs the only connection: while the
    server or the worker has the database open this fails, and the restore is refused."""
    try:
        with _open(path, timeout=0) as connection:
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"The database {path} is in use ({error}); stop the Kakehashi server and worker "
            "before restoring."
        ) from error
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if str(mode).lower() != "delete":
        raise BackupError(
            f"The database {path} is in use; stop the Kakehashi server and worker before "
            "restoring."
        )
    for suffix in ("-wal", "-shm"):
        leftover = path.with_name(path.name + suffix)
        if leftover.exists():
            raise BackupError(
                f"The database {path} is in use ({leftover.name} remains); stop the Kakehashi "
                "server and worker before restoring."
            )


# --- PostgreSQL -----------------------------------------------------------------------------


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


def _backup_postgres(database: PostgresDatabase, destination: Path) -> Outcome:
    pg_dump = _tool("pg_dump")
    temporary = _temporary_beside(destination, "partial")
    try:
        _run(
            [pg_dump, "--format=custom", "--file", str(temporary), *database.arguments(),
             "--dbname", database.name],
            database, "pg_dump",
        )
        _fsync(temporary)
        os.replace(temporary, destination)
        _fsync(destination.parent)
    finally:
        temporary.unlink(missing_ok=True)
    size = destination.stat().st_size
    return Outcome(
        f"Backed up {database.describe()} to {destination} "
        f"(pg_dump custom format, {size:,} bytes)."
    )


def _restore_postgres(source: Path, database: PostgresDatabase) -> Outcome:
    pg_restore = _tool("pg_restore")
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
