"""Finding a time by availability: each party marks every offered slot it can attend (and may
add a comment), or declines the introduction; the coordinator confirms a slot that suits both.

Once both parties have answered: exactly one slot suiting both is confirmed by itself; none
sends the introduction to ``needs_slots`` and tells everyone that the coordinator is to offer
new slots; several wait for the coordinator's pick. One rule for the pages and the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory import parties
from kakehashi.errors import Conflict, DomainError
from kakehashi.http.urls import path_for
from kakehashi.introductions.models import (
    Introduction,
    IntroductionAnswer,
    IntroductionSlot,
    IntroductionStatus,
    PartySide,
    SlotAvailability,
)
from kakehashi.introductions.permissions import (
    ANSWERABLE_STATUSES,
    answerable,
    confirmable,
    owners_of,
    sides_of,
)
from kakehashi.introductions.rules import Slot
from kakehashi.introductions.steps import (
    coordinators_of,
    everyone,
    locked,
    meeting_params,
    record_event,
)
from kakehashi.notifications import events as notifications


@dataclass(frozen=True)
class Availability:
    """The slots (ids of the current offer) one side can attend; the others it cannot."""

    slot_ids: frozenset[int]
    comment: str = ""
    side: str = ""
    """Which side answers, for a user who belongs to both parties (else their only side)."""


def _side(user: CurrentUser, intro: Introduction, side: str) -> PartySide:
    mine = sides_of(user, intro)
    return PartySide(side) if side in {s.value for s in mine} else mine[0]


def _span(slot: IntroductionSlot) -> list[str]:
    return [slot.starts_at.isoformat(), slot.ends_at.isoformat()]


async def suiting_both(intro_id: int, slots: Iterable[IntroductionSlot]) -> list[IntroductionSlot]:
    """The given slots that both sides marked as possible, earliest first."""
    ids = [s.id for s in slots]
    rows = await SlotAvailability.filter(
        introduction_id=intro_id, slot_id__in=ids, available=True
    ).values_list("slot_id", "side")
    sides: dict[int, set[str]] = {}
    for slot_id, side in rows:
        sides.setdefault(slot_id, set()).add(str(getattr(side, "value", side)))
    return sorted((s for s in slots if sides.get(s.id) == {"a", "b"}),
                  key=lambda s: (s.starts_at, s.id))


async def mark_availability(
    user: CurrentUser, intro_id: int, answer: Availability
) -> Introduction:
    """A party's ○ and × for every current slot, and its comment; then settle the time."""
    intro = await answerable(user, intro_id)
    chosen = _side(user, intro, answer.side)
    comment = answer.comment.strip()
    async with in_transaction():
        intro = await locked(intro_id)
        if intro.status not in ANSWERABLE_STATUSES:
            raise Conflict("This introduction is no longer waiting for answers.", "slots")
        current = await IntroductionSlot.filter(
            introduction_id=intro.id, is_current=True).order_by("starts_at", "id")
        if not answer.slot_ids <= {s.id for s in current}:
            raise DomainError("Please choose among the proposed times.", "slots")
        earlier = await IntroductionAnswer.get_or_none(introduction_id=intro.id, side=chosen)
        marked = set(await SlotAvailability.filter(
            introduction_id=intro.id, side=chosen, available=True,
            slot_id__in=[s.id for s in current]).values_list("slot_id", flat=True))
        if earlier is not None and not earlier.declined and earlier.comment == comment and (
                marked == set(answer.slot_ids)):
            return intro  # the same answer again (a double click, the back button): no news
        for slot in current:
            await SlotAvailability.update_or_create(
                defaults={"available": slot.id in answer.slot_ids, "answered_by_id": user.id,
                          "introduction_id": intro.id},
                slot_id=slot.id, side=chosen,
            )
        await IntroductionAnswer.update_or_create(
            defaults={"declined": False, "reason": "", "comment": comment, "slot": None,
                      "answered_by_id": user.id},
            introduction_id=intro.id, side=chosen,
        )
        await record_event(intro, "availability", user, chosen.value,
                           slots=[_span(s) for s in current if s.id in answer.slot_ids],
                           comment=comment)
        other = owners_of(intro)[1 if chosen == PartySide.A else 0]
        told = sorted(set(await coordinators_of(intro) + await parties.member_user_ids(other)))
        await notifications.notify(told, "introduction_answered", await meeting_params(intro),
                                   path_for("introduction", id=intro.id))
        await _settle(intro, current)
    return intro


