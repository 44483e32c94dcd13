"""SQLite: one consistent file through the online backup API, restored by an atomic rename."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from kakehashi.backup.databases import (
    REQUIRED_TABLES,
    SQLITE_MAGIC,
    BackupError,
    Outcome,
    fsync,
    magic,
    replacing,
    temporary_beside,
)


@contextlib.contextmanager
def _open(path: Path, *, timeout: float = 30.0) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


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
        int(connection.execute(f"SELECT COUNT(*) FROM {_quoted(name)}").fetchone()[0])
        for name in tables if name != MARKER_TABLE
    )
    return len([t for t in tables if t != MARKER_TABLE]), rows


def _quoted(identifier: str) -> str:
    """A table name from the file itself, quoted so no name can be read as SQL."""
    return '"' + identifier.replace('"', '""') + '"'


MARKER_TABLE = "kakehashi_backup"
"""Written into every backup by ``kakehashi backup``; ``restore`` refuses a file without it,
and removes it again, so the restored database has exactly the tables it had."""


def _mark(copy: sqlite3.Connection) -> None:
    copy.execute(f"CREATE TABLE {MARKER_TABLE} (format INTEGER NOT NULL, written_at TEXT)")
    copy.execute(f"INSERT INTO {MARKER_TABLE} VALUES (1, datetime('now'))")
    copy.commit()


def _require_and_remove_mark(copy: sqlite3.Connection, source: Path) -> None:
    found = copy.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (MARKER_TABLE,)
    ).fetchone()[0]
    if not found:
        raise BackupError(
            f"{source} was not written by 'kakehashi backup'; refusing to restore it.")
    copy.execute(f"DROP TABLE {MARKER_TABLE}")
    copy.commit()
    copy.execute("VACUUM")


def _copy_sqlite(source: sqlite3.Connection, target: Path) -> None:
    """Copy ``source`` into a new single-file database at ``target`` (no WAL), fsynced."""
    target.unlink(missing_ok=True)
    with _open(target) as copy:
        # pages=-1 (the default): the whole database in one step, so one consistent snapshot.
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    fsync(target)


def backup_file(path: Path, destination: Path) -> Outcome:
    if not path.is_file():
        raise BackupError(f"No SQLite database at {path}; nothing to back up.")
    if not magic(path).startswith(SQLITE_MAGIC) and path.stat().st_size:
        raise BackupError(f"{path} is not a SQLite database.")
    with replacing(destination) as temporary:
        with _open(path) as source:
            _check_kakehashi_file(source, path)
            _copy_sqlite(source, temporary)
        with _open(temporary) as copy:
            _mark(copy)
            tables, rows = _check_kakehashi_file(copy, temporary)
    size = destination.stat().st_size
    return Outcome(
        f"Backed up SQLite database {path} to {destination} "
        f"({tables} tables, {rows} rows, {size:,} bytes)."
    )


def restore_file(source: Path, path: Path) -> Outcome:
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    temporary = temporary_beside(path, "restoring")
    try:
        with _open(source, timeout=5) as backup_file:
            tables, rows = _check_kakehashi_file(backup_file, source)
            _copy_sqlite(backup_file, temporary)
        with _open(temporary) as copy:
            _require_and_remove_mark(copy, source)
        if path.exists():
            _take_out_of_wal(path)
        os.replace(temporary, path)
        fsync(path.parent)
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
