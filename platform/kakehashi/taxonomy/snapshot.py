"""The field taxonomy as pages read it: one query per worker every few seconds, not per page.

Almost every page shows field labels or a field filter, and the taxonomy changes only when the
coordinator edits it. A worker keeps the rows it read for :data:`FRESH_FOR` seconds; the worker
that writes forgets them at once (:func:`forget`, called by every rule that changes a field), so
the coordinator sees an edit on the next page, and other workers within :data:`FRESH_FOR`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tortoise import connections

from kakehashi.taxonomy.models import Field

FRESH_FOR = 10.0
"""Seconds another worker may go on showing a field as it was before an edit."""


@dataclass(frozen=True)
class FieldRow:
    id: int
    code: str
    label_ja: str
    label_en: str
    parent_code: str | None
    position: int


@dataclass(frozen=True)
class _Snapshot:
    read_at: float
    database: object
    rows: tuple[FieldRow, ...]


_snapshot: _Snapshot | None = None
_generation = 0
"""Counts :func:`forget` calls: a read that overlapped a change is used once but not kept."""


async def field_rows() -> tuple[FieldRow, ...]:
    """Every field and sub-area in display order (position, then id)."""
    global _snapshot
    database = connections.get("default")
    current = _snapshot
    if current is not None and current.database is database \
            and time.monotonic() - current.read_at < FRESH_FOR:
        return current.rows
    generation = _generation
    rows = await Field.all().order_by("position", "id").values(
        "id", "code", "label_ja", "label_en", "parent__code", "position"
    )
    snapshot = _Snapshot(time.monotonic(), database, tuple(
        FieldRow(r["id"], r["code"], r["label_ja"], r["label_en"], r["parent__code"],
                 r["position"])
        for r in rows
    ))
    if generation == _generation:
        _snapshot = snapshot
    return snapshot.rows


def forget() -> None:
    """After a change to the taxonomy has been committed: the next read goes to the database."""
    global _snapshot, _generation
    _snapshot = None
    _generation += 1
