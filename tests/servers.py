"""``kakehashi serve`` in its own process, on a free loopback port and a database of its own.

One harness for the tests that need a real server: the browser journeys (tests/e2e), the API
fuzzing (tests/api/test_api_fuzz.py) and the kill -9 runs (tests/durability). The server's
database is of the kind the suite is testing: a SQLite file, or on the suite's PostgreSQL leg a
PostgreSQL database beside the suite's, dropped afterwards.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx

CLI = [sys.executable, "-m", "kakehashi.cli"]
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def on_own_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to the end from sync code, even where this thread's event loop is
    busy (Playwright's sync API holds it while the browser is open)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=60)


def postgres_admin(url: str, statement: str) -> None:
    """One statement (``CREATE DATABASE`` …) on the PostgreSQL server at ``url``."""
    async def run() -> None:
        connection = await asyncpg.connect(url.replace("postgres://", "postgresql://"))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    on_own_thread(run())


@contextmanager
def database_beside_the_suites(var: Path, name: str) -> Iterator[str]:
    """The URL of an empty database for a live server: ``var/<name>.sqlite3``, or on the
    PostgreSQL leg ``<suite's database>_<name>``, dropped when the block ends."""
    suite_db = os.environ.get("KAKEHASHI_TEST_DB", "")
    if not suite_db.startswith("postgres"):
        yield f"sqlite:///{var / f'{name}.sqlite3'}"
        return
    parts = urlsplit(suite_db)
    database = f"{parts.path.lstrip('/')}_{name}"
    postgres_admin(suite_db, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    postgres_admin(suite_db, f'CREATE DATABASE "{database}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))
    finally:
        postgres_admin(suite_db, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def seed_demo_city(env: dict[str, str]) -> None:
    """Migrate the database named in ``env`` and fill it with the demo city."""
    subprocess.run([*CLI, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([*CLI, "seed-demo"], env=env, check=True, capture_output=True)


class LiveServer:
    """``kakehashi serve`` with ``env``; its output goes to ``log`` (or nowhere)."""

    def __init__(self, env: dict[str, str], log: Path | None = None) -> None:
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self, port: int | None = None, timeout: float = 60.0) -> str:
        """Start on ``port`` (a free one if not given); the base URL once it serves pages."""
        port = port or free_port()
        self.base = f"http://127.0.0.1:{port}"
        command = [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)]
        if self.log is None:
            self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL)
        else:
            with self.log.open("ab") as log:
                self.process = subprocess.Popen(command, env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                told = self.log.read_text()[-2000:] if self.log else ""
                raise AssertionError(f"the server exited: {told}")
            try:
                if httpx.get(self.base + "/login", timeout=2).status_code == 200:
                    return self.base
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("the server did not start in time")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing, like a power cut of the process."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
