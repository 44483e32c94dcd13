"""What a proposal of meeting times must satisfy, and what the coordinator is warned about.

Refused outright (at the field): no slot or more than five, a slot in the past, an end not
after its start or more than 12 hours after it, two slots of one proposal overlapping, an
unknown room, neither room nor online link, a link that is not http(s). Warned (a confirmation
box proceeds): a slot outside 08:00–21:00 Japan time or on a Japanese public holiday, a slot
overlapping another scheduled meeting of either party or of the room, and a party that has
already been sent the month's number of introductions (an override box proceeds).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import jpholiday
from tortoise.expressions import Q
from tortoise.timezone import localtime

from kakehashi.accounts.permissions import Owner
from kakehashi.directory import parties
from kakehashi.errors import DomainError
from kakehashi.introductions.models import Introduction, IntroductionStatus, Room
from kakehashi.timezone import TOKYO

MAX_SLOTS = 5
"""The offer form's rows: several times, so two busy parties can find one that suits both."""
DAY_STARTS, DAY_ENDS = time(8, 0), time(21, 0)
"""Outside these hours (Japan time) a slot is possible but asked about: most often a slip."""
LONGEST_MEETING = timedelta(hours=12)
"""Longer than this is a slip of the date (an end a day, month or year out), not a meeting."""
LIMIT_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Place:
    room_id: int | None
    online_url: str


@dataclass(frozen=True)
class Overlap:
    """Slot ``slot`` (1-based) meets another meeting of ``who`` at ``starts_at``."""

    slot: int
    who: str
    starts_at: datetime
    introduction_id: int


class ConfirmationNeeded(DomainError):
    """The proposal is valid but overlaps other meetings: ask the coordinator to confirm."""

    def __init__(self, overlaps: list[Overlap]) -> None:
        super().__init__(
            "Some times overlap other meetings. Tick the box to propose them anyway.",
            "confirm_overlaps",
        )
        self.overlaps = overlaps


@dataclass(frozen=True)
class OddTime:
    """Slot ``slot`` (1-based) is early, late (``holiday`` empty) or on the named holiday."""

    slot: int
    holiday: str


class OddTimesNeedConfirming(DomainError):
    """Times outside 08:00–21:00 or on a public holiday: ask the coordinator to confirm."""

    def __init__(self, odd: list[OddTime]) -> None:
        super().__init__(
            "Some times are outside 8:00–21:00 or on a public holiday. Tick the box to propose "
            "them anyway.", "confirm_hours",
        )
        self.odd = odd


def odd_times(slots: list[Slot]) -> list[OddTime]:
    """The slots starting before 08:00, ending after 21:00 or on another day, or falling on a
    Japanese public holiday (振替休日 included), in the order given."""
    found = []
    for index, slot in enumerate(slots):
        start, end = slot.starts_at.astimezone(TOKYO), slot.ends_at.astimezone(TOKYO)
        holiday = jpholiday.is_holiday_name(start.date()) or ""
        early = start.time() < DAY_STARTS
        late = end.date() != start.date() or end.time() > DAY_ENDS
        if holiday or early or late:
            found.append(OddTime(index + 1, holiday))
    return found


def slot_field(index: int, end: bool = False) -> str:
    return f"slot{index + 1}_{'end' if end else 'start'}"


def check_slots(slots: list[Slot]) -> list[Slot]:
    """The slots in the database's time zone (SQLite compares datetimes as text), earliest
    first, or refused."""
    if not slots:
        raise DomainError("Please propose at least one time.", "slot1_start")
    if len(slots) > MAX_SLOTS:
        raise DomainError("Please propose at most five times.", "slot1_start")
    current = localtime()
    for index, slot in enumerate(slots):
        if slot.ends_at <= slot.starts_at:
            raise DomainError("The end must be after the start.", slot_field(index, end=True))
        if slot.ends_at - slot.starts_at > LONGEST_MEETING:
            raise DomainError("A meeting can last at most 12 hours. Please check the end.",
                              slot_field(index, end=True))
        if slot.starts_at <= current:
            raise DomainError("Please choose a time in the future.", slot_field(index))
    for index, slot in enumerate(slots):
        for earlier in slots[:index]:
            if slot.starts_at < earlier.ends_at and earlier.starts_at < slot.ends_at:
                raise DomainError("This time overlaps another proposed time.", slot_field(index))
    return sorted((Slot(localtime(s.starts_at), localtime(s.ends_at)) for s in slots),
                  key=lambda s: s.starts_at)


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if (parts.scheme not in {"http", "https"} or not parts.netloc or " " in url
            or len(url) > 500):
        raise DomainError("Please enter a link starting with https://.", "online_url")


async def check_place(place: Place) -> Room | None:
    """The room, if any; one of a room or an online link is required."""
    if place.online_url:
        check_url(place.online_url)
    room = None
    if place.room_id is not None:
        room = await Room.get_or_none(id=place.room_id, is_active=True)
        if room is None:
            raise DomainError("Please choose a room from the list.", "room")
    if room is None and not place.online_url:
        raise DomainError("Please choose a room or give an online meeting link.", "room")
    return room


async def overlaps(
    slots: list[Slot], owners: list[Owner], room_id: int | None, exclude_id: int | None = None
) -> list[Overlap]:
    """Scheduled meetings of either party or in the room that any slot would run into."""
    involved = Q(room_id=room_id) if room_id else Q(id=0)
    for owner in owners:
        involved |= Q(party_a_kind=owner.kind, party_a_id=owner.id)
        involved |= Q(party_b_kind=owner.kind, party_b_id=owner.id)
    found: list[Overlap] = []
    names = await parties.parties(owners)
    room_name = ""
    if room_id:
        room_name = str(await Room.filter(id=room_id).first().values_list("name", flat=True))
    for index, slot in enumerate(slots):
        query = Introduction.filter(
            involved, status=IntroductionStatus.SCHEDULED,
            starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at,
        )
        if exclude_id:
            query = query.exclude(id=exclude_id)
        for meeting in await query:
            sides = {Owner(meeting.party_a_kind, meeting.party_a_id),
                     Owner(meeting.party_b_kind, meeting.party_b_id)}
            who = [names[o].name for o in owners if o in sides and o in names]
            if room_id and meeting.room_id == room_id:
                who.append(room_name)
            assert meeting.starts_at is not None
            found.append(Overlap(index + 1, "、".join(who), meeting.starts_at, meeting.id))
    return found


async def recent_count(owner: Owner) -> int:
    """Introductions (not cancelled or withdrawn) sent to the party in the last 30 days."""
    since = localtime() - LIMIT_WINDOW
    return await Introduction.filter(
        Q(party_a_kind=owner.kind, party_a_id=owner.id)
        | Q(party_b_kind=owner.kind, party_b_id=owner.id),
        created_at__gte=since,
    ).exclude(status__in=[IntroductionStatus.CANCELLED, IntroductionStatus.WITHDRAWN]).count()


async def recent_counts(owners: list[Owner]) -> list[tuple[str, int]]:
    """Each party's name and its introductions of the last 30 days (the proposal page shows
    them beside the limit)."""
    names = await parties.parties(owners)
    return [(names[o].name if o in names else o.key, await recent_count(o)) for o in owners]


async def over_limit(owners: list[Owner], per_month: int) -> list[tuple[str, int]]:
    """The parties that already have ``per_month`` introductions, with their counts."""
    return [(name, count) for name, count in await recent_counts(owners) if count >= per_month]
