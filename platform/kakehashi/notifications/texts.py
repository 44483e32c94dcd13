"""What each event says, in the inbox and in mails, written in the recipient's language.

The texts are message ids of the notifications catalogue; :func:`render` fills them with the
event's parameters inside :func:`in_locale`, so one event reaches each user in their language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel import Locale
from babel.dates import format_datetime

from kakehashi import i18n
from kakehashi.i18n import gettext as _
from kakehashi.timezone import TOKYO

INTRODUCTION_EVENTS = frozenset({
    "introduction_requested", "introduction_proposed", "introduction_answered",
    "introduction_declined", "meeting_scheduled", "meeting_rescheduled", "meeting_cancelled",
    "outcome_recorded", "meeting_reminder",
})
ACCOUNT_EVENTS = frozenset({"password_reset", "email_verification"})
"""Sent to the address even when unsubscribed or unverified; never shown in the inbox."""
COLLABORATION_EVENTS = frozenset({
    "agreement_proposed", "agreement_agreed", "collaboration_active",
    "collaboration_completed", "check_in_added", "collaboration_published",
})
EVENTS = INTRODUCTION_EVENTS | ACCOUNT_EVENTS | COLLABORATION_EVENTS | {"digest"}
PROPOSAL_EVENTS = frozenset({
    "proposal_submitted", "proposal_routed", "proposal_answered", "sponsorship_submitted",
    "sponsorship_decided",
})
EVENTS = EVENTS | PROPOSAL_EVENTS


@dataclass(frozen=True)
class Text:
    title: str
    body: str


def _table() -> dict[str, Text]:
    # Called inside in_locale(): each gettext call below translates for the recipient.
    return {
        "introduction_requested": Text(
            _("Introduction requested: %(party_a)s and %(party_b)s"),
            _("%(party_a)s asked the collaboration office to be introduced to %(party_b)s."),
        ),
        "introduction_proposed": Text(
            _("Introduction: %(party_a)s and %(party_b)s"),
            _("The collaboration office introduces %(party_a)s and %(party_b)s and proposes "
              "times to meet: %(times)s. Please choose a time that suits you, or decline "
              "with a reason."),
        ),
        "introduction_answered": Text(
            _("Answer received: %(party_a)s and %(party_b)s"),
            _("A party answered the proposed times for the introduction of %(party_a)s and "
              "%(party_b)s."),
        ),
        "introduction_declined": Text(
            _("Introduction declined: %(party_a)s and %(party_b)s"),
            _("The introduction of %(party_a)s and %(party_b)s was declined. "
              "Reason: %(reason)s"),
        ),
        "meeting_scheduled": Text(
            _("Meeting scheduled: %(party_a)s and %(party_b)s"),
            _("%(party_a)s and %(party_b)s meet on %(when)s. Place: %(place)s. "
              "The calendar invitation is attached."),
        ),
        "meeting_rescheduled": Text(
            _("New times proposed: %(party_a)s and %(party_b)s"),
            _("The meeting of %(party_a)s and %(party_b)s on %(when)s no longer stands, and "
              "new times are proposed: %(times)s. Please choose a time that suits you again. "
              "The calendar entry is withdrawn until both sides accept a time."),
        ),
        "meeting_cancelled": Text(
            _("Meeting cancelled: %(party_a)s and %(party_b)s"),
            _("The meeting of %(party_a)s and %(party_b)s on %(when)s has been cancelled. "
              "Reason: %(reason)s"),
        ),
        "outcome_recorded": Text(
            _("Outcome recorded: %(party_a)s and %(party_b)s"),
            _("The collaboration office recorded the outcome of the meeting of %(party_a)s "
              "and %(party_b)s."),
        ),
        "meeting_reminder": Text(
            _("Reminder: meeting on %(when)s, %(party_a)s and %(party_b)s"),
            _("A reminder: %(party_a)s and %(party_b)s meet on %(when)s. Place: %(place)s."),
        ),
        "proposal_submitted": Text(
            _("New proposal: %(title)s"),
            _("%(group)s submitted the proposal “%(title)s”. Please send it to a department."),
        ),
        "proposal_routed": Text(
            _("Proposal sent to %(department)s: %(title)s"),
            _("The collaboration office sent the proposal “%(title)s” of %(group)s to "
              "%(department)s, which will answer it."),
        ),
        "proposal_answered": Text(
            _("Proposal answered: %(title)s"),
            _("%(department)s answered the proposal “%(title)s” of %(group)s. The answer and "
              "its reason are now public."),
        ),
        "sponsorship_submitted": Text(
            _("後援 application: %(event)s"),
            _("%(group)s applied for 後援 of “%(event)s”. Please check the seven grounds and "
              "decide."),
        ),
        "sponsorship_decided": Text(
            _("後援 decision: %(event)s"),
            _("The collaboration office decided on the 後援 application for “%(event)s”. "
              "Open it to see the decision and the grounds."),
        ),
        "agreement_proposed": Text(
            _("Agreement to approve: %(title)s"),
            _("Version %(number)s of the agreement for %(title)s is ready. Each party please "
              "read it and approve it, or write a new version."),
        ),
        "agreement_agreed": Text(
            _("Agreed: %(title)s"),
            _("Every party approved version %(number)s of the agreement for %(title)s. "
              "The work can start."),
        ),
        "collaboration_active": Text(
            _("Work started: %(title)s"),
            _("The work of %(title)s has started. Please share your progress as check-ins."),
        ),
        "collaboration_completed": Text(
            _("Work completed: %(title)s"),
            _("The work of %(title)s is completed. Each party please write its evaluation."),
        ),
        "check_in_added": Text(
            _("New check-in: %(title)s"),
            _("A party shared its progress on %(title)s."),
        ),
        "collaboration_published": Text(
            _("Published: %(title)s"),
            _("The collaboration office published %(title)s with the parties' evaluations."),
        ),
        "password_reset": Text(
            _("Reset your Kakehashi password"),
            _("Someone asked to reset the password of your Kakehashi account. To choose a new "
              "password, open the link below within one hour. If it was not you, you can "
              "ignore this mail: your password stays as it is."),
        ),
        "email_verification": Text(
            _("Confirm your e-mail address for Kakehashi"),
            _("Please confirm that this is your e-mail address by opening the link below. "
              "Until then, Kakehashi keeps your notifications in the inbox only."),
        ),
        "digest": Text(
            _("Kakehashi: your daily summary (%(count)s)"),
            _("Here is what came in since the last summary:"),
        ),
    }


class _Params(dict[str, Any]):
    """Missing parameters print as nothing rather than failing a whole notification."""

    def __missing__(self, key: str) -> str:
        return ""


@contextlib.contextmanager
def in_locale(locale: str) -> Iterator[None]:
    token = i18n.current_locale.set(i18n.choose_locale(locale))
    try:
        yield
    finally:
        i18n.current_locale.reset(token)


def format_when(value: str | datetime | None) -> str:
    """A meeting time in Tokyo time, as people of the current locale write it."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TOKYO)
    locale = Locale.parse(i18n.current_locale.get())
    pattern = "y年M月d日(E) H:mm" if locale.language == "ja" else "EEE d MMM y, H:mm"
    return format_datetime(moment, pattern, tzinfo=TOKYO, locale=locale)


