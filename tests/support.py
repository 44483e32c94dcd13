"""Helpers for HTTP tests: submit forms the way a browser does, with the page's CSRF token, and
see which template rendered a page and with what."""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx
from factories.accounts import PASSWORD, account
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import Role, User

_CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')


async def csrf_token(client: httpx.AsyncClient, page: str) -> str:
    """The token a real browser would send back from the form on ``page``."""
    response = await client.get(page)
    match = _CSRF_FIELD.search(response.text)
    assert match, f"no CSRF field on {page} ({response.status_code})"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, object]
) -> httpx.Response:
    """Open ``page`` like a browser, then submit its form to ``action`` with ``data``."""
    token = await csrf_token(client, page)
    return await client.post(action, data={**data, "csrftoken": token})


async def sign_in(client: httpx.AsyncClient, who: str | User | CurrentUser,
                  password: str = PASSWORD) -> None:
    """Sign in through the login form like a fresh browser (the client's cookies are dropped)."""
    email = who if isinstance(who, str) else who.email
    client.cookies.clear()
    response = await post_form(client, "/login", "/login", {"email": email, "password": password})
    assert response.status_code == 303, f"{email} could not sign in ({response.status_code})"


async def signed_in(client: httpx.AsyncClient, email: str, role: Role = Role.GROUP,
                    affiliation: str | None = None, display_name: str = "") -> User:
    """A new account (``factories.accounts.account``), signed in on ``client``."""
    created = await account(email, role, affiliation, display_name=display_name)
    await sign_in(client, created)
    return created


class QueryCounter(logging.Handler):
    """Counts the statements Tortoise sends (it logs each at DEBUG on ``tortoise.db_client``)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_DEBUG = "http.response.debug"
_debug_info: ContextVar[dict[str, Any]] = ContextVar("debug_info")


class RenderRecordingTransport(httpx.ASGITransport):
    """``httpx.ASGITransport`` that asks the app for the ``http.response.debug`` message, as
    Starlette's TestClient does, and keeps it on the response for :func:`rendered`."""

    def __init__(self, app: ASGIApp) -> None:
        async def asking(scope: Scope, receive: Receive, send: Send) -> None:
            scope = {**scope, "extensions": {**scope.get("extensions", {}), _DEBUG: {}}}

            async def keep(message: Message) -> None:
                if message["type"] == _DEBUG:
                    _debug_info.get().update(message["info"])
                else:
                    await send(message)

            await app(scope, receive, keep)

        super().__init__(app=asking)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        info: dict[str, Any] = {}
        token = _debug_info.set(info)  # one per request, so concurrent requests stay apart
        try:
            response = await super().handle_async_request(request)
        finally:
            _debug_info.reset(token)
        if info:
            response.extensions[_DEBUG] = info
        return response


@dataclass(frozen=True)
class Rendered:
    """A page as its handler made it: the template's name and the values it was given."""

    template: str
    context: dict[str, Any]


def rendered(response: httpx.Response) -> Rendered:
    """The template that made ``response`` and the context it was given (clients built on
    :class:`RenderRecordingTransport`, like the ``client`` fixture, record them)."""
    info = response.extensions.get(_DEBUG)
    assert info, f"{response.request.url} was not rendered from a template"
    return Rendered(info["template"].name, info["context"])