async def _settle(intro: Introduction, current: list[IntroductionSlot]) -> None:
    """After an answer: confirm the one slot that suits both, or ask for new slots."""
    if await IntroductionAnswer.filter(introduction_id=intro.id, declined=False).count() < 2:
        return
    common = await suiting_both(intro.id, current)
    if len(common) == 1:
        await _schedule(intro, common[0], None)
    elif not common and intro.status == IntroductionStatus.PROPOSED:
        await Introduction.filter(id=intro.id).update(status=IntroductionStatus.NEEDS_SLOTS)
        await intro.refresh_from_db()
        await record_event(intro, "no_match", None)
        await notifications.notify(
            await everyone(intro), "introduction_no_match",
            await meeting_params(intro, slots=[Slot(s.starts_at, s.ends_at) for s in current]),
            path_for("introduction", id=intro.id))
    elif common and intro.status == IntroductionStatus.NEEDS_SLOTS:
        # A party changed its answer and now a time suits both: back to the coordinator.
        await Introduction.filter(id=intro.id).update(status=IntroductionStatus.PROPOSED)
        await intro.refresh_from_db()


async def _schedule(intro: Introduction, slot: IntroductionSlot, user: CurrentUser | None) -> None:
    """The meeting is fixed at ``slot``, by a conditional update so that two answers or a
    double click cannot schedule it twice; everyone gets the calendar invitation."""
    scheduled = await Introduction.filter(
        id=intro.id, status__in=ANSWERABLE_STATUSES
    ).update(status=IntroductionStatus.SCHEDULED, starts_at=slot.starts_at, ends_at=slot.ends_at,
             # After a reschedule sent CANCEL at this SEQUENCE, the new invitation needs a
             # higher one or calendar programs ignore it.
             sequence=F("sequence") + (1 if intro.sequence > 0 else 0))
    if not scheduled:
        return
    await intro.refresh_from_db()
    await record_event(intro, "scheduled", user, slot=_span(slot), by_coordinator=bool(user))
    await notifications.notify(
        await everyone(intro), "meeting_scheduled", await meeting_params(intro),
        path_for("introduction", id=intro.id), meeting=intro.id, calendar_method="REQUEST",
    )


async def confirm(user: CurrentUser, intro_id: int, slot_id: int) -> Introduction:
    """The coordinator fixes the meeting at one current slot that suits both parties."""
    await confirmable(user, intro_id)
    async with in_transaction():
        intro = await locked(intro_id)
        if intro.status not in ANSWERABLE_STATUSES:
            raise Conflict("This introduction is no longer waiting for answers.", "slot")
        slot = await IntroductionSlot.get_or_none(
            id=slot_id, introduction_id=intro.id, is_current=True)
        if slot is None or not await suiting_both(intro.id, [slot]):
            raise DomainError("Please choose a time that suits both parties.", "slot")
        await _schedule(intro, slot, user)
    return intro


async def decline(user: CurrentUser, intro_id: int, reason: str, side: str = "") -> Introduction:
    """A party declines to meet, with a reason: the introduction ends as 不成立."""
    intro = await answerable(user, intro_id)
    chosen = _side(user, intro, side)
    reason = reason.strip()
    if not reason:
        raise DomainError("Please say why you decline.", "reason")
    async with in_transaction():
        intro = await locked(intro_id)
        if intro.status not in ANSWERABLE_STATUSES:
            raise Conflict("This introduction is no longer waiting for answers.", "reason")
        await IntroductionAnswer.update_or_create(
            defaults={"declined": True, "reason": reason, "slot": None,
                      "answered_by_id": user.id},
            introduction_id=intro.id, side=chosen,
        )
        await Introduction.filter(id=intro.id).update(
            status=IntroductionStatus.DECLINED, cancel_reason=reason)
        await intro.refresh_from_db()
        await record_event(intro, "declined", user, chosen.value, reason=reason)
        await notifications.notify(await everyone(intro), "introduction_declined",
                                   await meeting_params(intro, reason),
                                   path_for("introduction", id=intro.id))
    return intro

