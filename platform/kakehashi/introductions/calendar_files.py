"""iCalendar files: one meeting's invitation or cancellation, and a user's subscribed feed.

The UID stays the same for an introduction's whole life and SEQUENCE is the introduction's
``sequence``, so calendar programs update (or cancel) the event they already hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

import icalendar

from kakehashi.accounts.permissions import Owner
from kakehashi.directory.parties import Party, parties
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions.models import Introduction, IntroductionStatus
from kakehashi.notifications import outbox
from kakehashi.timezone import TIMEZONE, TOKYO

PRODID = "-//Kakehashi//Collaboration office//JA"
DEFAULT_LENGTH = timedelta(hours=1)


def meeting_uid(introduction_id: int) -> str:
    return f"introduction-{introduction_id}@{outbox.site_host()}"


def _owners(intro: Introduction) -> tuple[Owner, Owner]:
    return Owner(intro.party_a_kind, intro.party_a_id), Owner(intro.party_b_kind, intro.party_b_id)


def _place(intro: Introduction) -> str:
    room = intro.room if intro.room_id else None
    if room is not None:
        return f"{room.name} ({room.location})" if room.location else room.name
    return intro.online_url


def _organizer() -> icalendar.vCalAddress:
    """The collaboration office, as the sender of invitations (Outlook wants one)."""
    name, address = parseaddr(outbox.site_settings().mail_from)
    organizer = icalendar.vCalAddress(f"mailto:{address or 'noreply@' + outbox.site_host()}")
    if name:
        organizer.params["CN"] = name
    return organizer


def _event(
    intro: Introduction, names: dict[Owner, Party], stamp: datetime, *, cancelled: bool = False
) -> icalendar.Event:
    a, b = _owners(intro)
    name_a = names[a].name if a in names else "?"
    name_b = names[b].name if b in names else "?"
    assert intro.starts_at is not None
    starts = intro.starts_at.astimezone(TOKYO)
    ends = (intro.ends_at or intro.starts_at + DEFAULT_LENGTH).astimezone(TOKYO)
    link = outbox.absolute_url(path_for("introduction", id=intro.id))
    event = icalendar.Event()
    event.add("uid", meeting_uid(intro.id))
    event.add("sequence", intro.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", _("Introduction: %(a)s × %(b)s", a=name_a, b=name_b))
    place = _place(intro)
    if place:
        event.add("location", place)
    if intro.online_url:
        event.add("url", intro.online_url)
    description = [intro.agenda.strip()] if intro.agenda.strip() else []
    description.append(link)
    event.add("description", "\n\n".join(description))
    event.add("organizer", _organizer())
    cancelled = cancelled or intro.status in (IntroductionStatus.CANCELLED,
                                             IntroductionStatus.WITHDRAWN)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(method: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


async def _load(introductions: Iterable[Introduction]) -> dict[Owner, Party]:
    owners: list[Owner] = []
    for intro in introductions:
        owners.extend(_owners(intro))
    return await parties(owners)


async def invitation(introduction_id: int, method: str = "REQUEST") -> str:
    """The meeting as an iCalendar text (METHOD REQUEST, or CANCEL when it was called off).

    Empty when the introduction has no meeting time yet.
    """
    if method not in ("REQUEST", "CANCEL", "PUBLISH"):
        raise ValueError(f"unsupported iCalendar method {method!r}")
    intro = await Introduction.get_or_none(id=introduction_id).prefetch_related("room")
    if intro is None or intro.starts_at is None:
        return ""
    calendar = _calendar(method)
    calendar.add_component(
        _event(intro, await _load([intro]), datetime.now(UTC), cancelled=method == "CANCEL")
    )
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


async def feed(introductions: list[Introduction], calendar_name: str) -> str:
    """A subscribed calendar (METHOD PUBLISH) of meetings; cancelled ones stay, marked so."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    names = await _load(introductions)
    stamp = datetime.now(UTC)
    for intro in introductions:
        if intro.starts_at is not None:
            calendar.add_component(_event(intro, names, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
