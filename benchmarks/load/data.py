"""A fresh PostgreSQL database with the demo city, and a fast bulk copy of it to N times its size.

The copy is plain SQL (``INSERT ... SELECT`` with ``generate_series``): group k of a group is
named "<name> 第k支部" so the unique names hold, and its fields, needs, capabilities (with their
fields and ``search_text``) and stored suggestions are copied with ids shifted by a stride, so
every page finds the same shape of data as in the demo city, only more of it. Departments are
not copied: a city has the departments it has.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
KAKEHASHI = str(Path(sys.executable).with_name("kakehashi"))


def postgres_server() -> str | None:
    """``KAKEHASHI_TEST_DATABASE_URL`` (any database on the server) or a local trust server."""
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


def _asyncpg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def _admin(server: str, statement: str) -> None:
    connection = await asyncpg.connect(_asyncpg_url(server))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@dataclass
class Database:
    server: str
    name: str

    @classmethod
    def create(cls, server: str) -> Database:
        name = f"kakehashi_load_{uuid.uuid4().hex[:10]}"
        asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
        return cls(server, name)

    @property
    def url(self) -> str:
        return with_database(self.server, self.name)

    def drop(self) -> None:
        asyncio.run(_admin(self.server, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))


def kakehashi(env: dict[str, str], *args: str) -> None:
    """Run the ``kakehashi`` command (migrate, seed-demo, reindex) quietly; fail loudly."""
    done = subprocess.run([KAKEHASHI, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"kakehashi {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


async def _columns(connection: asyncpg.Connection, table: str) -> list[str]:
    rows = await connection.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $1 "
        "AND table_schema = current_schema() AND is_generated = 'NEVER' "
        "ORDER BY ordinal_position", table,
    )
    return [r["column_name"] for r in rows]


async def _copy(
    connection: asyncpg.Connection, table: str, copies: int, overrides: dict[str, str],
    where: str = "TRUE",
) -> int:
    """Insert ``copies`` shifted copies of every row of ``table`` (alias ``t``, copy number
    ``g.k`` from 1); ``overrides`` gives the SQL of the columns that change."""
    columns = await _columns(connection, table)
    select = ", ".join(overrides.get(c, f"t.{c}") for c in columns)
    status = await connection.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table} t "
        f"CROSS JOIN generate_series(1, {copies}) AS g(k) WHERE {where}"
    )
    return int(status.split()[-1])


async def _stride(connection: asyncpg.Connection, table: str) -> int:
    return int(await connection.fetchval(f"SELECT COALESCE(MAX(id), 0) FROM {table}"))


async def _multiply(url: str, factor: int) -> dict[str, int]:
    connection = await asyncpg.connect(_asyncpg_url(url))
    copies = factor - 1
    try:
        async with connection.transaction():
            org = await _stride(connection, "organisation")
            need = await _stride(connection, "need")
            cap = await _stride(connection, "capability")
            sug = await _stride(connection, "suggestion")
            shift_org = f"t.organisation_id + g.k * {org}"
            counts = {
                "organisation": await _copy(connection, "organisation", copies, {
                    "id": f"t.id + g.k * {org}",
                    "name": "t.name || ' 第' || (g.k + 1) || '支部'",
                }),
                "organisation_field": await _copy(connection, "organisation_field", copies, {
                    "organisation_id": shift_org,
                }),
                "need": await _copy(connection, "need", copies, {
                    "id": f"t.id + g.k * {need}", "organisation_id": shift_org,
                }),
                "need_field": await _copy(connection, "need_field", copies, {
                    "need_id": f"t.need_id + g.k * {need}",
                }),
                "capability": await _copy(connection, "capability", copies, {
                    "id": f"t.id + g.k * {cap}", "organisation_id": shift_org,
                }),
                "capability_field": await _copy(connection, "capability_field", copies, {
                    "capability_id": f"t.capability_id + g.k * {cap}",
                }),
            }

            def shifted(kind: str) -> str:
                return (
                    f"CASE t.{kind}_type WHEN 'need' THEN t.{kind}_id + g.k * {need} "
                    f"WHEN 'organisation' THEN t.{kind}_id + g.k * {org} "
                    f"WHEN 'capability' THEN t.{kind}_id + g.k * {cap} ELSE t.{kind}_id END"
                )

            # A copied need or group gets its original's suggestions, pointing at the same
            # generation of copies; the departments' own lists stay as they are.
            counts["suggestion"] = await _copy(connection, "suggestion", copies, {
                "id": f"t.id + g.k * {sug}", "source_id": shifted("source"),
                "target_id": shifted("target"),
            }, where="t.source_type <> 'department'")
            for table in ("organisation", "need", "capability", "suggestion"):
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
        await connection.execute("VACUUM ANALYZE")  # as autovacuum would soon after
        return counts
    finally:
        await connection.close()


def multiply(url: str, factor: int) -> dict[str, int]:
    """Grow the demo city to ``factor`` times its groups, needs and capabilities."""
    return asyncio.run(_multiply(url, factor))


async def _counts(url: str) -> dict[str, int]:
    connection = await asyncpg.connect(_asyncpg_url(url))
    try:
        return {
            t: int(await connection.fetchval(f"SELECT COUNT(*) FROM {t}"))
            for t in ("organisation", "department", "need", "capability", "suggestion")
        }
    finally:
        await connection.close()


def counts(url: str) -> dict[str, int]:
    return asyncio.run(_counts(url))
