"""Per-request context: the signed-in user and the locale, read from the signed session."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kakehashi.accounts import sessions
from kakehashi.accounts.auth import SESSION_USER_KEY
from kakehashi.http.urls import path_for
from kakehashi.i18n import LOCALES, choose_locale, current_locale
from kakehashi.notifications import inbox, outbox


class RequestContextMiddleware:
    """Sets ``scope["kakehashi.user"]`` and the locale (``?lang=`` > session > Japanese)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        session = scope.get("session", {})
        requested = connection.query_params.get("lang")  # this page only: a GET stores nothing
        locale = choose_locale(requested if requested in LOCALES else session.get("locale"))
        token = current_locale.set(locale)
        scope["kakehashi.locale"] = locale
        user = await sessions.signed_in(session) if session.get(SESSION_USER_KEY) else None
        if user is None:
            session.pop(SESSION_USER_KEY, None)  # ended elsewhere: this cookie signs nobody in
        scope["kakehashi.user"] = user
        # The header's inbox badge: one COUNT per page for signed-in users.
        scope["kakehashi.unread"] = await inbox.unread_count(user.id) if user else 0
        if user is not None and scope["path"] == path_for("my_page"):
            scope["kakehashi.unverified"] = not await inbox.email_verified(user.id)
        # Mails written during this request link to this site and sign with its key.
        settings = getattr(getattr(scope.get("app"), "state", None), "settings", None)
        settings_token = outbox.use_settings(settings) if settings is not None else None
        if user is not None:
            send = _private(send)
        try:
            await self.app(scope, receive, send)
        finally:
            current_locale.reset(token)
            if settings_token is not None:
                outbox.current_settings.reset(settings_token)


def _private(send: Send) -> Send:
    """What a signed-in user sees is theirs: no browser or proxy may keep a copy."""
    async def send_private(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message)["cache-control"] = "no-store"
        await send(message)
    return send_private
