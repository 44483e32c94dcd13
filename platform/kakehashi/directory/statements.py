"""The SQL Tortoise would send for a query, as text, so it can be read inside a larger statement
(a ranking joined to its cards, a search's candidates scored in a sub-select)."""

from __future__ import annotations

from typing import Any

from tortoise.queryset import ValuesQuery


def sql_of(queryset: ValuesQuery[Any]) -> tuple[str, list[Any]]:
    """The SQL and parameters Tortoise would send for ``queryset`` (a values query); Tortoise
    builds the query the same way when it runs it."""
    queryset._choose_db_if_not_chosen()
    queryset._make_query()
    sql, params = queryset.query.get_parameterized_sql()
    return sql, list(params)
