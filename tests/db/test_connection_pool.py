"""Pooled PostgreSQL connections: the light reset at release still undoes an open transaction,
and every connection plans for tables held in memory."""

from __future__ import annotations

import asyncpg
import pytest
from tortoise import connections

from kakehashi.db import connection_config, release_connection


async def test_a_connection_given_back_inside_a_transaction_comes_back_clean(
    database_url: str,
) -> None:
    if not database_url.startswith("postgres"):
        pytest.skip("the pool reset is PostgreSQL's")
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=1,
                                     reset=release_connection)
    try:
        async with pool.acquire() as connection:
            await connection.execute("BEGIN")
            await connection.execute("CREATE TEMP TABLE half_written (x int)")
        async with pool.acquire() as connection:  # the same connection: the pool holds one
            assert not connection.is_in_transaction()
            assert await connection.fetchval(
                "SELECT to_regclass('pg_temp.half_written')"
            ) is None
    finally:
        await pool.close()


def test_only_postgresql_pools_get_the_light_reset() -> None:
    pg = connection_config("postgres://u@127.0.0.1:5432/kakehashi")
    sqlite = connection_config("sqlite://kakehashi.sqlite3")
    assert pg["credentials"]["reset"] is release_connection
    assert "reset" not in sqlite["credentials"]


async def test_postgresql_connections_plan_for_tables_in_memory(db: str) -> None:
    """Without this the gram index of search is skipped for common words (a full scan)."""
    if not db.startswith("postgres"):
        pytest.skip("a PostgreSQL planner setting")
    rows = await connections.get("default").execute_query_dict("SHOW random_page_cost")
    assert rows == [{"random_page_cost": "1.1"}]


async def test_postgresql_plans_each_prepared_statement_once(db: str) -> None:
    """A statement run again on a connection is not planned again for its parameters."""
    if not db.startswith("postgres"):
        pytest.skip("a PostgreSQL planner setting")
    rows = await connections.get("default").execute_query_dict("SHOW plan_cache_mode")
    assert rows == [{"plan_cache_mode": "force_generic_plan"}]


async def test_postgresql_compresses_search_text_with_lz4(db: str) -> None:
    """Search reads hundreds of these texts per query; lz4 decompresses them much faster."""
    if not db.startswith("postgres"):
        pytest.skip("a PostgreSQL storage setting")
    rows = await connections.get("default").execute_query_dict(
        "SELECT attrelid::regclass::text AS t, attcompression::text AS c FROM pg_attribute "
        "WHERE attname = 'search_text' AND attrelid::regclass::text IN "
        "('organisation', 'department', 'need', 'capability')"
    )
    assert {r["t"]: r["c"] for r in rows} == dict.fromkeys(
        ("organisation", "department", "need", "capability"), "l")
