"""``kakehashi import`` and ``kakehashi export`` against the test database.

The command opens its own database connection from ``KAKEHASHI_DATABASE_URL``, so these tests
are synchronous and do not hold the ``db`` fixture's connection while it runs.
"""

from __future__ import annotations

import asyncio
import codecs
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import _empty_database
from tortoise import Tortoise

from kakehashi.cli import main
from kakehashi.db import tortoise_config
from kakehashi.directory.models.orgs import Organisation
from kakehashi.taxonomy.fields import ensure_taxonomy

T = TypeVar("T")
GROUPS = (
    "name,furigana,kind,area,fields\r\n"
    "みどりの会,みどりのかい,citizen_group,東地区,environment;environment.waste\r\n"
)


def _with_database(url: str, job: Callable[[], Awaitable[T]]) -> T:
    async def run() -> T:
        await Tortoise.init(config=tortoise_config(url))
        try:
            return await job()
        finally:
            await Tortoise.close_connections()

    return asyncio.run(run())


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty database with the default taxonomy, named in the environment for the CLI."""
    monkeypatch.setenv("KAKEHASHI_DATABASE_URL", database_url)
    monkeypatch.setenv("KAKEHASHI_SECRET_KEY", "test-secret-key-" + "x" * 32)

    async def prepare() -> None:
        await _empty_database()
        await ensure_taxonomy()

    _with_database(database_url, prepare)
    return database_url


def test_import_then_export_round_trips(
    cli_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "groups.csv"
    source.write_bytes(GROUPS.encode("cp932"))
    assert main(["import", "groups", str(source)]) == 0
    assert "Imported 1 new and 0 updated groups." in capsys.readouterr().out

    exported = tmp_path / "export.csv"
    assert main(["export", "groups", "-o", str(exported)]) == 0
    data = exported.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert "みどりの会" in data.decode("utf-8-sig")

    assert main(["import", "groups", str(exported)]) == 0
    assert "Imported 0 new and 0 updated groups." in capsys.readouterr().out

    async def names() -> list[str]:
        return list(await Organisation.all().values_list("name", flat=True))

    assert _with_database(cli_database, names) == ["みどりの会"]


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_written(
    cli_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "groups.csv"
    source.write_text(
        "name,kind,fields\nよい会,npo,welfare\n悪い会,npo,welfare.nothing\n", encoding="utf-8"
    )
    assert main(["import", "groups", str(source)]) == 1
    errors = capsys.readouterr().err
    assert "row 3, fields:" in errors and "welfare.nothing" in errors
    assert "Nothing imported: 1 problem(s)." in errors

    async def count() -> int:
        return await Organisation.all().count()

    assert _with_database(cli_database, count) == 0


def test_export_to_standard_output(
    cli_database: str, capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert main(["export", "needs"]) == 0
    output = capsysbinary.readouterr().out
    assert output.startswith(codecs.BOM_UTF8 + b"id,title,description,owner_type,owner_name")
