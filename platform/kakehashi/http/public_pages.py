"""Public pages each worker keeps until the site changes, so a hundred visitors asking for the
same home page, list or search cost one page, not a hundred.

Only a page a visitor without cookies asked for and that was sent ``public`` (no cookie set:
see ``caching.py``) is kept: it is the same for everyone. Signed-in users and anyone carrying a
cookie never read from it. Every write through the site (any request but GET, HEAD and OPTIONS)
is told to the worker's pages and, on PostgreSQL, every other worker's (``page_changes.py``),
so a visitor sees a change as soon as it is saved. A write empties them all unless it changed
only quiet text of one record; then only the pages that showed that record or searched for its
words go (``kakehashi.freshness``). Changes made outside the site (the command line, the
suggestion worker) show within ``Settings.public_page_seconds`` (10 s; 0 keeps nothing).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from cachetools import TTLCache
from starlette.types import Scope

from kakehashi.freshness import Change, Shown

LARGEST_KEPT = 512 * 1024
"""Bytes of the largest page kept; a bigger body (an export) is built each time."""
REMEMBERED_CHANGES = 64
"""Saves remembered, so a page built while one went through is not kept if it may be stale."""
TIDY_EVERY = 1000
"""Pages kept between two rebuilds of the index of what they showed (expired pages leave their
entries behind until then)."""

Key = tuple[bytes, str, bytes]


@dataclass(frozen=True)
class KeptPage:
    """A page as it was sent: its start message's headers (ETag and Cache-Control included)."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    tag: str
    shown: Shown | None = None
    """What the page read (``None``: not known, so any save may have changed it)."""
    kept_at: float = field(default_factory=time.monotonic)

    def headers_now(self) -> list[tuple[bytes, bytes]]:
        """Its headers and ``Age``, the seconds since it was built, as any HTTP cache says."""
        age = int(time.monotonic() - self.kept_at)
        return [*self.headers, (b"age", str(age).encode())]

    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers) + 200


def page_key(scope: Scope) -> Key:
    """The host (pages link to it), the path and the query string exactly as asked."""
    host = next((value for name, value in scope["headers"] if name == b"host"), b"")
    return host, scope["path"], scope.get("query_string", b"")


class PublicPages:
    """Each worker's kept public pages, evicted after ``seconds`` or, past ``megabytes``, the
    least recently used first, or when a save may have changed them (:meth:`forget`)."""

    def __init__(self, seconds: float, megabytes: int = 32) -> None:
        self.seconds = seconds
        self.announce: Callable[[Change], Awaitable[None]] | None = None
        """Tells the other workers what a save changed (set while they can hear it)."""
        self._pages: TTLCache[Key, KeptPage] = TTLCache(
            maxsize=megabytes * 1024 * 1024, ttl=seconds, getsizeof=KeptPage.size)
        self.generation = 0
        """How many saves this worker has heard of; a page remembers it when it starts."""
        self._recent: deque[tuple[int, Change]] = deque(maxlen=REMEMBERED_CHANGES)
        self._by_record: dict[str, set[Key]] = {}
        self._searching: dict[Key, Shown] = {}
        self._unknown: set[Key] = set()
        self._kept_since_tidy = 0

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def get(self, scope: Scope) -> KeptPage | None:
        return self._pages.get(page_key(scope)) if self.enabled else None

    def keep(self, scope: Scope, page: KeptPage, since: int | None = None) -> None:
        """Keep a page built from generation ``since`` on, unless a save heard meanwhile may
        have changed what it read."""
        if not self.enabled or len(page.body) > LARGEST_KEPT:
            return
        if since is not None and since != self.generation:
            missed = [change for generation, change in self._recent if generation > since]
            if len(missed) < self.generation - since or any(c.touches(page.shown) for c in missed):
                return
        key = page_key(scope)
        self._pages[key] = page
        self._index(key, page.shown)
        self._kept_since_tidy += 1
        if self._kept_since_tidy > TIDY_EVERY:
            self._tidy()

    def _index(self, key: Key, shown: Shown | None) -> None:
        if shown is None or not shown.vouched:
            self._unknown.add(key)
        else:
            for record in shown.records:
                self._by_record.setdefault(record, set()).add(key)
            if shown.searches:
                self._searching[key] = shown

    def _tidy(self) -> None:
        """Rebuild the index from the pages still kept (expired ones leave their entries)."""
        self._by_record.clear()
        self._searching.clear()
        self._unknown.clear()
        self._kept_since_tidy = 0
        for key in list(self._pages):
            page = self._pages.get(key)  # it may expire meanwhile
            if page is not None:
                self._index(key, page.shown)

    def clear(self) -> None:
        self._pages.clear()
        self._tidy()

    def forget(self, change: Change) -> None:
        """A save went through: forget every kept page it may have changed."""
        self.generation += 1
        self._recent.append((self.generation, change))
        if change.everything:
            self.clear()
            return
        if change.nothing:
            return
        doomed = set(self._unknown)
        self._unknown.clear()
        for record in change.records:
            doomed |= self._by_record.pop(record, set())
        for key, shown in list(self._searching.items()):  # not through the cache: no LRU touch
            if change.touches(shown):
                doomed.add(key)
                del self._searching[key]
        for key in doomed:
            self._pages.pop(key, None)

    async def site_changed(self, change: Change) -> None:
        """A write went through: no worker may answer from a page it may have changed."""
        self.forget(change)
        if self.enabled and self.announce is not None:
            await self.announce(change)
