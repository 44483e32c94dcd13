"""Sign-in throttling that holds under a burst, and cannot be turned into a lock-out of others.

Each try is written down *before* its password is checked, then the tries in the window are
counted: with N parallel requests, the k-th to be written sees at least k, so no more than the
limit ever reach the password check, however many arrive at once. The limits are per address
*and* client (someone guessing from one place pauses only there), per client (many addresses
from one place), and a much higher one per address alone (guessing from many places). Someone
paused can still get in by a password-reset mail, which signs them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.timezone import now

from kakehashi.accounts.models import LoginAttempt
from kakehashi.errors import DomainError

CLIENT_LIMIT_FACTOR = 10
"""A client address (one city hall behind one NAT) may fail this many times more than one
address from one place, so one person's typos do not lock out colleagues."""
ADDRESS_LIMIT_FACTOR = 20
"""Tries for one address from any number of places before it pauses everywhere."""


@dataclass(frozen=True)
class Tries:
    """The rows written for one try: kept as failures, or removed when the password was right."""

    ids: list[int]
    pair_key: str


def _keys(email: str, client: str, allowed: int) -> dict[str, int]:
    return {
        f"pair:{email}|{client}": allowed,
        f"client:{client}": allowed * CLIENT_LIMIT_FACTOR,
        f"email:{email}": allowed * ADDRESS_LIMIT_FACTOR,
    }


async def begin(email: str, client: str, *, allowed: int, window_seconds: int) -> Tries:
    """Write this try down, then refuse it if it is over any limit (counted with itself)."""
    keys = _keys(email, client, allowed)
    since = await _forget_old(window_seconds)
    rows = [await LoginAttempt.create(key=key) for key in keys]
    for key, limit in keys.items():
        if await _tries_since(key, since) > limit:
            raise DomainError(
                "Too many failed attempts. Please wait %(minutes)s minutes and try again, "
                "or set a new password with 'Forgot your password?'.",
                minutes=window_seconds // 60,
            )
    return Tries([row.id for row in rows], f"pair:{email}|{client}")


SIGN_UPS_PER_HOUR = 10
"""New groups one client address may register in an hour (each hashes a password)."""
RESETS_PER_HOUR = 20
"""Password-reset requests one client address may make in an hour (each may send a mail)."""


async def limit_per_client(action: str, client: str, *, allowed: int,
                           window_seconds: int = 3600) -> None:
    """Count this request for ``client`` before any work, and refuse it over ``allowed``: one
    place cannot flood the site with sign-ups or reset mails, however fast it sends them."""
    key = f"{action}:{client}"
    since = await _forget_old(window_seconds)
    await LoginAttempt.create(key=key)
    if await _tries_since(key, since) > allowed:
        raise DomainError("Too many requests from your network. Please wait %(minutes)s "
                          "minutes and try again.", minutes=window_seconds // 60)


async def succeeded(tries: Tries) -> None:
    """The right password: this try and this place's failures for the address are forgotten."""
    await LoginAttempt.filter(id__in=tries.ids).delete()
    await LoginAttempt.filter(key=tries.pair_key).delete()


KEPT_FOR = timedelta(hours=1)
"""Tries are kept this long, the longest window any limit counts over (one table for all)."""


async def _forget_old(window_seconds: int) -> datetime:
    """Drop tries no limit counts any more; the start of this limit's window."""
    moment = now()
    await LoginAttempt.filter(
        created_at__lt=moment - max(KEPT_FOR, timedelta(seconds=window_seconds))).delete()
    return moment - timedelta(seconds=window_seconds)


async def _tries_since(key: str, since: datetime) -> int:
    return await LoginAttempt.filter(key=key, created_at__gte=since).count()
