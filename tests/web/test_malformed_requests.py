"""Malformed bodies get a 400 in the visitor's language, never a 500; and every error page,
500 included, carries the security headers (issue 18, finding 7)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from factories.accounts import PASSWORD
from factories.introductions import world
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from support import csrf_token, post_form

from kakehashi.app import create_app
from kakehashi.settings import Settings


async def _token(client: httpx.AsyncClient) -> str:
    return await csrf_token(client, "/login")


async def test_a_form_body_with_invalid_utf8_is_refused_with_400(
    client: httpx.AsyncClient,
) -> None:
    token = await _token(client)
    response = await client.post(
        "/login", content=b"email=\xff\xfe%ff&password=x&csrftoken=" + token.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert "読み取れませんでした" in response.text


async def test_a_multipart_body_without_a_boundary_is_refused_with_400(
    client: httpx.AsyncClient,
) -> None:
    await _token(client)
    response = await client.post("/login", content=b"--x\r\n\r\n",
                                 headers={"content-type": "multipart/form-data"})
    assert response.status_code == 400


async def test_deeply_nested_json_is_refused_with_400(client: httpx.AsyncClient) -> None:
    await world()
    signed_in = await post_form(client, "/login", "/login",
                                {"email": "staff@example.jp", "password": PASSWORD})
    assert signed_in.status_code == 303
    body = b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = await client.post("/api/v1/needs", content=body, headers={
        "content-type": "application/json", "x-csrftoken": client.cookies["csrftoken"]})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


async def test_a_body_over_the_limit_is_refused_before_it_is_read(
    client: httpx.AsyncClient,
) -> None:
    token = await _token(client)
    response = await client.post(
        "/login", content=b"csrftoken=" + token.encode() + b"&email=" + b"a" * 300_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert "大きすぎ" in response.text


async def test_a_server_error_page_carries_the_security_headers(
    db: str, settings: Settings,
) -> None:
    async def broken(request: Request) -> Response:
        raise RuntimeError("a bug")

    app = create_app(settings, manage_database=False)
    app.router.routes.append(Route("/broken", broken))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=transport, base_url="http://testserver"
    ) as client:
        page = await client.get("/broken")
        api = await client.get("/api/v1/groups?page=x", headers={"accept": "application/json"})
    assert page.status_code == 500
    assert page.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert api.headers["x-content-type-options"] == "nosniff"


async def test_an_authorization_header_does_not_skip_the_csrf_check(
    client: httpx.AsyncClient,
) -> None:
    await world()
    await post_form(client, "/login", "/login", {"email": "member@example.jp",
                                                 "password": PASSWORD})
    response = await client.post("/logout", headers={"authorization": "Bearer anything"})
    assert response.status_code == 403
    assert (await client.get("/me")).status_code == 200  # still signed in


async def test_an_upload_that_sends_more_than_the_limit_is_stopped_with_413(
    client: httpx.AsyncClient,
) -> None:
    """No declared length (chunked): the bytes are counted as they arrive."""
    await world()
    await post_form(client, "/login", "/login", {"email": "coord@example.jp",
                                                 "password": PASSWORD})
    token = await csrf_token(client, "/coordinator/csv")

    async def chunks() -> AsyncIterator[bytes]:
        yield (b"--b\r\nContent-Disposition: form-data; name=\"csrftoken\"\r\n\r\n"
               + token.encode() + b"\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; "
               b"filename=\"big.csv\"\r\n\r\n")
        for _ in range(50):
            yield b"x" * 100_000

    response = await client.post("/coordinator/csv/import", content=chunks(),
                                 headers={"content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413


async def test_the_csrf_token_belongs_to_its_session(client: httpx.AsyncClient) -> None:
    """Another visitor's token, or this browser's token from before signing in, is refused."""
    await world()
    before = await _token(client)
    async with httpx.AsyncClient(transport=client._transport,  # type: ignore[attr-defined]
                                 base_url=str(client.base_url)) as other:
        others = await csrf_token(other, "/login")
    assert others != before
    wrong = await client.post("/login", data={"csrftoken": others, "email": "member@example.jp",
                                              "password": PASSWORD})
    assert wrong.status_code == 403
    signed_in = await client.post("/login", data={"csrftoken": before,
                                                  "email": "member@example.jp",
                                                  "password": PASSWORD})
    assert signed_in.status_code == 303
    stale = await client.post("/logout", data={"csrftoken": before})
    assert stale.status_code == 403  # signing in started a new session with a new token
    fresh = await client.post("/logout", data={"csrftoken": await csrf_token(client, "/me")})
    assert fresh.status_code == 303
