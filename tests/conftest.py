"""Shared fixtures: a migrated database per run, emptied before each test, an HTTP client that
records which template rendered each page, and passwords hashed at argon2's lowest cost.

``tests/run_all.py`` (``make test``) points ``KAKEHASHI_TEST_DB`` at a fresh SQLite file and then
at a fresh PostgreSQL database; run alone, pytest uses a temporary SQLite file.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from support import QueryCounter, RenderRecordingTransport
from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

from kakehashi.accounts import auth
from kakehashi.app import create_app
from kakehashi.db import tortoise_config
from kakehashi.http import urls
from kakehashi.routes import build_routes
from kakehashi.settings import PROJECT_ROOT, Settings
from kakehashi.taxonomy.fields import ensure_taxonomy

# Services called without a request still link by route name (notifications, mails).
urls.install(build_routes(PROJECT_ROOT / "static"))
REAL_HASHER = auth.password_hasher
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Hash at argon2's lowest cost: the suite hashes hundreds of passwords, ~0.3 s each at the
    real cost, and only the tests about hashing need that (``real_password_hasher``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "password_hasher", CHEAP_HASHER)
        yield


@pytest.fixture
def real_password_hasher(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    """The production hasher, at full cost, for the tests about hashing itself."""
    monkeypatch.setattr(auth, "password_hasher", REAL_HASHER)
    return REAL_HASHER


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("KAKEHASHI_TEST_DB") or (
        f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )
    asyncio.run(_migrate(url))
    yield url


async def _migrate(url: str) -> None:
    try:
        await migrate(config=tortoise_config(url))
    finally:
        await connections.close_all()


def _tables() -> list[str]:
    names: list[str] = []
    for model in Tortoise.apps["models"].values():
        names.append(model._meta.db_table)
        for field in model._meta.fields_map.values():
            through = getattr(field, "through", None)
            if isinstance(through, str) and through not in names:
                names.append(through)
    return names


async def _empty_database() -> None:
    connection = connections.get("default")
    tables = _tables()
    if connection.capabilities.dialect == "postgres":
        quoted = ", ".join(f'"{t}"' for t in tables)
        await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        script = "PRAGMA foreign_keys = OFF;" + "".join(
            f'DELETE FROM "{t}";' for t in tables
        ) + "DELETE FROM sqlite_sequence; PRAGMA foreign_keys = ON;"
        await connection.execute_script(script)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[str]:
    """An empty, migrated database holding only the default field taxonomy."""
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        await _empty_database()
        await ensure_taxonomy()
        yield database_url
    finally:
        await Tortoise.close_connections()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    # Tests read their own writes as anonymous visitors at once; tests/http/test_public_pages.py
    # turns the workers' kept public pages back on.
    return Settings(database_url=database_url, secret_key="test-secret-key-" + "x" * 32,
                    public_page_seconds=0)


@pytest.fixture
async def client(db: str, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client: keeps cookies and sends the CSRF token when asked to; each
    response also records the template and context that rendered it (``support.rendered``)."""
    app = create_app(settings, manage_database=False)
    async with app.router.lifespan_context(app):
        transport = RenderRecordingTransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


@pytest.fixture
def counter() -> Iterator[QueryCounter]:
    """Database statements sent while the test runs: set ``count`` to 0, act, read it."""
    logger = logging.getLogger("tortoise.db_client")
    handler, level = QueryCounter(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The figures the trust checks measured (tests/figures.py), as one table."""
    from figures import CASES, FIGURES, table

    if FIGURES or CASES:
        terminalreporter.section("figures")
        for line in table():
            terminalreporter.write_line(line)
