"""Mail words live in ``templates/mail/<event>/``; this renders them in the recipient's language.

``subject.txt`` is the mail's subject and the inbox title; ``body.txt`` extends
``mail/_layout.txt`` (greeting, link, footer) and its ``message`` block is also the inbox text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment

from kakehashi import i18n
from kakehashi.accounts.models import User
from kakehashi.http.templating import build_environment
from kakehashi.http.urls import path_for
from kakehashi.i18n import format_when
from kakehashi.notifications import outbox
from kakehashi.settings import Settings

INTRODUCTION_EVENTS = frozenset({
    "introduction_requested", "introduction_proposed", "introduction_answered",
    "introduction_declined", "meeting_scheduled", "meeting_rescheduled", "meeting_cancelled",
    "outcome_recorded", "meeting_reminder",
    "introduction_no_match", "introduction_withdrawn", "introduction_request_withdrawn",
    "introduction_request_dismissed",
})
ACCOUNT_EVENTS = frozenset({
    "password_reset", "email_verification", "invitation", "staff_invitation", "account_exists",
})
"""Sent to the address even when unsubscribed or unverified; never shown in the inbox."""
COLLABORATION_EVENTS = frozenset({
    "agreement_proposed", "agreement_agreed", "collaboration_active",
    "collaboration_completed", "check_in_added", "collaboration_published",
})
PROPOSAL_EVENTS = frozenset({
    "proposal_submitted", "proposal_routed", "proposal_consulted", "proposal_answered",
    "sponsorship_submitted", "sponsorship_opinion_requested", "sponsorship_opinion_given",
    "sponsorship_decided",
})
DESK_EVENTS = frozenset({"desk_reminder"})
"""The daily reminder of overdue items (kakehashi remind): one per person per run."""
EVENTS = (
    INTRODUCTION_EVENTS | ACCOUNT_EVENTS | COLLABORATION_EVENTS | PROPOSAL_EVENTS | DESK_EVENTS
    | {"digest"}
)

PARAMETERS = (
    "party_a", "party_b", "place", "reason", "title", "group", "department", "event", "number",
    "count", "held_on",
)
"""Names the templates may use: one a caller leaves out prints as nothing (rather than failing
a whole notification); any other unknown name is an error."""


@dataclass(frozen=True)
class Mail:
    subject: str
    """One line; also the inbox title."""
    message: str
    """The event's own words: the inbox text, and the middle of the mail."""
    body: str
    """The whole plain-text mail: greeting, message, link and footer."""


@lru_cache(maxsize=8)
def environment(settings: Settings) -> Environment:
    """The pages' environment (same catalogue, filters, strict undefined) without escaping:
    mail is plain text, and ``&`` in a group's name must arrive as ``&``."""
    env = build_environment(settings)
    env.autoescape = False
    return env


def format_span(start: str | datetime, end: str | datetime) -> str:
    """A proposed time, e.g. 2026年12月1日(火) 10:00–11:00 (the end's date only when it differs)."""
    first, last = format_when(start), format_when(end)
    if not first or not last:
        return first
    if first.rsplit(" ", 1)[0] == last.rsplit(" ", 1)[0]:
        return f"{first}–{last.rsplit(' ', 1)[1]}"
    return f"{first} – {last}"


def one_line(text: str) -> str:
    """A subject never folds into a second header line, whatever a name contains."""
    return re.sub(r"\s*\n\s*", " ", text.strip())


def _values(params: Mapping[str, Any]) -> dict[str, Any]:
    """The event's parameters as the templates read them (call inside ``i18n.in_locale``)."""
    values: dict[str, Any] = dict.fromkeys(PARAMETERS, "")
    values.update({k: ("" if v is None else v) for k, v in params.items()})
    values["when"] = format_when(params.get("starts_at"))
    if params.get("held_on"):
        values["held_on"] = i18n.format_date(date.fromisoformat(str(params["held_on"])), "long")
    values["times"] = " / ".join(format_span(*pair) for pair in params.get("slots") or [])
    return values


def render(event: str, params: Mapping[str, Any], user: User, link: str) -> Mail:
    """``event``'s subject, message and mail for ``user``, in the user's language.

    ``params`` are plain values (names, dates as ISO strings); ``link`` is a site path such as
    ``/introductions/3``. Unknown events raise ``ValueError``.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown notification event: {event!r}")
    env = environment(outbox.site_settings())
    with i18n.in_locale(user.locale):
        values = _values(params)
        values.update(
            name=user.display_name, url=outbox.absolute_url(link),
            unsubscribe=outbox.unsubscribe_url(user.id) if user.id else "",
            settings_url=outbox.absolute_url(path_for("mail_settings")),
        )
        subject = env.get_template(f"mail/{event}/subject.txt").render(values)
        body = env.get_template(f"mail/{event}/body.txt")
        message = "".join(body.blocks["message"](body.new_context(values)))
        return Mail(one_line(subject), message.strip(), body.render(values).rstrip() + "\n")
