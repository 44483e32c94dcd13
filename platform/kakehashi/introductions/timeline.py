"""The words of an introduction's dates and timeline, shared by its pages and lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kakehashi.i18n import format_date
from kakehashi.i18n import gettext as _
from kakehashi.timezone import TOKYO


def when(value: datetime | None, end: datetime | None = None) -> str:
    """A meeting time in Tokyo: 2026/12/01 10:00–11:30 (2026/12/01 23:30–2026/12/02 00:30
    when it ends on another day)."""
    if value is None:
        return ""
    local = value.astimezone(TOKYO)
    text = f"{format_date(local)} {local:%H:%M}"
    if end is not None:
        local_end = end.astimezone(TOKYO)
        if local_end.date() != local.date():
            text += f"–{format_date(local_end)} {local_end:%H:%M}"
        else:
            text += f"–{local_end:%H:%M}"
    return text


def outcome_labels() -> dict[str, str]:
    return {"collaborate": _("Collaborate"), "later": _("Maybe later"),
            "no": _("Not this time")}


def event_text(kind: str, data: dict[str, Any]) -> str:
    """One line of the timeline, in the reader's language."""
    def span(pair: Any) -> str:
        if not pair:
            return ""
        return when(datetime.fromisoformat(pair[0]), datetime.fromisoformat(pair[1]))

    if kind == "proposed":
        return _("Proposed the meeting: %(times)s",
                 times=" / ".join(span(s) for s in data.get("slots", [])))
    if kind == "limit_overridden":
        return _("Sent beyond the monthly limit of %(limit)s for %(parties)s",
                 limit=data.get("limit", ""), parties="、".join(data.get("parties", [])))
    if kind == "accepted":  # one slot picked, before availability was asked for
        return _("Accepted %(time)s", time=span(data.get("slot")))
    if kind == "availability":
        times = " / ".join(span(s) for s in data.get("slots", [])) or _("none")
        text = _("Can attend: %(times)s", times=times)
        if data.get("comment"):
            text += " " + _("Comment: %(comment)s", comment=data["comment"])
        return text
    if kind == "no_match":
        return _("No time suits both parties: new times are needed")
    if kind == "declined":
        return _("Declined: %(reason)s", reason=data.get("reason", ""))
    if kind == "withdrawn":
        return _("Withdrew: %(reason)s", reason=data.get("reason", ""))
    if kind == "scheduled":
        if data.get("by_coordinator"):
            return _("Confirmed the meeting for %(time)s", time=span(data.get("slot")))
        return _("Meeting scheduled for %(time)s", time=span(data.get("slot")))
    if kind == "rescheduled":
        return _("Proposed new times: %(times)s",
                 times=" / ".join(span(s) for s in data.get("slots", [])))
    if kind == "cancelled":
        return _("Cancelled: %(reason)s", reason=data.get("reason", ""))
    if kind == "outcome":
        return _("Recorded the outcome: %(outcome)s",
                 outcome=outcome_labels().get(str(data.get("outcome")), ""))
    return kind
