"""The office's own deadlines: after how many days a waiting thing belongs on the desk.

One row, edited by a coordinator on the desk; every desk row, My page and the reminder run
read them from :func:`current`, so a changed number takes effect everywhere at once."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.desk.models import DeskSettings
from kakehashi.errors import DomainError, Forbidden

MAX_DAYS = 365
"""A year: anything longer would keep an overdue thing off the desk for good."""


@dataclass(frozen=True)
class Deadlines:
    unanswered_days: int = 7
    """A request to be introduced is on the desk after this many days without an answer."""
    outcome_days: int = 3
    """Days after a meeting started before its missing outcome is on the desk."""
    party_days: int = 14
    """Days an agreement (or a completed collaboration's evaluation) may wait for a party."""
    deadline_warning_days: int = 7
    """Days before an answer deadline from which it is on the desk."""


FIELDS = tuple(asdict(Deadlines()))


async def current() -> Deadlines:
    """The stored deadlines, or the defaults before a coordinator changed any."""
    row = await DeskSettings.filter(id=1).first().values(*FIELDS)
    return Deadlines(**row) if row else Deadlines()


def check(deadlines: Deadlines) -> None:
    """Whole days from 1 to a year; the message goes to the field that is wrong."""
    for name in FIELDS:
        value = getattr(deadlines, name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
            raise DomainError("Please enter a number of days from 1 to 365.", name)


async def update(user: CurrentUser, deadlines: Deadlines) -> None:
    """A coordinator changes the office's deadlines (the one row, created on first save)."""
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")
    check(deadlines)
    values = asdict(deadlines)
    try:
        async with in_transaction():
            if not await DeskSettings.filter(id=1).update(**values):
                await DeskSettings.create(id=1, **values)
    except IntegrityError:  # two first saves at once: the other created the row, so update it
        await DeskSettings.filter(id=1).update(**values)
