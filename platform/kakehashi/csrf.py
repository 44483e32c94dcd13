"""CSRF protection for every unsafe request, with the refusal shown in the user's language.

asgi-csrf checks a signed double-submit token; by default it lets cookie-less requests through,
so :class:`_EveryPath` makes it protect every path.
"""

from __future__ import annotations

from typing import Any

from asgi_csrf import asgi_csrf
from starlette.types import ASGIApp, Receive, Scope, Send

from kakehashi.i18n import gettext as _

FIELD_NAME = "csrftoken"


class _EveryPath:
    def __contains__(self, path: object) -> bool:
        return True


async def _send_refusal(scope: Scope, send: Send, message_id: Any) -> None:
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


class CSRFMiddleware:
    """Starlette-style wrapper so the protection sits in the app's middleware list."""

    def __init__(self, app: ASGIApp, secret: str, secure: bool = False) -> None:
        self.app = asgi_csrf(
            app,
            signing_secret=secret,
            always_protect=_EveryPath(),
            cookie_secure=secure,
            send_csrf_failed=_send_refusal,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
