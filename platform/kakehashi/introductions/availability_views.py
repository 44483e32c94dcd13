"""The availability grid as the parties and the coordinator read it: offered slots × parties,
each cell ○ (can attend), × (cannot) or not answered yet, the parties' comments, and the
reader's own earlier answer to pre-fill the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kakehashi.introductions.models import (
    Introduction,
    IntroductionAnswer,
    IntroductionSlot,
    SlotAvailability,
)

YES, NO, NONE = "yes", "no", "none"


@dataclass(frozen=True)
class GridRow:
    slot_id: int
    when: str
    a: str
    """YES, NO or NONE for party A."""
    b: str
    suits_all: bool


@dataclass(frozen=True)
class SideAnswer:
    side: str
    party: str
    answered: bool
    comment: str
    declined: bool
    reason: str


@dataclass(frozen=True)
class Grid:
    rows: list[GridRow]
    sides: list[SideAnswer]
    mine: list[int]
    """The slots the reader's side marked ○ (the form starts from them)."""
    my_comment: str
    both_answered: bool

    @property
    def suiting(self) -> list[GridRow]:
        return [row for row in self.rows if row.suits_all]


async def grid(
    intro_id: int, slots: list[IntroductionSlot], side_names: dict[str, str], my_side: str,
    when: Callable[[datetime, datetime], str],
) -> Grid:
    """The grid of the current ``slots``; ``my_side`` is the reader's ("" for a coordinator)."""
    marks: dict[tuple[int, str], bool] = {}
    for slot_id, side, available in await SlotAvailability.filter(
            introduction_id=intro_id, slot_id__in=[s.id for s in slots]
    ).values_list("slot_id", "side", "available"):
        marks[(slot_id, str(getattr(side, "value", side)))] = bool(available)
    answers = {a.side.value: a for a in await IntroductionAnswer.filter(
        introduction_id=intro_id)}

    def mark(slot_id: int, side: str) -> str:
        if (slot_id, side) not in marks or side not in answers:
            return NONE
        return YES if marks[(slot_id, side)] else NO

    rows = [GridRow(s.id, when(s.starts_at, s.ends_at), mark(s.id, "a"), mark(s.id, "b"),
                    mark(s.id, "a") == mark(s.id, "b") == YES) for s in slots]
    sides = [SideAnswer(
        side, side_names[side], side in answers,
        answers[side].comment if side in answers else "",
        side in answers and answers[side].declined,
        answers[side].reason if side in answers else "",
    ) for side in ("a", "b")]
    mine = [r.slot_id for r in rows if my_side and getattr(r, my_side) == YES]
    return Grid(
        rows=rows, sides=sides, mine=mine,
        my_comment=answers[my_side].comment if my_side in answers else "",
        both_answered=all(s.answered and not s.declined for s in sides),
    )


async def as_record(intro_id: int) -> dict[str, Any]:
    """The introduction's state and grid as the JSON API answers a write (for its parties)."""
    intro = await Introduction.get(id=intro_id)
    slots = list(await IntroductionSlot.filter(
        introduction_id=intro_id, is_current=True).order_by("starts_at", "id"))
    rows = (await grid(intro_id, slots, {"a": "", "b": ""}, "", lambda _s, _e: "")).rows
    return {"id": intro.id, "status": intro.status.value, "times": [
        {"id": slot.id, "starts_at": slot.starts_at.isoformat(),
         "ends_at": slot.ends_at.isoformat(), "a": row.a, "b": row.b,
         "suits_both": row.suits_all}
        for slot, row in zip(slots, rows, strict=True)]}
