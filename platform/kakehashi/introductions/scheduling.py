"""Introductions: the coordinator offers times and a place, both parties answer, they meet.

Lifecycle (DESIGN §4): proposed → scheduled (a slot that suits both confirmed) → held (outcome
recorded); proposed ⇄ needs_slots (no slot suits both); or it ends as cancelled (中止, by the
coordinator), withdrawn (取り下げ, by a party) or declined (不成立, see :mod:`.availability`).
New slots start the answers again; each change of a scheduled meeting raises its iCalendar
SEQUENCE. Every step writes an :class:`IntroductionEvent` (the timeline) and notifies the
people concerned inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import F, Q
from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import parties
from kakehashi.errors import DomainError, NotFound
from kakehashi.http.urls import path_for
from kakehashi.introductions.models import (
    Introduction,
    IntroductionAnswer,
    IntroductionSlot,
    IntroductionStatus,
    QueueItem,
    QueueOrigin,
    QueueStatus,
)
from kakehashi.introductions.permissions import (
    OPEN_STATUSES,
    owners_of,
    sides_of,
    viewable,
)
from kakehashi.introductions.queue import party_a, party_b, require_coordinator
from kakehashi.introductions.rules import (
    ConfirmationNeeded,
    OddTimesNeedConfirming,
    Place,
    Slot,
    check_place,
    check_slots,
    odd_times,
    over_limit,
    overlaps,
)
from kakehashi.introductions.steps import (
    everyone,
    locked,
    meeting_params,
    record_event,
    slots_data,
)
from kakehashi.notifications import events as notifications

ENDED_MEETINGS = (IntroductionStatus.CANCELLED, IntroductionStatus.WITHDRAWN)
"""Called off: a meeting they had scheduled is sent to calendars as cancelled."""


@dataclass(frozen=True)
class MeetingOffer:
    """The times, place and agenda a coordinator offers both parties (not a citizens'
    :class:`~kakehashi.proposals.models.Proposal`); the flags confirm the warnings."""

    slots: list[Slot]
    place: Place
    agenda: str
    override_limit: bool = False
    confirm_overlaps: bool = False
    confirm_hours: bool = False


async def _check_times(
    offer: MeetingOffer, owners: list[Owner], room_id: int | None, exclude_id: int | None = None
) -> list[Slot]:
    slots = check_slots(offer.slots)
    if not offer.confirm_hours:
        odd = odd_times(slots)
        if odd:
            raise OddTimesNeedConfirming(odd)
    if not offer.confirm_overlaps:
        found = await overlaps(slots, owners, room_id, exclude_id)
        if found:
            raise ConfirmationNeeded(found)
    return slots


async def propose(
    user: CurrentUser, queue_item_id: int, offer: MeetingOffer, per_month: int
) -> Introduction:
    """Introduce the pair of an open queue item: times, place, agenda; the item is handled."""
    require_coordinator(user)
    item = await QueueItem.get_or_none(id=queue_item_id)
    if item is None:
        raise NotFound("Page not found")
    owners = [party_a(item), party_b(item)]
    await parties.party(owners[0])
    await parties.party(owners[1])
    room = await check_place(offer.place)
    slots = await _check_times(offer, owners, room.id if room else None)
    crowded = await over_limit(owners, per_month)
    if crowded and not offer.override_limit:
        name, count = crowded[0]
        raise DomainError(
            "%(party)s has already been sent %(count)s introductions in the last 30 days "
            "(the limit is %(limit)s). Tick the box to send this one anyway.",
            "override_limit", party=name, count=count, limit=per_month,
        )
    async with in_transaction():
        handled = await QueueItem.filter(id=item.id, status=QueueStatus.OPEN).update(
            status=QueueStatus.INTRODUCED, handled_by_id=user.id, handled_at=localtime()
        )
        if not handled:
            raise DomainError("This item has already been handled.")
        intro = await Introduction.create(
            queue_item_id=item.id, party_a_kind=owners[0].kind, party_a_id=owners[0].id,
            party_b_kind=owners[1].kind, party_b_id=owners[1].id,
            need_id=item.need_id, coordinator_id=user.id,
            room=room, online_url=offer.place.online_url, agenda=offer.agenda,
            limit_overridden=bool(crowded),
        )
        for slot in slots:
            await IntroductionSlot.create(
                introduction=intro, starts_at=slot.starts_at, ends_at=slot.ends_at
            )
        await record_event(intro, "proposed", user, slots=slots_data(slots))
        if crowded:
            await record_event(intro, "limit_overridden", user,
                         parties=[name for name, _ in crowded], limit=per_month)
        members = await parties.member_user_ids(owners[0]) + await parties.member_user_ids(
            owners[1])
        params = await meeting_params(intro, slots=slots)
        if item.origin == QueueOrigin.REQUEST and item.message:
            params["reason"] = item.message  # what the asker wrote reaches the other party
        await notifications.notify(sorted(set(members)), "introduction_proposed", params,
                                   path_for("introduction", id=intro.id))
    return intro


async def reschedule(user: CurrentUser, intro_id: int, offer: MeetingOffer) -> Introduction:
    """New slots (the place stays): answers start again; a scheduled meeting, or one where no
    slot suited both, goes back to proposed; a scheduled one's SEQUENCE rises (its calendar
    entry is withdrawn until a new slot is confirmed)."""
    intro = await viewable(user, intro_id)
    slots = await _check_times(offer, list(owners_of(intro)),
                               intro.room_id, exclude_id=intro.id)
    async with in_transaction():
        intro = await locked(intro_id)
        was_scheduled = intro.status == IntroductionStatus.SCHEDULED
        if intro.status not in OPEN_STATUSES:
            raise DomainError("This introduction can no longer be changed.", "slot1_start")
        current = await IntroductionSlot.filter(
            introduction_id=intro.id, is_current=True).order_by("id")
        if intro.status == IntroductionStatus.PROPOSED and [
                (s.starts_at, s.ends_at) for s in current] == [
                (s.starts_at, s.ends_at) for s in slots]:
            return intro  # the same times again (a double click): nothing new to tell
        await IntroductionSlot.filter(introduction_id=intro.id).update(is_current=False)
        await IntroductionAnswer.filter(introduction_id=intro.id).delete()
        for slot in slots:
            await IntroductionSlot.create(
                introduction=intro, starts_at=slot.starts_at, ends_at=slot.ends_at
            )
        await Introduction.filter(id=intro.id).update(
            status=IntroductionStatus.PROPOSED,
            sequence=F("sequence") + (1 if was_scheduled else 0),
        )
        await intro.refresh_from_db()
        sides = sides_of(user, intro)
        await record_event(intro, "rescheduled", user, sides[0].value if sides else "",
                     slots=slots_data(slots), was_scheduled=was_scheduled)
        await notifications.notify(
            await everyone(intro), "meeting_rescheduled",
            await meeting_params(intro, slots=slots, scheduled=was_scheduled),
            path_for("introduction", id=intro.id),
            meeting=intro.id if was_scheduled else None,
            calendar_method="CANCEL" if was_scheduled else "REQUEST",
        )
    return intro


async def cancel(user: CurrentUser, intro_id: int, reason: str) -> Introduction:
    """Called off, with a reason everyone is told: by the coordinator (中止) or withdrawn by
    either party (取り下げ); a scheduled meeting leaves the calendars."""
    intro = await viewable(user, intro_id)
    withdrawn = not user.is_coordinator
    if not reason.strip():
        raise DomainError("Please say why the meeting is cancelled.", "cancel_reason")
    async with in_transaction():
        intro = await locked(intro_id)
        was_scheduled = intro.status == IntroductionStatus.SCHEDULED
        if intro.status not in OPEN_STATUSES:
            raise DomainError("This introduction can no longer be changed.", "cancel_reason")
        await Introduction.filter(id=intro.id).update(
            status=IntroductionStatus.WITHDRAWN if withdrawn else IntroductionStatus.CANCELLED,
            cancel_reason=reason.strip(),
            sequence=F("sequence") + (1 if was_scheduled else 0),
        )
        await intro.refresh_from_db()
        sides = sides_of(user, intro)
        await record_event(intro, "withdrawn" if withdrawn else "cancelled", user,
                           sides[0].value if sides and withdrawn else "",
                           reason=reason.strip(), was_scheduled=was_scheduled)
        await notifications.notify(
            await everyone(intro), "introduction_withdrawn" if withdrawn else "meeting_cancelled",
            await meeting_params(intro, reason.strip(), scheduled=was_scheduled),
            path_for("introduction", id=intro.id), meeting=intro.id if was_scheduled else None,
            calendar_method="CANCEL",
        )
    return intro


async def meetings_for_user(user: CurrentUser) -> list[Introduction]:
    """Meetings for the user's calendar: scheduled ones, and cancelled or withdrawn ones that
    had been scheduled (so calendars drop them), where the user coordinates or belongs to a
    party."""
    mine = Q(coordinator_id=user.id)
    for kind, ids in (("organisation", user.organisation_ids),
                      ("department", user.department_ids)):
        if ids:
            mine |= Q(party_a_kind=kind, party_a_id__in=list(ids))
            mine |= Q(party_b_kind=kind, party_b_id__in=list(ids))
    return await Introduction.filter(
        mine,
        Q(status=IntroductionStatus.SCHEDULED)
        | Q(status__in=ENDED_MEETINGS, starts_at__isnull=False),
    ).order_by("starts_at", "id")
