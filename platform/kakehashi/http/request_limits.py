"""Limits before parsing: a body too large, or one no parser can read, is answered at the door.

Runs outermost, before the session, CSRF and the handlers read anything: a declared size over
the limit is refused without reading a byte; an undeclared one is counted as it arrives. Form
and JSON bodies are small, so they are read whole (up to their limit) and checked once: a form
must be valid UTF-8 after percent-decoding, a multipart body must name its boundary. What was
read is replayed to the application unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.i18n import in_locale

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class BodyLimits:
    """Bytes a request body may have, by kind (settings ``max_*_bytes``)."""

    form: int = 256_000
    json: int = 256_000
    upload: int = 4_000_000

    def for_type(self, content_type: str) -> int:
        if content_type.startswith("multipart/"):
            return self.upload
        if content_type.startswith("application/json"):
            return self.json
        return self.form


class TooLarge(Exception):
    pass


class RequestLimitsMiddleware:
    def __init__(self, app: ASGIApp, limits: BodyLimits | None = None) -> None:
        self.app = app
        self.limits = limits or BodyLimits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        content_type = headers.get("content-type", "").lower()
        limit = self.limits.for_type(content_type)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, 413, limit)
            return
        if content_type.startswith("multipart/"):
            if "boundary=" not in content_type:
                await _refuse(scope, send, 400, limit)
                return
            await _streamed(self.app, scope, receive, send, limit)
            return
        try:
            body = await _read(receive, limit)
        except TooLarge:
            await _refuse(scope, send, 413, limit)
            return
        if content_type.startswith("application/x-www-form-urlencoded") and not _readable(body):
            await _refuse(scope, send, 400, limit)
            return
        await self.app(scope, _replay(body, receive), send)


async def _read(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _readable(body: bytes) -> bool:
    try:
        parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8",
                  errors="strict")
    except (UnicodeDecodeError, ValueError):
        return False
    return True


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _streamed(app: ASGIApp, scope: Scope, receive: Receive, send: Send,
                    limit: int) -> None:
    """An upload streams through to its parser, counted; a client that sends more than it
    declared is stopped at the limit with 413 (nothing has been answered yet by then)."""
    size = 0
    started = False

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        size += len(message.get("body", b""))
        if size > limit:
            raise TooLarge
        return message

    async def watched(message: Message) -> None:
        nonlocal started
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await app(scope, counted, watched)
    except TooLarge:
        if started:
            raise
        await _refuse(scope, send, 413, limit)


async def _refuse(scope: Scope, send: Send, status: int, limit: int) -> None:
    """Before the session is read the visitor's language is not known: the site's default."""
    with in_locale("ja"):
        text = (_("The request is too large (at most %(size)s KB).", size=limit // 1000)
                if status == 413 else
                _("The request could not be read. Please reload the page and send it again."))
    if scope["path"].startswith("/api/"):
        code = "too_large" if status == 413 else "bad_request"
        body = json.dumps({"error": {"code": code, "message": text}},
                          ensure_ascii=False).encode()
        content_type = b"application/json"
    else:
        home = path_for("home")
        body = (f"<!doctype html><html lang=ja><meta charset=utf-8><title>{status}</title>"
                f"<h1>{text}</h1><p><a href='{home}'>架け橋</a></p>").encode()
        content_type = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