def format_span(start: str | datetime, end: str | datetime) -> str:
    """A proposed time, e.g. 2026年12月1日(火) 10:00–11:00 (the end's date only when it differs)."""
    first, last = format_when(start), format_when(end)
    if not first or not last:
        return first
    if first.rsplit(" ", 1)[0] == last.rsplit(" ", 1)[0]:
        return f"{first}–{last.rsplit(' ', 1)[1]}"
    return f"{first} – {last}"


def render(event: str, params: Mapping[str, Any]) -> Text:
    """The title and body of ``event`` in the current locale (call inside :func:`in_locale`)."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event: {event!r}")
    values = _Params({k: ("" if v is None else v) for k, v in params.items()})
    values["when"] = format_when(params.get("starts_at"))
    if not values.get("place"):
        values["place"] = _("to be announced")
    if not values.get("reason"):
        values["reason"] = _("(none given)")
    values["times"] = " / ".join(format_span(*pair) for pair in params.get("slots") or [])
    text = _table()[event]
    if not values["when"] and event in _UNSCHEDULED:
        text = _unscheduled()[event]
    return Text(text.title % values, text.body % values)


_UNSCHEDULED = frozenset({"meeting_rescheduled", "meeting_cancelled"})
"""Events whose text names the meeting's time: before a time was agreed they read otherwise."""


def _unscheduled() -> dict[str, Text]:
    return {
        "meeting_rescheduled": Text(
            _("New times proposed: %(party_a)s and %(party_b)s"),
            _("New times are proposed for the introduction of %(party_a)s and %(party_b)s: "
              "%(times)s. Please choose a time that suits you again."),
        ),
        "meeting_cancelled": Text(
            _("Introduction cancelled: %(party_a)s and %(party_b)s"),
            _("The introduction of %(party_a)s and %(party_b)s has been cancelled. "
              "Reason: %(reason)s"),
        ),
    }


def mail_body(
    *, name: str, body: str, link_label: str, url: str, unsubscribe: str | None,
    settings_url: str,
) -> str:
    """The plain-text mail: greeting, message, the absolute link, and the footer."""
    lines = [_("Dear %(name)s,", name=name), "", body, "", f"{link_label}:", url, "", "-- "]
    lines.append(_("Kakehashi, the city's collaboration office"))
    lines.append(_("Mail settings (immediate mails or a daily summary, language): %(url)s",
                   url=settings_url))
    if unsubscribe:
        lines.append(_("Stop notification mails: %(url)s", url=unsubscribe))
    return "\n".join(lines) + "\n"
