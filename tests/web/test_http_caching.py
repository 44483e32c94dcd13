"""Conditional GETs and who may keep a copy (issue 19): a public page carries an ETag and is
answered 304 when unchanged; a visitor without cookies gets a page a proxy may keep for a
minute; a page with a form, or for someone signed in, is never shared."""

from __future__ import annotations

import httpx
from factories.accounts import PASSWORD
from factories.introductions import world
from support import post_form

from kakehashi.directory.models.needs import Need


async def test_an_unchanged_public_page_is_answered_304_without_a_body(
    client: httpx.AsyncClient,
) -> None:
    place = await world()
    first = await client.get(f"/groups/{place.group.id}")
    assert first.status_code == 200 and first.headers["etag"]
    again = await client.get(f"/groups/{place.group.id}",
                             headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-security-policy"]  # the security headers stay


async def test_a_changed_page_is_sent_again_in_full(client: httpx.AsyncClient) -> None:
    place = await world()
    await Need.create(title="見守りの協力者募集", description="毎週の声かけ",
                      organisation=place.group, status="open")
    before = await client.get("/needs")
    await Need.create(title="防災訓練の協力者募集", description="避難所の設営",
                      organisation=place.group, status="open")
    after = await client.get("/needs", headers={"if-none-match": before.headers["etag"]})
    assert after.status_code == 200
    assert "防災訓練の協力者募集" in after.text
    assert after.headers["etag"] != before.headers["etag"]


async def test_a_cookieless_visitors_page_may_be_kept_by_a_proxy(
    client: httpx.AsyncClient,
) -> None:
    await world()
    client.cookies.clear()
    response = await client.get("/needs")
    assert response.headers["cache-control"] == "public, max-age=0, s-maxage=60"
    assert "set-cookie" not in response.headers
    assert "csrftoken" not in response.text  # nothing in it belongs to one visitor


async def test_a_page_with_a_form_is_kept_by_the_browser_only(client: httpx.AsyncClient) -> None:
    client.cookies.clear()
    response = await client.get("/login")
    assert response.headers["cache-control"] == "private, no-cache"
    assert "set-cookie" in response.headers


async def test_signed_in_pages_get_no_etag_and_are_never_stored(
    client: httpx.AsyncClient,
) -> None:
    await world()
    signed_in = await post_form(client, "/login", "/login",
                                {"email": "member@example.jp", "password": PASSWORD})
    assert signed_in.status_code == 303
    response = await client.get("/needs")
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers
    repeated = await client.get("/needs", headers={"if-none-match": "*"})
    assert repeated.status_code == 200 and repeated.content


async def test_the_language_switch_needs_no_token_and_is_remembered(
    client: httpx.AsyncClient,
) -> None:
    client.cookies.clear()
    switched = await client.post("/language", data={"lang": "en", "next": "/needs"})
    assert switched.status_code == 303
    page = await client.get("/needs")
    assert 'lang="en"' in page.text
    assert page.headers["cache-control"] == "private, no-cache"  # this visitor's own choice
