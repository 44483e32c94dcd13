"""Sessions end on the server (issue 18, finding 3): a cookie copied before signing out, before
a new password, or before "sign out everywhere" opens nothing afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from factories.accounts import PASSWORD
from factories.introductions import World, world
from support import csrf_token, post_form

from kakehashi.accounts import mail_links, sessions
from kakehashi.accounts.models import User, UserSession
from kakehashi.errors import InvalidLink
from kakehashi.notifications import outbox


@asynccontextmanager
async def browser(client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """Another browser on the same site, with cookies of its own."""
    async with httpx.AsyncClient(transport=client._transport,  # type: ignore[attr-defined]
                                 base_url=str(client.base_url)) as other:
        yield other


async def _sign_in(client: httpx.AsyncClient, email: str = "member@example.jp") -> None:
    response = await post_form(client, "/login", "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 303


async def _opens_my_page(client: httpx.AsyncClient) -> bool:
    return (await client.get("/me")).status_code == 200


async def _copy(client: httpx.AsyncClient, into: httpx.AsyncClient) -> None:
    for name, value in client.cookies.items():
        into.cookies.set(name, value)


async def test_a_cookie_kept_from_before_signing_out_opens_nothing(
    client: httpx.AsyncClient,
) -> None:
    await world()
    await _sign_in(client)
    async with browser(client) as thief:
        await _copy(client, thief)
        assert await _opens_my_page(thief)
        token = await csrf_token(client, "/me")
        assert (await client.post("/logout", data={"csrftoken": token})).status_code == 303
        assert not await _opens_my_page(thief)
    assert not await _opens_my_page(client)


async def test_a_new_password_ends_every_session(client: httpx.AsyncClient) -> None:
    place = await world()
    await _sign_in(client)
    async with browser(client) as other:
        await _copy(client, other)
        user = await User.get(id=place.member.id)
        token = await _reset_token(user)
        await mail_links.reset_password(token, "a brand new passphrase")
        assert not await _opens_my_page(client)
        assert not await _opens_my_page(other)
    assert await UserSession.filter(user_id=place.member.id).count() == 0


async def _reset_token(user: User) -> str:
    """The token the reset mail would carry."""
    return outbox.timed_serializer("password-reset").dumps(
        {"u": user.id, "h": mail_links._fingerprint(user.password_hash)})


async def test_signing_out_everywhere_ends_the_other_browsers(
    client: httpx.AsyncClient,
) -> None:
    await world()
    async with browser(client) as phone:
        await _sign_in(phone)
        await _sign_in(client)
        token = await csrf_token(client, "/me")
        response = await client.post("/me/sessions/end", data={"csrftoken": token})
        assert response.status_code == 303
        assert not await _opens_my_page(phone)
        assert not await _opens_my_page(client)


async def test_the_coordinator_signs_a_person_out_everywhere(client: httpx.AsyncClient) -> None:
    place: World = await world()
    async with browser(client) as members_browser:
        await _sign_in(members_browser)
        await _sign_in(client, "coord@example.jp")
        token = await csrf_token(client, "/me")
        response = await client.post(f"/coordinator/users/{place.member.id}/sessions/end",
                                     data={"csrftoken": token})
        assert response.status_code == 303
        assert not await _opens_my_page(members_browser)
        assert await _opens_my_page(client)  # the coordinator's own session goes on


async def test_a_reset_link_used_twice_at_once_works_once(client: httpx.AsyncClient) -> None:
    place = await world()
    token = await _reset_token(await User.get(id=place.member.id))
    results = await asyncio.gather(
        mail_links.reset_password(token, "first new passphrase"),
        mail_links.reset_password(token, "second new passphrase"),
        return_exceptions=True,
    )
    assert sum(isinstance(r, User) for r in results) == 1
    assert sum(isinstance(r, InvalidLink) for r in results) == 1


async def test_an_expired_session_signs_nobody_in(client: httpx.AsyncClient) -> None:
    await world()
    await _sign_in(client)
    await UserSession.all().update(last_seen_at=sessions.now() - sessions.LIFETIME * 2)
    assert not await _opens_my_page(client)
    assert await UserSession.all().count() == 0


@pytest.mark.parametrize("cookie_user", [None, "not-a-number"])
async def test_a_session_without_a_record_is_nobodys(cookie_user: object) -> None:
    assert await sessions.signed_in_user({"user_id": cookie_user, "session": "x"}) is None
