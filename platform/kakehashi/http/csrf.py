"""CSRF protection for every unsafe request, with the refusal shown in the user's language.

asgi-csrf checks a signed double-submit token; by default it lets cookie-less requests through,
so :class:`_EveryPath` makes it protect every path.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import asgi_csrf as asgi_csrf_module
from asgi_csrf import asgi_csrf
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kakehashi.accounts.auth import SESSION_USER_KEY
from kakehashi.i18n import gettext as _

FIELD_NAME = "csrftoken"


class _EveryPath:
    def __contains__(self, path: object) -> bool:
        return True


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
    body = (
        "<!doctype html><meta charset=utf-8><title>403</title>"
        f"<h1>{heading}</h1><p>{advice}</p><p><a href='/'>Kakehashi</a></p>"
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
    """asgi-csrf 0.11's multipart reader for current python-multipart (simonw/asgi-csrf#38).

    Reads the body only until the ``csrftoken`` field; a file part before it is refused,
    so upload forms must put the token first. What was read is replayed to the app.
    """
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
            raise asgi_csrf_module.FileBeforeToken
        part["name"] = options.get(b"name", b"")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part["name"] == FIELD_NAME.encode():
            part["value"] += data[start:end]

    def on_part_end() -> None:
        if part["name"] == FIELD_NAME.encode():
            raise asgi_csrf_module.TokenFound(part["value"].decode("utf-8", "replace"))

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
    except asgi_csrf_module.TokenFound as found:
        return found.args[0], replay_receive
    return None, replay_receive


asgi_csrf_module._parse_multipart_form_data = _token_of_multipart


class CSRFMiddleware:
    """Starlette-style wrapper so the protection sits in the app's middleware list."""

    def __init__(self, app: ASGIApp, secret: str, secure: bool = False) -> None:
        self.app = asgi_csrf(
            app,
            signing_secret=secret,
            always_protect=_EveryPath(),
            cookie_secure=secure,
            send_csrf_failed=_send_refusal,
            skip_if_scope=_anonymous_api_call,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # asgi-csrf lets any request carrying "Authorization: Bearer" through; Kakehashi has
            # no API tokens, so such a header proves nothing and must not skip the check.
            scope = {**scope, "headers": [
                (name, value) for name, value in scope["headers"] if name != b"authorization"]}
        await self.app(scope, receive, send)
