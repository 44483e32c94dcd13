"""The bigram index and the title's index kept beside each record's ``search_text``.

Search matches a term when it is a substring of ``search_text`` (plain ``LIKE``). On PostgreSQL
that is a scan of every record's text, so a searchable record also stores ``search_grams``: every
two-character slice of each word of ``search_text``, hashed to a short ASCII token that the
``simple`` text-search parser keeps intact (Japanese punctuation or kana would be split or
dropped). A word that is a substring of the text has all its slices among the text's slices, so
on PostgreSQL ``search_vector @@ <all the term's tokens>`` (a stored ``tsvector`` of these tokens,
added by migration 0005) finds every match through a GIN index, and ``LIKE`` then checks the few
candidates. A hash collision only adds a candidate.

``search_title`` is the record's name or title indexed as ``search_text`` indexes text, so the
database can weigh a hit in the title above one in the rest and rank a search itself
(:mod:`kakehashi.directory.search`) instead of sending every match to Python.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any, ClassVar

from kakehashi.directory.japanese import search_text as index_text


def gram_tokens(text: str) -> set[str]:
    """The tokens of every two-character slice of every whitespace-separated word of ``text``."""
    grams = {word[i : i + 2] for word in text.split() for i in range(len(word) - 1)}
    return {"g%x" % zlib.crc32(gram.encode()) for gram in grams}  # noqa: UP031 - short, fixed


def gram_column(text: str) -> str:
    """The value stored in ``search_grams``: the tokens of ``text``, sorted, space-separated."""
    return " ".join(sorted(gram_tokens(text)))


class KeepsSearchGrams:
    """Mixin for models with ``search_text``, ``search_grams`` and ``search_title``: saving the
    text refreshes the other two, so no writer can forget them."""

    TITLE_FIELD: ClassVar[str]
    """The field shown as the record's name in results (``name`` or ``title``)."""

    search_text: str
    search_grams: str
    search_title: str

    def _refresh_search_columns(self) -> None:
        self.search_grams = gram_column(self.search_text)
        self.search_title = index_text(getattr(self, self.TITLE_FIELD) or "")

    async def save(self, *args: Any, update_fields: Iterable[str] | None = None,
                   **kwargs: Any) -> None:
        if update_fields is None:
            self._refresh_search_columns()
        elif "search_text" in update_fields:
            self._refresh_search_columns()
            update_fields = [*update_fields, "search_grams", "search_title"]
        await super().save(*args, update_fields=update_fields, **kwargs)  # type: ignore[misc]
