"""Private answers are never cached (issue 18, finding 9): pages of a signed-in user, and pages
reached by a secret link; public pages for visitors stay cacheable."""

from __future__ import annotations

import httpx
from factories.accounts import PASSWORD
from factories.introductions import world
from support import post_form

from kakehashi.introductions import calendar_feed


async def test_a_signed_in_users_pages_are_not_stored(client: httpx.AsyncClient) -> None:
    await world()
    signed_in = await post_form(client, "/login", "/login",
                                {"email": "member@example.jp", "password": PASSWORD})
    assert signed_in.status_code == 303
    for path in ("/me", "/inbox", "/", "/needs"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store", path


async def test_a_visitors_public_pages_are_not_marked_private(client: httpx.AsyncClient) -> None:
    response = await client.get("/needs")
    assert "no-store" not in response.headers.get("cache-control", "")


async def test_secret_link_pages_are_not_stored(client: httpx.AsyncClient) -> None:
    place = await world()
    token = await calendar_feed.create_feed(place.member.id)
    for path in ("/password/reset/not-a-token", "/unsubscribe/not-a-token",
                 f"/calendar/{token}.ics"):
        response = await client.get(path)
        assert response.headers.get("cache-control") == "no-store", path
