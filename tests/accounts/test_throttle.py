"""Sign-in throttling holds under a burst and cannot lock out someone else (issue 18, 1)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from factories.accounts import PASSWORD, user
from support import post_form

from kakehashi.accounts import passwords, throttle
from kakehashi.accounts import rules as accounts
from kakehashi.accounts.models import Role, User
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


async def test_one_place_cannot_flood_sign_ups(client: httpx.AsyncClient) -> None:
    """Each sign-up hashes a password and writes a group: ten an hour from one address."""
    for i in range(throttle.SIGN_UPS_PER_HOUR):
        response = await post_form(client, "/signup", "/signup", {
            "group_name": f"会{i}", "kind": "citizen_group", "display_name": "名前",
            "email": f"person{i}@example.jp", "password": PASSWORD,
        })
        assert response.status_code == 303
        client.cookies.clear()
    refused = await post_form(client, "/signup", "/signup", {
        "group_name": "もう一つの会", "kind": "citizen_group", "display_name": "名前",
        "email": "one-more@example.jp", "password": PASSWORD,
    })
    assert refused.status_code == 400
    assert "送信が続いたため" in refused.text
    assert not await User.exists(email="one-more@example.jp")


async def test_one_place_cannot_flood_reset_mails(client: httpx.AsyncClient) -> None:
    for i in range(throttle.RESETS_PER_HOUR):
        sent = await post_form(client, "/password/forgot", "/password/forgot",
                               {"email": f"nobody{i}@example.jp"})
        assert sent.status_code == 200
    refused = await post_form(client, "/password/forgot", "/password/forgot",
                              {"email": "one-more@example.jp"})
    assert refused.status_code == 400
    assert "送信が続いたため" in refused.text
