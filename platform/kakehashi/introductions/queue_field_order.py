"""The queue sorted by field: pairs in the taxonomy's order of fields (福祉, 防災, …), each
field's pairs best fit first, pairs with no field last.

An item's field is its call's first field when it answers a call, else its group's, else its
department's: the field the pair would work in. Read for the filtered items at once (a few
queries whatever their number), sorted here, then paged, so the order is the same on SQLite
and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tortoise.queryset import QuerySet

from kakehashi.introductions.models import QueueItem
from kakehashi.taxonomy.models import Field as TaxonomyField

NO_FIELD = 10**6
"""Sorts after every field's position."""


async def _positions() -> dict[str, int]:
    """Each field's and sub-area's code → its top-level field's position."""
    rows = await TaxonomyField.all().values("code", "position", "parent_id", "id")
    by_id = {r["id"]: r for r in rows}
    top = {}
    for row in rows:
        parent = by_id.get(row["parent_id"]) if row["parent_id"] else None
        top[row["code"]] = (parent or row)["position"]
    return top


async def _first_positions(
    relation: str, ids: Iterable[int], positions: dict[str, int]
) -> dict[int, int]:
    """For each record (``organisations``, ``departments`` or ``needs``) its best field."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = await TaxonomyField.filter(**{f"{relation}__id__in": list(wanted)}).values(
        f"{relation}__id", "code")
    best: dict[int, int] = {}
    for row in rows:
        owner, position = row[f"{relation}__id"], positions.get(row["code"], NO_FIELD)
        best[owner] = min(best.get(owner, NO_FIELD), position)
    return best


async def ids_by_field(query: QuerySet[QueueItem]) -> list[int]:
    """The ids of ``query``'s items in field order, then best fit, then newest."""
    items = await query.values("id", "need_id", "party_a_kind", "party_a_id", "party_b_kind",
                               "party_b_id", "score", "created_at")
    positions = await _positions()

    def ids(kind: str) -> set[int]:
        return ({i["party_a_id"] for i in items if i["party_a_kind"] == kind}
                | {i["party_b_id"] for i in items if i["party_b_kind"] == kind})

    needs = await _first_positions("needs", (i["need_id"] for i in items), positions)
    groups = await _first_positions("organisations", ids("organisation"), positions)
    departments = await _first_positions("departments", ids("department"), positions)
    of_party = {"organisation": groups, "department": departments}

    def field_of(item: dict[str, Any]) -> int:
        if item["need_id"] in needs:
            return needs[item["need_id"]]
        sides = [(item["party_a_kind"], item["party_a_id"]),
                 (item["party_b_kind"], item["party_b_id"])]
        sides.sort(key=lambda side: side[0] != "organisation")  # the group's field first
        for kind, party in sides:
            found = of_party.get(kind, {}).get(party)
            if found is not None:
                return found
        return NO_FIELD

    items.sort(key=lambda i: (field_of(i), -(i["score"] if i["score"] is not None else -1.0),
                              -i["created_at"].timestamp(), -i["id"]))
    return [int(i["id"]) for i in items]
