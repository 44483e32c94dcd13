"""What a public page showed and what a save changed, so the pages workers keep
(``http/public_pages.py``) outlive the saves that cannot have changed them.

A save empties every kept page unless it says it changed only *quiet* columns of one record:
text shown nowhere but on that record's own page and its card (a call's description, a group's
activities), which neither moves it in any list nor changes any count. Such a save names the
record and its search text before and after; a kept page is then forgotten only if it showed
that record or searched for words found in either text.

A page takes part only when its handler vouches for it (:func:`kept_until_its_records_change`)
after every record it shows was read through a reader that names it (cards, details, search).
Any other page, and any save that does not say what it changed, empties everything, as before.
A request that changes nothing any page shows (signing in, switching the language) says so with
:func:`nothing_public_changed` and forgets nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

Terms = tuple[tuple[str, ...], ...]
"""A search: every term must be found, each through any one of its variants."""


def record_key(table: str, record_id: int) -> str:
    """How pages and saves name a record: its table and id (``need:12``)."""
    return f"{table}:{record_id}"


def search_finds(terms: Terms, text: str) -> bool:
    """Whether a search for ``terms`` matches a record whose ``search_text`` is ``text``: the
    test :mod:`kakehashi.directory.search` makes in SQL (``strpos`` of each variant)."""
    return all(any(variant in text for variant in variants if variant) for variants in terms)


@dataclass
class Shown:
    """What one page read: the records it shows and the searches it ran."""

    records: set[str] = field(default_factory=set)
    searches: set[Terms] = field(default_factory=set)
    vouched: bool = False
    """The handler says the page shows nothing it did not name."""


@dataclass
class Change:
    """What one request saved. ``everything`` unless a save narrowed it to quiet columns.

    Narrowing covers the whole request: a handler that says so must write nothing else public
    (the directory's edit functions and the private actions that call
    :func:`nothing_public_changed` write nothing else)."""

    records: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    narrowed: bool = False
    widened: bool = False
    every_search: bool = False
    """The texts were too long to pass on: every search may have changed."""

    @property
    def everything(self) -> bool:
        return self.widened or not self.narrowed

    @property
    def nothing(self) -> bool:
        """Nothing any page shows was changed (a sign-in)."""
        return not (self.everything or self.records or self.texts or self.every_search)

    def touches(self, shown: Shown | None) -> bool:
        """Whether a page that read ``shown`` (``None``: unknown) may now be out of date."""
        if self.nothing:
            return False
        if self.everything or shown is None or not shown.vouched:
            return True
        if shown.searches and self.every_search:
            return True
        return bool(shown.records & self.records) or any(
            search_finds(terms, text) for terms in shown.searches for text in self.texts)


EVERYTHING = Change(widened=True)
"""A change that touches every page (for tests and callers that only read it)."""

_shown: ContextVar[Shown | None] = ContextVar("kakehashi_shown", default=None)
_change: ContextVar[Change | None] = ContextVar("kakehashi_change", default=None)


def watching_page() -> Shown:
    """Start noting what this request's page reads (the caching middleware, per GET)."""
    shown = Shown()
    _shown.set(shown)
    return shown


def watching_save() -> Change:
    """Start noting what this request saves (the caching middleware, per write)."""
    change = Change()
    _change.set(change)
    return change


def showing(table: str, record_ids: Iterable[int]) -> None:
    """The page shows these records (a card, a detail)."""
    shown = _shown.get()
    if shown is not None:
        shown.records.update(record_key(table, record_id) for record_id in record_ids)


def searching(terms: Terms) -> None:
    """The page lists what a search for ``terms`` finds."""
    shown = _shown.get()
    if shown is not None:
        shown.searches.add(terms)


def kept_until_its_records_change() -> None:
    """The handler vouches that its page shows only records read through the readers above."""
    shown = _shown.get()
    if shown is not None:
        shown.vouched = True


def saved(table: str, record_id: int, changed: Iterable[str], quiet: frozenset[str],
          texts: tuple[str, str]) -> None:
    """A record was saved: only it, and searches for its old or new ``texts``, are touched
    when every ``changed`` column is ``quiet``; otherwise every kept page is."""
    change = _change.get()
    if change is None:
        return
    if set(changed) <= quiet:
        change.narrowed = True
        change.records.add(record_key(table, record_id))
        change.texts.update(texts)
    else:
        change.widened = True


def nothing_public_changed() -> None:
    """The request saved only what no kept page shows (a session, a sign-in attempt)."""
    change = _change.get()
    if change is not None:
        change.narrowed = True
