"""Helpers for HTTP tests: submit forms the way a browser does, with the page's CSRF token."""

from __future__ import annotations

import logging
import re

import httpx

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


class QueryCounter(logging.Handler):
    """Counts the statements Tortoise sends (it logs each at DEBUG on ``tortoise.db_client``)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
