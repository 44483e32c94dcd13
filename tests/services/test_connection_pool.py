"""Pooled PostgreSQL connections: the light reset at release still undoes an open transaction."""

from __future__ import annotations

import asyncpg
import pytest

from kakehashi.db import connection_config, release_connection


async def test_a_connection_given_back_inside_a_transaction_comes_back_clean(
    database_url: str,
) -> None:
    if not database_url.startswith("postgres"):
        pytest.skip("the pool reset is PostgreSQL's")
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute("BEGIN")
        await connection.execute("CREATE TEMP TABLE half_written (x int)")
        await release_connection(connection)
        assert not connection.is_in_transaction()
        assert await connection.fetchval("SELECT to_regclass('pg_temp.half_written')") is None
    finally:
        await connection.close()


def test_only_postgresql_pools_get_the_light_reset() -> None:
    pg = connection_config("postgres://u@127.0.0.1:5432/kakehashi")
    sqlite = connection_config("sqlite://kakehashi.sqlite3")
    assert pg["credentials"]["reset"] is release_connection
    assert "reset" not in sqlite["credentials"]
