"""The city's one time zone: the database, pages, mails, calendars and the demo all read the
clock in it, so a meeting at 10:00 is 10:00 everywhere."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TIMEZONE = "Asia/Tokyo"
"""Its name, as Tortoise's configuration and iCalendar's TZID spell it."""
TOKYO = ZoneInfo(TIMEZONE)


def today() -> date:
    """Today in the city, whatever the server's own clock zone: at 01:00 in Tokyo the date
    has already turned, while a UTC server's ``date.today()`` has not."""
    return datetime.now(TOKYO).date()
