"""The SQL Tortoise writes for a query, as text: to read it inside a larger statement (a
ranking joined to its cards), or to build a query once and run it again with new parameters
(:class:`Prepared`: the statements nearly every page sends, such as who is signed in or a
record's detail, where building the SQL cost a worker more than running it: about 0.45 ms to
build the session lookup and 0.57 ms a call's detail, against 0.3 ms to send and read one)."""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tortoise.models import Model
from tortoise.queryset import ValuesQuery

Converter = Callable[[Any], Any]

AN_ID = -7_000_000_001
"""A marker for an id argument: no record has it, no query holds it as a constant."""
A_COUNT, ANOTHER_COUNT = 7_000_000_001, 7_000_000_003
"""Markers for counts (a page's offset, its size, a limit): positive, so Tortoise writes the
clause that takes them, and like no real count."""


def sql_of(queryset: ValuesQuery[Any]) -> tuple[str, list[Any]]:
    """The SQL and parameters Tortoise would send for ``queryset`` (a values query); Tortoise
    builds the query the same way when it runs it."""
    queryset._choose_db_if_not_chosen()
    queryset._make_query()
    sql, params = queryset.query.get_parameterized_sql()
    return sql, list(params)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[tuple[bool, Any], ...]
    """Per parameter: (True, the argument's position) or (False, a constant of the query)."""
    columns: tuple[tuple[str, Converter], ...]


@dataclass
class Prepared:
    """``build(*markers)`` must give a values query of ``model`` of the same shape whatever its
    arguments, each argument appearing as a parameter: the markers (values no real call
    passes and no constant of the query equals, valid for the fields they filter) find where
    each argument goes in the SQL Tortoise writes."""

    model: type[Model]
    build: Callable[..., ValuesQuery[Any]]
    markers: tuple[Any, ...]
    _compiled: dict[str, _Compiled] = field(default_factory=dict, repr=False)

    def _compile(self, dialect: str) -> _Compiled:
        query = self.build(*self.markers)
        sql, params = sql_of(query)
        slots = tuple((True, self.markers.index(p)) if p in self.markers else (False, p)
                      for p in params)
        missing = set(range(len(self.markers))) - {at for is_argument, at in slots if is_argument}
        if missing:
            raise ValueError(f"arguments {sorted(missing)} are not parameters of the query")
        columns = tuple(
            (alias, convert) for alias, name in query._fields_for_select.items()
            if not isinstance(convert := query.resolve_to_python_value(query.model, name),
                              types.LambdaType)
        )
        compiled = _Compiled(sql, slots, columns)
        self._compiled[dialect] = compiled
        return compiled

    async def rows(self, *arguments: Any) -> list[dict[str, Any]]:
        """The query's rows for these arguments, each value as Tortoise would give it."""
        db = self.model._meta.db  # the transaction's connection inside one
        compiled = self._compiled.get(db.capabilities.dialect) or self._compile(
            db.capabilities.dialect)
        params = [arguments[value] if is_argument else value
                  for is_argument, value in compiled.slots]
        rows = await db.execute_query_dict(compiled.sql, params)
        for row in rows:
            for alias, convert in compiled.columns:
                row[alias] = convert(row[alias])
        return list(rows)
