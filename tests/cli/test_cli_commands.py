"""The ``kakehashi`` command end to end against the test database (its own connection)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from factories.accounts import account
from factories.directory import department, group
from tortoise import Tortoise
from tortoise.timezone import now

from kakehashi.accounts.models import Role, User
from kakehashi.cli import main
from kakehashi.db import tortoise_config
from kakehashi.desk.models import DeskReminder
from kakehashi.directory.models.needs import Need
from kakehashi.directory.models.orgs import Organisation
from kakehashi.introductions.models import QueueItem, QueueOrigin
from kakehashi.suggestions.models import Suggestion


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KAKEHASHI_DATABASE_URL", database_url)
    monkeypatch.setenv("KAKEHASHI_VAR_DIR", str(tmp_path))
    assert main(["migrate"]) == 0
    asyncio.run(_empty(database_url))
    return database_url


async def _empty(url: str) -> None:
    await Tortoise.init(config=tortoise_config(url))
    try:
        for model in (Suggestion, Need, User, Organisation):
            await model.all().delete()
    finally:
        await Tortoise.close_connections()


async def _count(url: str, model: type) -> int:
    await Tortoise.init(config=tortoise_config(url))
    try:
        return int(await model.all().count())  # type: ignore[attr-defined]
    finally:
        await Tortoise.close_connections()


def test_createuser_and_its_refusals(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["createuser", "--email", "Office@City.example", "--password",
                 "long enough pw", "--role", "coordinator"]) == 0
    assert main(["createuser", "--email", "office@city.example", "--password",
                 "long enough pw", "--role", "coordinator"]) == 1
    assert "既に登録" in capsys.readouterr().err
    assert main(["createuser", "--email", "x@city.example", "--password", "long enough pw",
                 "--role", "group", "--org", "存在しない会"]) == 1
    assert "存在しない会" in capsys.readouterr().err
    assert asyncio.run(_count(cli_env, User)) == 1


def test_seed_demo_is_idempotent_and_reindex_fills_suggestions(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed-demo", "--if-empty"]) == 0
    first = capsys.readouterr().out
    assert "coordinator@kakehashi.example" in first
    groups = asyncio.run(_count(cli_env, Organisation))
    assert groups >= 300
    assert main(["seed-demo"]) == 0
    assert main(["seed-demo", "--if-empty"]) == 0
    assert "coordinator@kakehashi.example" in capsys.readouterr().out
    assert asyncio.run(_count(cli_env, Organisation)) == groups
    assert main(["reindex"]) == 0
    assert asyncio.run(_count(cli_env, Suggestion)) > 1000


async def _overdue_request(url: str) -> None:
    """A coordinator and a request to be introduced that the office let wait for a month."""
    await Tortoise.init(config=tortoise_config(url))
    try:
        await DeskReminder.all().delete()
        await QueueItem.all().delete()
        await account("desk@city.example", Role.COORDINATOR)
        asker, target = await group("頼む会"), await department("頼まれ課")
        await QueueItem.create(origin=QueueOrigin.REQUEST, party_a_kind="organisation",
                               party_a_id=asker.id, party_b_kind="department",
                               party_b_id=target.id)
        await QueueItem.all().update(created_at=now() - timedelta(days=30))
    finally:
        await Tortoise.close_connections()


def test_remind_mails_the_office_once_a_day(cli_env: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_overdue_request(cli_env))
    capsys.readouterr()
    assert main(["remind"]) == 0
    assert capsys.readouterr().out.startswith("Reminded 1 people")
    assert main(["remind"]) == 0  # cron ran again the same day: nothing repeated
    assert capsys.readouterr().out.startswith("Reminded 0 people")
