"""``make test``: the whole suite on a fresh SQLite file and on a fresh PostgreSQL database.

PostgreSQL runs when ``KAKEHASHI_TEST_DATABASE_URL`` names a server (any database on it; a new
one is created beside it and dropped afterwards) or when one answers on 127.0.0.1:5432. The two
legs run side by side (each is mostly one core of Python, and one after the other they took
25 of CI's 30 minutes); the SQLite leg prints as it goes, the PostgreSQL leg's output follows
when both are done. ``KAKEHASHI_TEST_SERIAL=1`` runs them one after the other.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def start_pytest(database_url: str, label: str, extra: list[str],
                 output: Any = None) -> subprocess.Popen[bytes]:
    """pytest on ``database_url`` in its own process, printing to ``output`` (default: ours)."""
    print(f"\n=== tests on {label} ===", flush=True)
    env = {**os.environ, "KAKEHASHI_TEST_DB": database_url}
    return subprocess.Popen([sys.executable, "-m", "pytest", *extra], cwd=ROOT, env=env,
                            stdout=output, stderr=subprocess.STDOUT if output else None)


def outcome(process: subprocess.Popen[bytes]) -> int:
    code = process.wait()
    return 0 if code == 5 else code  # 5: nothing collected (a filtered run)


def postgres_server() -> str | None:
    url = os.environ.get("KAKEHASHI_TEST_DATABASE_URL", "").strip()
    if url:
        return url.replace("postgresql://", "postgres://", 1)
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return DEFAULT_SERVER
    except OSError:
        return None


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


COVERAGE_FLOOR = 95
"""Percent of the web package and the engine the whole suite must run (only ever raised)."""
COVERAGE = ["--cov=kakehashi", "--cov=matching", "--cov-report=",
            f"--cov-fail-under={COVERAGE_FLOOR}"]


def main() -> int:
    children: list[subprocess.Popen[bytes]] = []
    try:
        return run_legs(children)
    finally:  # an interrupted run (Ctrl-C, a failed CREATE DATABASE) leaves no leg running
        for child in children:
            if child.poll() is None:
                child.terminate()
                child.wait()


def run_legs(children: list[subprocess.Popen[bytes]]) -> int:
    extra = sys.argv[1:]
    # The whole suite on SQLite also measures coverage against the floor; a narrowed run does not.
    measured = [] if extra else COVERAGE
    serial = os.environ.get("KAKEHASHI_TEST_SERIAL", "") not in ("", "0")
    server = postgres_server()
    with tempfile.TemporaryDirectory(prefix="kakehashi-test-") as tmp:
        sqlite = start_pytest(f"sqlite://{Path(tmp) / 'test.sqlite3'}", "SQLite",
                              measured + extra)
        children.append(sqlite)
        if server is None:
            print("No PostgreSQL server answered; the PostgreSQL run was skipped.")
            return outcome(sqlite)
        code = outcome(sqlite) if serial else None
        name = f"kakehashi_test_{uuid.uuid4().hex[:12]}"
        asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
        try:
            with open(Path(tmp) / "postgres.log", "w+b") as log:
                postgres = start_pytest(with_database(server, name), f"PostgreSQL ({name})",
                                        extra, None if serial else log)
                children.append(postgres)
                if code is None:
                    code = outcome(sqlite)
                pg_code = outcome(postgres)
                if not serial:
                    print(f"\n=== tests on PostgreSQL ({name}): output ===", flush=True)
                    log.seek(0)
                    shutil.copyfileobj(log, sys.stdout.buffer)
                    sys.stdout.flush()
        finally:
            asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return code or pg_code


if __name__ == "__main__":
    sys.exit(main())
