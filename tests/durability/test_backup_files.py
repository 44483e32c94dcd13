"""``restore`` trusts nothing in the file: it refuses a database it did not write, and table
names from the file are never read as SQL (issue 18, finding 9)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kakehashi import backup
from kakehashi.backup.databases import REQUIRED_TABLES
from kakehashi.backup.sqlite import MARKER_TABLE

HOSTILE = 'x"; DROP TABLE need; --'


def _database(path: Path, *, marked: bool) -> Path:
    connection = sqlite3.connect(path)
    for table in REQUIRED_TABLES:
        connection.execute(f'CREATE TABLE "{table}" (id INTEGER)')
    connection.execute('CREATE TABLE "x""; DROP TABLE need; --" (id INTEGER)')
    connection.execute('INSERT INTO "x""; DROP TABLE need; --" VALUES (1)')
    if marked:
        connection.execute(f"CREATE TABLE {MARKER_TABLE} (format INTEGER, written_at TEXT)")
    connection.commit()
    connection.close()
    return path


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()


def test_a_database_not_written_by_backup_is_refused(tmp_path: Path) -> None:
    foreign = _database(tmp_path / "copied-by-hand.sqlite3", marked=False)
    target = tmp_path / "kakehashi.sqlite3"
    with pytest.raises(backup.BackupError, match="not written by 'kakehashi backup'"):
        backup.restore(f"sqlite://{target}", foreign)
    assert not target.exists()


def test_table_names_in_the_file_are_never_run_as_sql(tmp_path: Path) -> None:
    marked = _database(tmp_path / "hostile.backup", marked=True)
    target = tmp_path / "kakehashi.sqlite3"
    backup.restore(f"sqlite://{target}", marked)
    assert {"need", HOSTILE} <= _tables(target)
    assert MARKER_TABLE not in _tables(target)  # the restored database is as it was backed up
