"""Every page forbids framing, inline script and MIME sniffing; the session cookie is HttpOnly."""

from __future__ import annotations

from dataclasses import replace

import httpx
from support import post_form, rendered

from kakehashi.app import create_app
from kakehashi.settings import Settings


async def test_pages_carry_the_security_headers(client: httpx.AsyncClient) -> None:
    for path in ("/", "/login", "/no-such-page"):
        response = await client.get(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


async def test_session_cookie_is_http_only_and_same_site(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/login", "/language", {"lang": "en"})
    cookie = next(
        value for name, value in response.headers.multi_items()
        if name == "set-cookie" and value.startswith("kakehashi_session=")
    )
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()


async def test_session_cookie_is_secure_when_served_over_https(
    db: str, settings: Settings
) -> None:
    app = create_app(replace(settings, https=True), manage_database=False)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://testserver"
    ) as client:
        response = await post_form(client, "/login", "/language", {"lang": "en"})
    cookies = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    session = next(c for c in cookies if c.startswith("kakehashi_session="))
    assert "secure" in session.lower()
    assert all("secure" in c.lower() for c in cookies if c.startswith("csrftoken="))


async def test_pages_do_not_tell_visitors_which_template_made_them(
    db: str, settings: Settings, client: httpx.AsyncClient,
) -> None:
    """The template and its context go only to clients asking through the ASGI debug extension
    (the tests); a browser's answer names neither."""
    app = create_app(settings, manage_database=False)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as browser:
        for path in ("/", "/login", "/groups", "/no-such-page"):
            response = await browser.get(path)
            assert response.status_code in (200, 404)
            assert "x-template" not in response.headers
            assert "http.response.debug" not in response.extensions
    asked = await client.get("/login")
    assert "x-template" not in asked.headers
    assert rendered(asked).template == "auth/login.html"
    assert "form" in rendered(asked).context
