"""Reading a whole Kakehashi database record for record, and checking needs are whole."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise, connections

from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.needs import Need


def _tables() -> list[tuple[str, str | None]]:
    """Every table of the models (with its primary key) and every many-to-many link table."""
    tables: list[tuple[str, str | None]] = [("tortoise_migrations", None)]
    for model in Tortoise.apps["models"].values():
        tables.append((model._meta.db_table, model._meta.db_pk_column))
        for field in model._meta.fields_map.values():
            through = getattr(field, "through", None)
            if isinstance(through, str) and all(through != name for name, _ in tables):
                tables.append((through, None))
    return tables


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """All rows of all tables as dicts, in a stable order: ``{table: [row, ...]}``."""
    connection = connections.get("default")
    result: dict[str, list[dict[str, Any]]] = {}
    for table, pk in _tables():
        rows = await connection.execute_query_dict(f'SELECT * FROM "{table}"')
        rows = [dict(row) for row in rows]
        if pk:
            rows.sort(key=lambda row: row[pk])
        else:
            rows.sort(key=lambda row: tuple(sorted((k, repr(v)) for k, v in row.items())))
        result[table] = rows
    return result


async def need_state(need: Need) -> dict[str, Any]:
    fields = await need.fields_.all().values_list("code", flat=True)  # type: ignore[attr-defined]
    return {
        "title": need.title, "description": need.description, "area": need.area,
        "fields": sorted(str(code) for code in fields),
        "period_start": need.period_start.isoformat() if need.period_start else None,
        "period_end": need.period_end.isoformat() if need.period_end else None,
        "status": str(need.status.value),
    }


async def replayed_history(need_id: int) -> tuple[list[str], dict[str, Any]]:
    """The actions in a need's history and the state they add up to."""
    entries = await ChangeRecord.filter(entity_type="need", entity_id=need_id).order_by("id")
    state: dict[str, Any] = {}
    for entry in entries:
        for key, (_, new) in (entry.changes or {}).items():
            state[key] = new
    return [entry.action for entry in entries], state


async def half_written_needs() -> list[str]:
    """Needs whose row, field links and history disagree (empty when every need is whole)."""
    problems: list[str] = []
    for need in await Need.all().order_by("id"):
        state = await need_state(need)
        actions, replayed = await replayed_history(need.id)
        if not actions or actions[0] != "created":
            problems.append(f"need {need.id} {need.title!r}: no 'created' history ({actions})")
            continue
        if not state["fields"]:
            problems.append(f"need {need.id} {need.title!r}: no fields")
        differing = {k: (state[k], replayed.get(k)) for k in state if replayed.get(k) != state[k]}
        if differing:
            problems.append(f"need {need.id}: row and history disagree: {differing}")
    return problems
