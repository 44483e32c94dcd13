"""Introductions: the coordinator proposes times and a place, both parties answer, they meet.

Lifecycle (DESIGN §4): proposed → scheduled (both accepted one slot) → held (outcome recorded)
| cancelled. A reschedule sends new slots and goes back to proposed; each change of a scheduled
meeting raises its iCalendar SEQUENCE. Every step writes an :class:`IntroductionEvent` (the
timeline) and notifies the people concerned inside the same transaction.
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
    PartySide,
    QueueItem,
    QueueStatus,
)
from kakehashi.introductions.permissions import (
    OPEN_STATUSES,
    answerable,
    owners_of,
    sides_of,
    viewable,
)
from kakehashi.introductions.queue import party_a, party_b, require_coordinator
from kakehashi.introductions.rules import (
    ConfirmationNeeded,
    Place,
    Slot,
    check_place,
    check_slots,
    over_limit,
    overlaps,
)
from kakehashi.introductions.steps import (
    coordinators_of,
    everyone,
    locked,
    meeting_params,
    record_event,
    slots_data,
)
from kakehashi.notifications import events as notifications


@dataclass(frozen=True)
class MeetingOffer:
    """The times, place and agenda a coordinator offers both parties (not a citizens'
    :class:`~kakehashi.proposals.models.Proposal`); the flags confirm the warnings."""

    slots: list[Slot]
    place: Place
    agenda: str
    override_limit: bool = False
    confirm_overlaps: bool = False


async def _check_times(
    offer: MeetingOffer, owners: list[Owner], room_id: int | None, exclude_id: int | None = None
) -> list[Slot]:
    slots = check_slots(offer.slots)
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
        await notifications.notify(sorted(set(members)), "introduction_proposed",
                                   await meeting_params(intro, slots=slots),
                                   path_for("introduction", id=intro.id))
    return intro


async def answer(
    user: CurrentUser, intro_id: int, *, slot_id: int | None, decline_reason: str = "",
    side: str = "",
) -> Introduction:
    """A member of a party accepts one current slot or declines with a reason.

    When both sides have accepted the same slot the meeting is scheduled, by a conditional
    update so two answers arriving together cannot schedule it twice."""
    intro = await answerable(user, intro_id)
    mine = sides_of(user, intro)
    chosen = PartySide(side) if side in {s.value for s in mine} else mine[0]
    declined = slot_id is None
    if declined and not decline_reason.strip():
        raise DomainError("Please say why you decline.", "reason")
    async with in_transaction():
        intro = await locked(intro_id)
        if intro.status != IntroductionStatus.PROPOSED:
            raise DomainError("This introduction is no longer waiting for answers.", "slot")
        slot = None
        if not declined:
            slot = await IntroductionSlot.get_or_none(
                id=slot_id, introduction_id=intro.id, is_current=True
            )
            if slot is None:
                raise DomainError("Please choose one of the proposed times.", "slot")
        earlier = await IntroductionAnswer.get_or_none(introduction_id=intro.id, side=chosen)
        if earlier is not None and earlier.declined == declined and (
            earlier.slot_id == (slot.id if slot else None)
            and earlier.reason == (decline_reason.strip() if declined else "")
        ):
            return intro  # the same answer again (a double click, the back button): no news
        await IntroductionAnswer.update_or_create(
            defaults={"slot": slot, "declined": declined,
                      "reason": decline_reason.strip() if declined else "",
                      "answered_by_id": user.id},
            introduction_id=intro.id, side=chosen,
        )
        other = owners_of(intro)[1 if chosen == PartySide.A else 0]
        told = sorted(set(await coordinators_of(intro) + await parties.member_user_ids(other)))
        link = path_for("introduction", id=intro.id)
        if declined:
            await record_event(intro, "declined", user, chosen.value, reason=decline_reason.strip())
            await notifications.notify(told, "introduction_declined",
                                       await meeting_params(intro, decline_reason.strip()), link)
            return intro
        assert slot is not None
        await record_event(intro, "accepted", user, chosen.value,
                     slot=[slot.starts_at.isoformat(), slot.ends_at.isoformat()])
        await notifications.notify(told, "introduction_answered", await meeting_params(intro), link)
        answers = await IntroductionAnswer.filter(introduction_id=intro.id, declined=False)
        if len(answers) == 2 and len({a.slot_id for a in answers}) == 1:
            scheduled = await Introduction.filter(
                id=intro.id, status=IntroductionStatus.PROPOSED
            ).update(status=IntroductionStatus.SCHEDULED, starts_at=slot.starts_at,
                     ends_at=slot.ends_at,
                     # After a reschedule sent CANCEL at this SEQUENCE, the new invitation
                     # needs a higher one or calendar programs ignore it.
                     sequence=F("sequence") + (1 if intro.sequence > 0 else 0))
            if scheduled:
                await intro.refresh_from_db()
                await record_event(intro, "scheduled", None,
                             slot=[slot.starts_at.isoformat(), slot.ends_at.isoformat()])
                await notifications.notify(
                    await everyone(intro), "meeting_scheduled", await meeting_params(intro), link,
                    meeting=intro.id, calendar_method="REQUEST",
                )
    return intro


async def reschedule(user: CurrentUser, intro_id: int, offer: MeetingOffer) -> Introduction:
    """New slots (the place stays): answers start again; a scheduled meeting goes back to
    proposed and its SEQUENCE rises (its calendar entry is withdrawn until both accept)."""
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
        if not was_scheduled and [(s.starts_at, s.ends_at) for s in current] == [
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
    """Called off by the coordinator or either party, with a reason everyone is told."""
    intro = await viewable(user, intro_id)
    if not reason.strip():
        raise DomainError("Please say why the meeting is cancelled.", "cancel_reason")
    async with in_transaction():
        intro = await locked(intro_id)
        was_scheduled = intro.status == IntroductionStatus.SCHEDULED
        if intro.status not in OPEN_STATUSES:
            raise DomainError("This introduction can no longer be changed.", "cancel_reason")
        await Introduction.filter(id=intro.id).update(
            status=IntroductionStatus.CANCELLED, cancel_reason=reason.strip(),
            sequence=F("sequence") + (1 if was_scheduled else 0),
        )
        await intro.refresh_from_db()
        sides = sides_of(user, intro)
        await record_event(intro, "cancelled", user, sides[0].value if sides else "",
                     reason=reason.strip(), was_scheduled=was_scheduled)
        await notifications.notify(
            await everyone(intro), "meeting_cancelled",
            await meeting_params(intro, reason.strip(), scheduled=was_scheduled),
            path_for("introduction", id=intro.id), meeting=intro.id if was_scheduled else None,
            calendar_method="CANCEL",
        )
    return intro


async def meetings_for_user(user: CurrentUser) -> list[Introduction]:
    """Meetings for the user's calendar: scheduled ones, and cancelled ones that had been
    scheduled (so calendars drop them), where the user coordinates or belongs to a party."""
    mine = Q(coordinator_id=user.id)
    for kind, ids in (("organisation", user.organisation_ids),
                      ("department", user.department_ids)):
        if ids:
            mine |= Q(party_a_kind=kind, party_a_id__in=list(ids))
            mine |= Q(party_b_kind=kind, party_b_id__in=list(ids))
    return await Introduction.filter(
        mine,
        Q(status=IntroductionStatus.SCHEDULED)
        | Q(status=IntroductionStatus.CANCELLED, starts_at__isnull=False),
    ).order_by("starts_at", "id")
