"""A real server with the demo city, driven by Debian's Chromium through Playwright.

The server runs in its own process on its own database holding the demo city: a SQLite file,
or on the suite's PostgreSQL leg a PostgreSQL database of its own; without /usr/bin/chromium
these tests are skipped. Fixtures are package-scoped: Playwright's sync API keeps an event
loop running while the browser is open, so it must close before the asynchronous tests of
other packages run.
"""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import asyncpg
import pytest
import servers
from servers import LiveServer, database_beside_the_suites, on_own_thread, seed_demo_city

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CLI, _free_port = servers.CLI, servers.free_port
"""For the journeys that run the worker or a mail server beside the live server."""


def run_sql(database_url: str, statement: str, *args: object) -> list[tuple[object, ...]]:
    """One statement on the live server's database (``?`` placeholders), from sync code."""
    if database_url.startswith("sqlite"):
        path = "/" + database_url.split("://", 1)[1].lstrip("/")
        with sqlite3.connect(path) as db:
            return list(db.execute(statement, args).fetchall())
    numbered = statement
    for n in range(1, len(args) + 1):
        numbered = numbered.replace("?", f"${n}", 1)

    async def run() -> list[tuple[object, ...]]:
        connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://"))
        try:
            return [tuple(row) for row in await connection.fetch(numbered, *args)]
        finally:
            await connection.close()

    return on_own_thread(run())


@pytest.fixture(scope="package")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of the live server (its demo database and address), for journeys that
    also run the worker or let time pass in the database."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    var = tmp_path_factory.mktemp("e2e")
    port = servers.free_port()
    with database_beside_the_suites(var, "e2e") as database:
        yield {
            **os.environ,
            "KAKEHASHI_DATABASE_URL": database,
            "KAKEHASHI_VAR_DIR": str(var),
            "KAKEHASHI_CITY_NAME": "架橋市",
            "KAKEHASHI_BASE_URL": f"http://127.0.0.1:{port}",
            "PORT": str(port),
        }


@pytest.fixture(scope="package")
def live_server(server_env: dict[str, str]) -> Iterator[str]:
    seed_demo_city(server_env)
    server = LiveServer(server_env)
    try:
        yield server.start(int(server_env["PORT"]))
    finally:
        server.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, live_server: str) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=live_server, locale="ja-JP"
    )
    page = context.new_page()
    yield page
    context.close()


SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
"""Where each journey leaves a picture of its steps (git-ignored), for people to look at."""


def screenshot(page: object, name: str) -> Path:
    """Save the whole page as ``screenshots/<name>.png`` and return the file's path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def pick_party(page: object, name: str, key: str) -> None:
    """Choose a party in a collaboration form's picker by typing its name (the picker's script
    lists the matches as one types)."""
    page.locator("#party_q").fill(name)  # type: ignore[attr-defined]
    box = page.locator(f'#found-parties input[value="{key}"]')  # type: ignore[attr-defined]
    box.wait_for()
    box.check()


def sign_in(page: object, email: str, password: str) -> None:
    """Sign in through the login form, as a person would, and wait for the page it lands on:
    My page, or the desk for a coordinator."""
    page.goto("/login")  # type: ignore[attr-defined]
    page.get_by_label("メールアドレス").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("パスワード").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="ログイン").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*/(me|coordinator/desk)$"))  # type: ignore[attr-defined]


@pytest.fixture
def new_page(browser: object, live_server: str) -> Iterator[Callable[[], object]]:
    """Open further pages, each in its own browser context (its own cookies: another person)."""
    contexts: list[object] = []

    def open_page() -> object:
        context = browser.new_context(  # type: ignore[attr-defined]
            base_url=live_server, locale="ja-JP"
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()  # type: ignore[attr-defined]


@pytest.fixture
def unique() -> str:
    """A short token that keeps each journey's names apart on the shared server."""
    return uuid.uuid4().hex[:8]


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, installed from the npm registry by ``make test`` (``npm ci``)."""
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def checked_page(browser: Browser, live_server: str) -> Iterator[Page]:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make test runs npm ci)")
    context = browser.new_context(base_url=live_server, locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Page) -> list[str]:
    """Serious and critical WCAG 2.1 AA violations axe-core finds on the page as it is now."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_AA,
    )
    found: list[str] = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found
