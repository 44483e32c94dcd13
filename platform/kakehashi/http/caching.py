"""HTTP caching: an ``ETag`` on every page that may be kept, ``304 Not Modified`` when the
browser or proxy already holds it, and a ``Cache-Control`` that says who may keep it.

- Signed-in users' pages are ``no-store`` (set earlier, in ``middleware.py``) and pass as they
  are; so does anything that already says how to cache it (secret links, calendar feeds).
- A public page sent to a visitor without cookies, setting none, is the same for everyone:
  a reverse proxy may serve it for a minute (``s-maxage=60``, the README's example), while a
  browser asks again each time (``max-age=0``), so nobody's own view lags behind the site.
- Any other page (a form's token, a visitor's session) is ``private, no-cache``: the browser
  keeps it and asks again each time, and gets a bodiless 304 when nothing changed.

Public pages are also kept by the worker until a save may have changed them
(``public_pages.py``, ``kakehashi.freshness``).
"""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kakehashi import freshness
from kakehashi.http.public_pages import KeptPage, PublicPages

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Requests that change nothing; any other may have changed what public pages show."""
PUBLIC = "public, max-age=0, s-maxage=60"
PRIVATE = "private, no-cache"
LARGEST_BUFFERED = 8 * 1024 * 1024
"""Bytes of a body held back to hash it; a larger one (a big export) is sent without an ETag."""


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _matches(if_none_match: str, tag: str) -> bool:
    candidates = {value.strip().removeprefix("W/") for value in if_none_match.split(",")}
    return "*" in candidates or tag in candidates


async def _send_page(send: Send, headers: list[tuple[bytes, bytes]], body: bytes, tag: str,
                     if_none_match: str) -> None:
    """The page (200), or a bodiless 304 when the asker already holds this version."""
    if _matches(if_none_match, tag):
        kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ConditionalGetMiddleware:
    def __init__(self, app: ASGIApp, public_pages: PublicPages | None = None) -> None:
        self.app = app
        self.public_pages = public_pages or PublicPages(0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            change = freshness.watching_save()
            try:
                await self.app(scope, receive, send)
            finally:
                await self.public_pages.site_changed(change)
            return
        # HEAD carries no body to hash; StaticFiles answers conditional requests itself.
        if (scope["type"] != "http" or scope["method"] != "GET"
                or scope["path"].startswith("/static/")):
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        had_cookies = "cookie" in request_headers
        if_none_match = request_headers.get("if-none-match", "")
        if not had_cookies and (kept := self.public_pages.get(scope)) is not None:
            await _send_page(send, kept.headers_now(), kept.body, kept.tag, if_none_match)
            return
        shown = freshness.watching_page()
        since = self.public_pages.generation
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def buffered(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                if message["status"] != 200 or "cache-control" in headers:
                    passing = True
                    await send(message)
                    return
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > LARGEST_BUFFERED:
                passing = True
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks),
                            "more_body": message.get("more_body", False)})
                return
            if not message.get("more_body", False):
                await _answer(start, b"".join(chunks))

        async def _answer(start: Message, body: bytes) -> None:
            headers = MutableHeaders(scope=start)
            tag = entity_tag(body)
            headers["etag"] = tag
            shared = not had_cookies and "set-cookie" not in headers
            headers["cache-control"] = PUBLIC if shared else PRIVATE
            headers.append("vary", "Cookie")
            if shared:
                self.public_pages.keep(
                    scope, KeptPage(tuple(start["headers"]), body, tag, shown), since)
            await _send_page(send, start["headers"], body, tag, if_none_match)

        await self.app(scope, receive, buffered)
