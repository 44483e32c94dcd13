"""Every page forbids framing, inline script and MIME sniffing; the session cookie is HttpOnly."""

from __future__ import annotations

import httpx


async def test_pages_carry_the_security_headers(client: httpx.AsyncClient) -> None:
    for path in ("/", "/login", "/no-such-page"):
        response = await client.get(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


async def test_session_cookie_is_http_only_and_same_site(client: httpx.AsyncClient) -> None:
    response = await client.get("/login?lang=en")
    cookie = next(
        value for name, value in response.headers.multi_items()
        if name == "set-cookie" and value.startswith("kakehashi_session=")
    )
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
