"""Public pages each worker keeps until the site changes, so a hundred visitors asking for the
same home page, list or search cost one page, not a hundred.

Only a page a visitor without cookies asked for and that was sent ``public`` (no cookie set:
see ``caching.py``) is kept: it is the same for everyone. Signed-in users and anyone carrying a
cookie never read from it. Every write through the site (any request but GET, HEAD and OPTIONS)
empties the worker's pages and, on PostgreSQL, every other worker's (``page_changes.py``), so a
visitor sees a change as soon as it is saved. Changes made outside the site (the command line,
the suggestion worker) show within ``Settings.public_page_seconds`` (10 s; 0 keeps nothing).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from cachetools import TTLCache
from starlette.types import Scope

LARGEST_KEPT = 512 * 1024
"""Bytes of the largest page kept; a bigger body (an export) is built each time."""


@dataclass(frozen=True)
class KeptPage:
    """A page as it was sent: its start message's headers (ETag and Cache-Control included)."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    tag: str
    kept_at: float = field(default_factory=time.monotonic)

    def headers_now(self) -> list[tuple[bytes, bytes]]:
        """Its headers and ``Age``, the seconds since it was built, as any HTTP cache says."""
        age = int(time.monotonic() - self.kept_at)
        return [*self.headers, (b"age", str(age).encode())]

    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers) + 200


def page_key(scope: Scope) -> tuple[bytes, str, bytes]:
    """The host (pages link to it), the path and the query string exactly as asked."""
    host = next((value for name, value in scope["headers"] if name == b"host"), b"")
    return host, scope["path"], scope.get("query_string", b"")


class PublicPages:
    """Each worker's kept public pages, evicted after ``seconds`` or, past ``megabytes``, the
    least recently used first."""

    def __init__(self, seconds: float, megabytes: int = 32) -> None:
        self.seconds = seconds
        self.announce: Callable[[], Awaitable[None]] | None = None
        """Tells the other workers the site changed (set while they can hear it)."""
        self._pages: TTLCache[tuple[bytes, str, bytes], KeptPage] = TTLCache(
            maxsize=megabytes * 1024 * 1024, ttl=seconds, getsizeof=KeptPage.size)

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def get(self, scope: Scope) -> KeptPage | None:
        return self._pages.get(page_key(scope)) if self.enabled else None

    def keep(self, scope: Scope, page: KeptPage) -> None:
        if self.enabled and len(page.body) <= LARGEST_KEPT:
            self._pages[page_key(scope)] = page

    def clear(self) -> None:
        self._pages.clear()

    async def site_changed(self) -> None:
        """A write went through: no worker may answer from a page kept before it."""
        self.clear()
        if self.enabled and self.announce is not None:
            await self.announce()
