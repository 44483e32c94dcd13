"""A real server with the demo city, driven by Debian's Chromium through Playwright.

The server runs in its own process on its own SQLite file (the demo city), whichever database
the rest of the suite is using; without /usr/bin/chromium these tests are skipped. Fixtures are
package-scoped: Playwright's sync API keeps an event loop running while the browser is open,
so it must close before the asynchronous tests of other packages run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CLI = [sys.executable, "-m", "kakehashi.cli"]


@pytest.fixture(scope="package")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the live server (its demo database and address), for journeys that
    also run the worker or let time pass in the database."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    var = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    return {
        **os.environ,
        "KAKEHASHI_DATABASE_URL": f"sqlite:///{var / 'demo.sqlite3'}",
        "KAKEHASHI_VAR_DIR": str(var),
        "KAKEHASHI_BASE_URL": f"http://127.0.0.1:{port}",
        "PORT": str(port),
    }


@pytest.fixture(scope="package")
def live_server(server_env: dict[str, str]) -> Iterator[str]:
    env = server_env
    cli = CLI
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "seed-demo"], env=env, check=True, capture_output=True)
    port = int(env["PORT"])
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


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


def sign_in(page: object, email: str, password: str) -> None:
    """Sign in through the login form, as a person would, and wait for the my page."""
    page.goto("/login")  # type: ignore[attr-defined]
    page.get_by_label("メールアドレス").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("パスワード").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="ログイン").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/me")  # type: ignore[attr-defined]


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
