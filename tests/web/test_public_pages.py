"""Public pages a worker keeps (issue 19): a visitor without cookies is answered from the
worker's copy until a write that may have changed it goes through the site (on PostgreSQL,
through any worker: ``test_narrow_saves.py``) or, for changes made outside it, until the copy
expires; anyone with a cookie (signed in, or holding a form's token) always gets the page as it
is now."""

from __future__ import annotations

import asyncio
import dataclasses

import httpx
import pytest
from factories.accounts import PASSWORD
from factories.introductions import world
from support import post_form, sign_in

from kakehashi.directory.models.needs import Need
from kakehashi.http import page_changes
from kakehashi.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, public_page_seconds=1)


async def _two_needs_apart(client: httpx.AsyncClient) -> tuple[httpx.Response, object]:
    """A visitor's /needs, then a second call saved behind the worker's back."""
    place = await world()
    await Need.create(title="見守りの協力者募集", description="毎週の声かけ",
                      organisation=place.group, status="open")
    client.cookies.clear()
    first = await client.get("/needs")
    await Need.create(title="防災訓練の協力者募集", description="避難所の設営",
                      organisation=place.group, status="open")
    return first, place


async def test_a_visitor_without_cookies_gets_the_kept_page_until_it_expires(
    client: httpx.AsyncClient,
) -> None:
    first, _ = await _two_needs_apart(client)
    kept = await client.get("/needs")
    assert kept.status_code == 200
    assert "見守りの協力者募集" in kept.text and "防災訓練の協力者募集" not in kept.text
    assert kept.headers["etag"] == first.headers["etag"]
    assert kept.headers["cache-control"] == "public, max-age=0, s-maxage=60"
    assert kept.headers["content-security-policy"]
    assert kept.headers["age"] == "0" and "age" not in first.headers
    await asyncio.sleep(1.1)
    fresh = await client.get("/needs")
    assert "防災訓練の協力者募集" in fresh.text and "age" not in fresh.headers
    assert fresh.headers["etag"] != first.headers["etag"]


async def test_a_kept_page_is_answered_304_when_the_visitor_holds_it(
    client: httpx.AsyncClient,
) -> None:
    first, _ = await _two_needs_apart(client)
    again = await client.get("/needs", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["x-frame-options"] == "DENY"


async def test_a_signed_in_user_sees_their_edit_at_once(client: httpx.AsyncClient) -> None:
    await _two_needs_apart(client)
    signed_in = await post_form(client, "/login", "/login",
                                {"email": "member@example.jp", "password": PASSWORD})
    assert signed_in.status_code == 303
    response = await client.get("/needs")
    assert "防災訓練の協力者募集" in response.text
    assert response.headers["cache-control"] == "no-store"


async def test_any_cookie_passes_the_kept_page_by(client: httpx.AsyncClient) -> None:
    await _two_needs_apart(client)
    response = await client.get("/needs", headers={"cookie": "seen=1"})
    assert "防災訓練の協力者募集" in response.text
    assert response.headers["cache-control"] == "private, no-cache"


async def test_each_address_and_language_is_kept_apart(client: httpx.AsyncClient) -> None:
    await _two_needs_apart(client)
    english = await client.get("/needs?lang=en")
    assert '<html lang="en"' in english.text
    assert "防災訓練の協力者募集" in english.text  # a new address: built now, not the kept one
    japanese = await client.get("/needs")
    assert '<html lang="ja"' in japanese.text and "防災訓練の協力者募集" not in japanese.text


async def test_a_page_that_sets_a_cookie_is_never_kept(client: httpx.AsyncClient) -> None:
    client.cookies.clear()
    first = await client.get("/login")
    client.cookies.clear()
    second = await client.get("/login")
    assert "set-cookie" in first.headers and "set-cookie" in second.headers
    assert first.headers["etag"] != second.headers["etag"]  # each visitor's own form token


async def test_a_write_through_the_site_shows_to_visitors_at_once(
    client: httpx.AsyncClient,
) -> None:
    place = await world()
    need = await Need.create(title="見守りの協力者募集", description="毎週の声かけ",
                             organisation=place.group, status="open")
    visitor = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    await sign_in(client, "member@example.jp")
    kept = await visitor.get(f"/needs/{need.id}")
    assert "age" in (await visitor.get(f"/needs/{need.id}")).headers  # kept from here on
    closed = await post_form(client, f"/needs/{need.id}/edit", f"/needs/{need.id}/status",
                             {"action": "close", "close_reason": "filled"})
    assert closed.status_code == 303
    now = await visitor.get(f"/needs/{need.id}")
    assert "age" not in now.headers and now.headers["etag"] != kept.headers["etag"]
    assert "相手が見つかった" in now.text or "終了" in now.text


def test_several_sqlite_workers_keep_no_pages_while_postgresql_ones_do() -> None:
    sqlite, postgres = "sqlite:///tmp/city.sqlite3", "postgres://city@127.0.0.1:5432/city"
    assert page_changes.workers_can_hear_each_other(sqlite, 1)
    assert not page_changes.workers_can_hear_each_other(sqlite, 2)
    assert page_changes.workers_can_hear_each_other(postgres, 4)
