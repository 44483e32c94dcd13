"""What every step of an introduction needs: the row held while it changes, a line in its
timeline, the parameters its notices are written with, and who is told."""

from __future__ import annotations

from typing import Any

from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory import parties
from kakehashi.errors import NotFound
from kakehashi.introductions.models import Introduction, IntroductionEvent, Room
from kakehashi.introductions.permissions import owners_of
from kakehashi.introductions.rules import Slot


async def locked(intro_id: int) -> Introduction:
    """Re-read inside the transaction, holding the row (PostgreSQL) so steps queue up."""
    intro = await Introduction.select_for_update().get_or_none(id=intro_id)
    if intro is None:
        raise NotFound("Page not found")
    return intro


async def record_event(intro: Introduction, kind: str, user: CurrentUser | None, side: str = "",
                 **data: Any) -> None:
    await IntroductionEvent.create(
        introduction_id=intro.id, kind=kind, actor_id=user.id if user else None, side=side,
        data=data,
    )


async def meeting_params(intro: Introduction, reason: str = "", *, slots: list[Slot] | None = None,
                  scheduled: bool = True) -> dict[str, Any]:
    """The texts' parameters: ``slots`` are proposed times to list; ``scheduled=False`` leaves
    out a meeting time that no longer stands (the texts then read as before scheduling)."""
    a, b = owners_of(intro)
    names = await parties.parties([a, b])
    place = ""
    if intro.room_id:
        room = await Room.get_or_none(id=intro.room_id)
        if room:
            place = f"{room.name} ({room.location})" if room.location else room.name
    if intro.online_url:
        place = f"{place} {intro.online_url}".strip()
    params: dict[str, Any] = {
        "introduction_id": intro.id,
        "party_a": names[a].name if a in names else "",
        "party_b": names[b].name if b in names else "",
        "place": place,
    }
    if intro.starts_at and scheduled:
        params["starts_at"] = intro.starts_at.isoformat()
    if slots:
        params["slots"] = slots_data(slots)
    if reason:
        params["reason"] = reason
    return params


async def coordinators_of(intro: Introduction) -> list[int]:
    if intro.coordinator_id:
        return [intro.coordinator_id]
    return await parties.coordinator_user_ids()


async def everyone(intro: Introduction) -> list[int]:
    a, b = owners_of(intro)
    ids = (await parties.member_user_ids(a) + await parties.member_user_ids(b)
           + await coordinators_of(intro))
    return sorted(set(ids))


def slots_data(slots: list[Slot]) -> list[list[str]]:
    return [[s.starts_at.isoformat(), s.ends_at.isoformat()] for s in slots]
