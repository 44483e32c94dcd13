"""Notifications: one call writes the inbox entries and the outbox mails of an event.

Call :func:`notify` inside the transaction of the change it reports, so a change and its
messages are stored together or not at all; the worker sends the mails later.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


async def notify(
    user_ids: Iterable[int],
    event: str,
    params: dict[str, Any],
    link: str,
    *,
    meeting: int | None = None,
    calendar_method: str = "REQUEST",
) -> None:
    """Tell each user about ``event`` (in the user's language), in the inbox and by mail.

    ``params`` fill the event's texts (plain values: names, dates as ISO strings); ``link`` is
    a site path such as ``/introductions/3``; ``meeting`` is an introduction id whose meeting
    goes with the mail as an iCalendar invitation (``calendar_method`` REQUEST or CANCEL).
    Not yet implemented: issue 5's notifications work fills it in.
    """
    return None
