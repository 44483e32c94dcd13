"""``make test``: the whole suite on a fresh SQLite file, then on a fresh PostgreSQL database.

PostgreSQL runs when ``KAKEHASHI_TEST_DATABASE_URL`` names a server (any database on it; a new
one is created beside it and dropped afterwards) or when one answers on 127.0.0.1:5432.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def run_pytest(database_url: str, label: str, extra: list[str]) -> int:
    print(f"\n=== tests on {label} ===", flush=True)
    env = {**os.environ, "KAKEHASHI_TEST_DB": database_url}
    code = subprocess.call([sys.executable, "-m", "pytest", *extra], cwd=ROOT, env=env)
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
    extra = sys.argv[1:]
    # The whole suite on SQLite also measures coverage against the floor; a narrowed run does not.
    measured = [] if extra else COVERAGE
    with tempfile.TemporaryDirectory(prefix="kakehashi-test-") as tmp:
        code = run_pytest(f"sqlite://{Path(tmp) / 'test.sqlite3'}", "SQLite", measured + extra)
    server = postgres_server()
    if server is None:
        print("No PostgreSQL server answered; the PostgreSQL run was skipped.")
        return code
    name = f"kakehashi_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    try:
        pg_code = run_pytest(with_database(server, name), f"PostgreSQL ({name})", extra)
    finally:
        asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return code or pg_code


if __name__ == "__main__":
    sys.exit(main())
