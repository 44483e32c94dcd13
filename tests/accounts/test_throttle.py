"""Sign-in throttling holds under a burst and cannot lock out someone else (issue 18, 1)."""

from __future__ import annotations

import asyncio

import pytest
from factories.accounts import PASSWORD, user

from kakehashi.accounts import passwords
from kakehashi.accounts import rules as accounts
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError

ALLOWED = 5
WINDOW = 900


async def _try(email: str, password: str, client: str, allowed: int = ALLOWED) -> bool:
    try:
        await accounts.authenticate(email, password, client, attempts_allowed=allowed,
                                    window_seconds=WINDOW)
    except DomainError:
        return False
    return True


async def test_a_parallel_burst_reaches_the_password_check_no_more_than_the_limit(
    monkeypatch: pytest.MonkeyPatch, db: str,
) -> None:
    await user("target@example.jp", Role.COORDINATOR)
    checked = 0
    real_verify = passwords.verify

    async def counting_verify(password_hash: str, password: str) -> bool:
        nonlocal checked
        checked += 1
        return await real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify", counting_verify)
    guesses = [f"wrong guess {i}" for i in range(59)] + [PASSWORD]
    results = await asyncio.gather(*(_try("target@example.jp", g, "203.0.113.9")
                                     for g in guesses))
    assert checked <= ALLOWED
    assert sum(results) <= 1


async def test_failures_from_one_place_do_not_lock_the_owner_out_elsewhere(db: str) -> None:
    await user("target@example.jp", Role.COORDINATOR)
    for i in range(ALLOWED * 2):
        assert not await _try("target@example.jp", f"guess {i}", "198.51.100.7")
    assert not await _try("target@example.jp", PASSWORD, "198.51.100.7")  # paused there
    assert await _try("target@example.jp", PASSWORD, "192.0.2.44")  # the owner's own place


async def test_guessing_from_many_places_pauses_the_address_everywhere(db: str) -> None:
    await user("target@example.jp", Role.COORDINATOR)
    allowed = 1  # per address alone: 20 tries from anywhere
    for i in range(20):
        await _try("target@example.jp", f"guess {i}", f"10.0.0.{i}", allowed)
    assert not await _try("target@example.jp", PASSWORD, "192.0.2.44", allowed)
