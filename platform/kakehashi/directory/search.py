"""Japanese search over each record's ``search_text``: match in SQL, rank in Python.

Every whitespace-separated term must match (AND); a term matches when any of its variants
(:func:`kakehashi.directory.japanese.query_terms`) is a substring of ``search_text``. Matching is
plain ``LIKE`` through Tortoise's ``contains``, so SQLite and PostgreSQL need no extension.
Ranking then weighs hits in the name or title above hits in the rest; ties go to the newest.

On PostgreSQL ``LIKE`` alone would read every record's text, so the records are first narrowed
through the GIN index over ``search_vector`` (generated from ``search_grams`` by migration 0005,
see :mod:`kakehashi.directory.models.searchable`) and ``LIKE`` checks only those candidates.
SQLite, the small embedded default, scans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet

from kakehashi.directory.japanese import query_terms, search_text, term_score
from kakehashi.directory.models.searchable import gram_tokens

MAX_QUERY_LENGTH = 100
"""Longer queries are cut here: enough for several words, cheap to analyse and to match."""

TITLE_WEIGHT = 10
"""A hit in the name or title counts this many times a hit elsewhere."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked for (trimmed, shown back in the search box) and the terms to match."""

    text: str
    terms: tuple[tuple[str, ...], ...]
    cut: bool = False
    """The words typed ran past ``MAX_QUERY_LENGTH`` and only the start was searched."""

    @property
    def active(self) -> bool:
        return bool(self.terms)


@lru_cache(maxsize=1024)
def parse(raw: str | None) -> SearchQuery:
    """Trim control characters, runs of spaces and overlong input; empty means "no search".

    Cached: one search page parses its query once per kind of record, and popular words recur;
    the morphological analysis is the costly part."""
    whole = " ".join(_CONTROL.sub(" ", raw or "").split())
    text = whole[:MAX_QUERY_LENGTH].strip()
    return SearchQuery(text=text, terms=tuple(query_terms(text)) if text else (),
                       cut=len(whole) > MAX_QUERY_LENGTH)


def condition(query: SearchQuery) -> Q:
    """The SQL filter: each term must match, through any one of its variants."""
    return Q(
        *(Q(*(Q(search_text__contains=v) for v in variants), join_type="OR")
          for variants in query.terms),
        join_type="AND",
    )


def gram_query(query: SearchQuery) -> str | None:
    """The ``tsquery`` every match satisfies: for each term, all the two-character slices of one
    of its variants. A term with a one-character variant narrows nothing and is left to ``LIKE``,
    so is a query made only of such terms (``None``). Tokens are ``g`` and hex digits only, so
    the text is safe to place in SQL."""
    clauses = []
    for variants in query.terms:
        token_sets = [sorted(gram_tokens(variant)) for variant in variants]
        if not all(token_sets):
            continue
        clauses.append(" | ".join(f"({' & '.join(tokens)})" for tokens in token_sets))
    return " & ".join(f"({clause})" for clause in clauses) or None


def _narrowed(queryset: QuerySet[Any], query: SearchQuery) -> QuerySet[Any] | None:
    """On PostgreSQL, only the records the gram index says may match (``None`` elsewhere)."""
    tsquery = gram_query(query)
    if tsquery is None or queryset.model._meta.db.capabilities.dialect != "postgres":
        return None
    hit = RawSQL(f"search_vector @@ to_tsquery('simple', '{tsquery}')")
    return queryset.annotate(gram_hit=hit).filter(gram_hit=RawSQL("TRUE"))


def _literal(text: str) -> str:
    """``text`` as an SQL string literal (standard strings on both databases: only the quote
    is special; :func:`parse` has removed control characters)."""
    return "'" + text.replace("'", "''") + "'"


def text_hits(query: SearchQuery, dialect: str) -> dict[str, RawSQL]:
    """Per term, SQL counting how often its most frequent variant occurs in ``search_text``:
    the database counts, so a search need not read every candidate's text (hundreds of long
    texts for a common word) to rank it."""
    largest = "GREATEST" if dialect == "postgres" else "MAX"
    hits = {}
    for number, variants in enumerate(query.terms):
        counts = [
            f"(LENGTH(search_text) - LENGTH(REPLACE(search_text, {_literal(v)}, ''))) / {len(v)}"
            for v in variants
        ]
        hits[f"hits_{number}"] = RawSQL(
            counts[0] if len(counts) == 1 else f"{largest}({', '.join(counts)})"
        )
    return hits


async def _matching_rows(queryset: QuerySet[Any], query: SearchQuery,
                         title_field: str) -> list[dict[str, Any]]:
    """Rows matching ``query`` with their title and text hits; the gram index is used through
    the planner settings of :data:`kakehashi.db.PLANNER_SETTINGS`."""
    candidates = _narrowed(queryset, query)
    if candidates is None:  # SQLite, or only one-character terms: LIKE alone scans
        candidates = queryset
    hits = text_hits(query, queryset.model._meta.db.capabilities.dialect)
    return await candidates.filter(condition(query)).annotate(**hits).values(
        "id", title_field, "created_at", *hits
    )


@lru_cache(maxsize=65536)
def _title_index(title: str) -> str:
    """The title as ``search_text`` would store it, so kana and kanji variants hit it too."""
    return search_text(title)


def score(query: SearchQuery, title: str, hits: Sequence[int]) -> int:
    """How well a record matches: title hits weigh :data:`TITLE_WEIGHT` times the text's
    (``hits``: each term's count in ``search_text``, from :func:`text_hits`)."""
    title_text = _title_index(title)
    return sum(
        TITLE_WEIGHT * term_score(title_text, variants) + int(count or 0)
        for variants, count in zip(query.terms, hits, strict=True)
    )


def rank(query: SearchQuery, rows: Iterable[Mapping[str, Any]], title_field: str) -> list[int]:
    """Ids of ``rows`` (``id``, title, ``created_at``, ``hits_<n>``), best first, ties newest
    first, in one sort on (score, created_at, id)."""
    names = [f"hits_{number}" for number in range(len(query.terms))]
    keyed = [
        (score(query, r[title_field] or "", [r[n] for n in names]), r["created_at"], r["id"])
        for r in rows
    ]
    keyed.sort(reverse=True)
    return [record_id for _, _, record_id in keyed]


async def ranked_ids(queryset: QuerySet[Any], query: SearchQuery, title_field: str) -> list[int]:
    """Ids of the records of ``queryset`` that match ``query``, best first."""
    return rank(query, await _matching_rows(queryset, query, title_field), title_field)
