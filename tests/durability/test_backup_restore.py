"""``kakehashi backup`` / ``kakehashi restore`` bring back every record of every table.

Runs on the suite's database: SQLite (online backup API) and PostgreSQL (pg_dump/pg_restore,
skipped when those tools are not on PATH). The commands run in a thread, as on the command
line, with their own connections; the test closes its own before a restore, which needs the
database to itself.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import Tortoise

from durability.records import snapshot
from kakehashi.accounts.models import User
from kakehashi.cli import main
from kakehashi.db import tortoise_config
from kakehashi.demo.loader import seed_demo
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.suggestions.models import Suggestion
from kakehashi.taxonomy.models import Field

pytestmark = pytest.mark.durability


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


@pytest.fixture
async def cli_env(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    if _is_postgres(db) and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed")
    monkeypatch.setenv("KAKEHASHI_DATABASE_URL", db)
    monkeypatch.setenv("KAKEHASHI_VAR_DIR", str(tmp_path))
    yield db


async def kakehashi(*argv: str) -> int:
    """The command line in a thread of its own (it runs its own event loop)."""
    return await asyncio.to_thread(main, list(argv))


async def _restore_alone(url: str, backup: Path) -> int:
    await Tortoise.close_connections()
    try:
        return await kakehashi("restore", str(backup))
    finally:
        await Tortoise.init(config=tortoise_config(url))


async def _seed() -> None:
    """The demo city, plus the kinds of values a copy could mangle: JSON with Japanese text,
    emoji and nesting, many-to-many links, floats, nulls and time stamps."""
    await seed_demo()
    group = await Organisation.filter(status=ApprovalStatus.APPROVED).order_by("id").first()
    assert group is not None
    group.criteria_declared = ["public_benefit", "track_record"]
    await group.save()
    need = await Need.create(
        title="「防災×子ども」🍙 夜間の避難訓練", description="改行も\n残る？\t タブも。",
        organisation=group, status=NeedStatus.OPEN,
    )
    await need.fields_.add(*await Field.filter(code__in=["disaster.prevention",  # type: ignore[attr-defined]
                                                        "welfare.childcare"]))
    await ChangeRecord.create(
        entity_type="need", entity_id=need.id, action="created", user=None,
        changes={"title": [None, need.title], "fields": [None, ["disaster.prevention"]],
                 "nested": [{"a": [1, 2.5, None]}, "ｶﾀｶﾅ"]},
    )
    await Suggestion.create(
        source_type="need", source_id=need.id, target_type="organisation",
        target_id=group.id, rank=1, score=0.123456789,
        reasons=[{"kind": "shared_field", "field": "防災"}],
    )


async def _mutate() -> None:
    """Deletes, edits, inserts and link changes a restore has to undo."""
    await Suggestion.all().delete()
    need = await Need.filter(title__startswith="「防災×子ども」").get()
    await need.fields_.clear()  # type: ignore[attr-defined]
    need.title = "書き換えられた題名"
    await need.save()
    for doomed in await Need.all().order_by("-id").limit(5):
        await doomed.delete()
    await Organisation.filter(id=need.organisation_id).update(  # type: ignore[attr-defined]
        name="改名された団体", criteria_declared=[]
    )
    await User.filter(email="coordinator@kakehashi.example").update(display_name="別人")
    await Need.create(title="バックアップ後の新しい募集", organisation_id=need.organisation_id)  # type: ignore[attr-defined]


async def test_backup_mutate_restore_round_trip_record_for_record(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await _seed()
    before = await snapshot()
    assert sum(len(rows) for rows in before.values()) > 2000
    backup = tmp_path / "kakehashi.backup"

    assert await kakehashi("backup", str(backup)) == 0
    assert "Backed up" in capsys.readouterr().out
    magic = backup.read_bytes()[:16]
    assert magic.startswith(b"PGDMP" if _is_postgres(cli_env) else b"SQLite format 3\x00")

    await _mutate()
    mutated = await snapshot()
    changed = {table for table in before if before[table] != mutated[table]}
    assert {"need", "need_field", "organisation", "user_account", "suggestion"} <= changed

    assert await _restore_alone(cli_env, backup) == 0
    assert "Restored" in capsys.readouterr().out
    after = await snapshot()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for expected, restored in zip(rows, after[table], strict=True):
            assert restored == expected, table

    # The restored database takes new writes: its id sequences came back too.
    owner = await Organisation.all().order_by("id").first()
    assert owner is not None
    newest = await Need.create(title="復元後の募集", organisation=owner)
    assert newest.id > max(row["id"] for row in before["need"])


async def test_restore_refuses_while_the_database_is_in_use(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await Organisation.create(name="使用中の会", kind="npo", status=ApprovalStatus.APPROVED)
    backup = tmp_path / "in-use.backup"
    assert await kakehashi("backup", str(backup)) == 0
    await Organisation.create(name="後から来た会", kind="npo", status=ApprovalStatus.APPROVED)
    # This test's own connection stands for the running server.
    assert await kakehashi("restore", str(backup)) == 1
    error = capsys.readouterr().err
    assert "stop the Kakehashi server" in error
    assert "Traceback" not in error
    assert await Organisation.filter(name="後から来た会").exists()


async def test_expected_failures_are_explained_without_a_traceback(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.backup"
    assert await kakehashi("restore", str(missing)) == 1
    assert f"No backup file at {missing}" in capsys.readouterr().err

    text = tmp_path / "notes.txt"
    text.write_text("これはバックアップではありません", encoding="utf-8")
    assert await kakehashi("restore", str(text)) == 1
    assert "is not a Kakehashi backup" in capsys.readouterr().err

    other_kind = tmp_path / "other-kind.backup"
    other_kind.write_bytes(
        b"SQLite format 3\x00" + bytes(84) if _is_postgres(cli_env) else b"PGDMP\x01\x0e\x00"
    )
    assert await kakehashi("restore", str(other_kind)) == 1
    error = capsys.readouterr().err
    assert ("is a SQLite backup" if _is_postgres(cli_env) else "is a PostgreSQL backup") in error

    assert await kakehashi("backup", str(tmp_path / "no-such-folder" / "x.backup")) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*partial*"))
    assert await Organisation.all().count() == 0  # nothing was touched


async def test_sqlite_restore_refuses_a_foreign_sqlite_file(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if _is_postgres(cli_env):
        pytest.skip("a SQLite-only refusal")
    import sqlite3
    from contextlib import closing

    foreign = tmp_path / "someone-else.sqlite3"
    with closing(sqlite3.connect(foreign)) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.commit()
    await Tortoise.close_connections()
    try:
        assert await kakehashi("restore", str(foreign)) == 1
    finally:
        await Tortoise.init(config=tortoise_config(cli_env))
    assert "is not a Kakehashi database" in capsys.readouterr().err
    assert await Field.all().count() > 0  # the real database is intact


async def test_postgres_backup_without_pg_dump_says_what_to_install(
    cli_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not _is_postgres(cli_env):
        pytest.skip("a PostgreSQL-only refusal")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert await kakehashi("backup", str(tmp_path / "x.backup")) == 1
    error = capsys.readouterr().err
    assert "pg_dump was not found" in error and "postgresql-client" in error
    assert not (tmp_path / "x.backup").exists()


async def test_postgres_restore_refuses_a_dump_of_another_database(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pg_dump of some other application's database is refused before anything is dropped."""
    if not _is_postgres(cli_env):
        pytest.skip("a PostgreSQL-only refusal")
    import subprocess

    from servers import database_beside_the_suites, postgres_admin

    await Organisation.create(name="復元されない会", kind="npo")
    foreign = tmp_path / "someone-else.backup"
    with database_beside_the_suites(tmp_path, "foreign") as other:
        postgres_admin(other, "CREATE TABLE notes (body TEXT)")
        subprocess.run(["pg_dump", "--format=custom", "--file", str(foreign),
                        "--dbname", other.replace("postgres://", "postgresql://", 1)],
                       check=True, capture_output=True)
    assert await _restore_alone(cli_env, foreign) == 1
    error = capsys.readouterr().err
    assert "is not a backup of a Kakehashi database" in error
    assert await Organisation.filter(name="復元されない会").exists()  # nothing was dropped
    assert await Field.all().count() > 0
