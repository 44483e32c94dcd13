"""CSRF protection bound to the session: every unsafe request must carry the token of its own
session, in the form's ``csrftoken`` field or the ``X-CSRFToken`` header.

The token is an HMAC of a random seed kept in the signed session cookie, so it cannot be chosen
by anyone else, and it changes when the session starts afresh (signing in, signing out): a token
from before does not work after. It is also sent as the ``csrftoken`` cookie for API clients.
Anonymous JSON API calls act as nobody, so there is nothing to forge and they pass.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kakehashi.accounts.auth import SESSION_USER_KEY
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _

FIELD_NAME = "csrftoken"
COOKIE_NAME = "csrftoken"
SEED_KEY = "csrf_seed"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class _TokenFound(Exception):
    pass


class _FileBeforeToken(Exception):
    pass


# The header's language switch posts without a token: a forged post can only change the
# language a visitor reads in, and a token in every page's header would make every page
# private to its visitor (no proxy could keep a public page).


def _anonymous_api_call(scope: Scope) -> bool:
    """A JSON API request without a signed-in session acts as nobody, so there is nothing to
    forge: let it through so the API answers 401 (or serves a public read) in JSON."""
    return scope["path"].startswith("/api/") and not scope.get("session", {}).get(SESSION_USER_KEY)


async def _send_refusal(scope: Scope, send: Send, message_id: Any) -> None:
    if scope["path"].startswith("/api/"):
        body = json.dumps({"error": {"code": "csrf_failed", "message": _(
            "Please send the value of the csrftoken cookie in the X-CSRFToken header.")}},
            ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})
        return
    heading = _("This form has expired.")
    advice = _("Please go back, reload the page and send the form again.")
    home = path_for("home")
    body = (
        "<!doctype html><meta charset=utf-8><title>403</title>"
        f"<h1>{heading}</h1><p>{advice}</p><p><a href='{home}'>Kakehashi</a></p>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/html; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _token_of_multipart(
    boundary: bytes, receive: Receive
) -> tuple[str | None, Callable[[], Awaitable[Message]]]:
    """Reads a multipart body only until the ``csrftoken`` field; a file part before it is
    refused, so upload forms put the token first. What was read is replayed to the app."""
    messages: list[Message] = []
    part: dict[str, Any] = {}

    def on_part_begin() -> None:
        part.clear()
        part.update(name=b"", value=bytearray(), field=b"", header=b"", headers={})

    def on_header_field(data: bytes, start: int, end: int) -> None:
        part["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        part["header"] += data[start:end]

    def on_header_end() -> None:
        part["headers"][part["field"].lower()] = part["header"]
        part["field"], part["header"] = b"", b""

    def on_headers_finished() -> None:
        _kind, options = parse_options_header(part["headers"].get(b"content-disposition", b""))
        if b"filename" in options:
            raise _FileBeforeToken
        part["name"] = options.get(b"name", b"")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part["name"] == FIELD_NAME.encode():
            part["value"] += data[start:end]

    def on_part_end() -> None:
        if part["name"] == FIELD_NAME.encode():
            raise _TokenFound(part["value"].decode("utf-8", "replace"))

    parser = MultipartParser(boundary, {  # type: ignore[typeddict-item]
        "on_part_begin": on_part_begin, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end,
    })

    async def replay_receive() -> Message:
        return messages.pop(0) if messages else await receive()

    more_body = True
    try:
        while more_body:
            message = await receive()
            messages.append(message)
            parser.write(message.get("body", b""))
            more_body = message.get("more_body", False)
    except _TokenFound as found:
        return found.args[0], replay_receive
    return None, replay_receive



async def _token_of_form(receive: Receive) -> tuple[str | None, Receive]:
    """The ``csrftoken`` field of a urlencoded body (already bounded by the request limits)."""
    messages: list[Message] = []
    more = True
    while more:
        message = await receive()
        messages.append(message)
        more = message.get("more_body", False) and message["type"] == "http.request"
    body = b"".join(m.get("body", b"") for m in messages)
    values = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return values.get(FIELD_NAME), replay


class CSRFMiddleware:
    def __init__(self, app: ASGIApp, secret: str, secure: bool = False) -> None:
        self.app = app
        self.key = hashlib.sha256(b"kakehashi-csrf:" + secret.encode()).digest()
        self.secure = secure

    def _token(self, session: dict[str, Any]) -> str:
        seed = session.get(SEED_KEY)
        if not isinstance(seed, str):
            seed = session[SEED_KEY] = secrets.token_urlsafe(16)
        return hmac.new(self.key, seed.encode(), hashlib.sha256).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session: dict[str, Any] = scope.setdefault("session", {})
        scope["csrftoken"] = lambda: self._token(session)
        headers = Headers(scope=scope)
        sent_cookie = SimpleCookie(headers.get("cookie", "")).get(COOKIE_NAME)
        had_cookie = sent_cookie.value if sent_cookie else None

        async def send_with_cookie(message: Message) -> None:
            # A signed-in session, or one whose page printed a form, gets the cookie (API
            # clients read it after signing in); a visitor's page without forms sets none and
            # stays the same for every visitor.
            if message["type"] == "http.response.start" and (
                    SEED_KEY in session or session.get(SESSION_USER_KEY)):
                current = self._token(session)  # after the app: a new session has a new seed
                if current != had_cookie:
                    MutableHeaders(scope=message).append("set-cookie", self._cookie(current))
            await send(message)

        if (scope["method"] in SAFE_METHODS or _anonymous_api_call(scope)
                or scope["path"] == path_for("set_language")):
            await self.app(scope, receive, send_with_cookie)
            return
        submitted = headers.get("x-csrftoken")
        content_type = headers.get("content-type", "")
        if submitted is None and content_type.startswith("application/x-www-form-urlencoded"):
            submitted, receive = await _token_of_form(receive)
        elif submitted is None and content_type.startswith("multipart/form-data"):
            _kind, options = parse_options_header(content_type)
            try:
                submitted, receive = await _token_of_multipart(
                    options.get(b"boundary", b""), receive)
            except _FileBeforeToken:
                submitted = None
        expected = self._token(session)
        if not submitted or not hmac.compare_digest(submitted, expected):
            await _send_refusal(scope, send, None)
            return
        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, token: str) -> str:
        """Readable by scripts (API clients send it back in the header); SameSite=Lax."""
        secure = "; Secure" if self.secure else ""
        return f"{COOKIE_NAME}={token}; Path=/; SameSite=Lax{secure}"
