"""Japanese search over each record's ``search_text``: matched and ranked in SQL.

Every whitespace-separated term must match (AND); a term matches when any of its variants
(:func:`kakehashi.directory.japanese.query_terms`) is a substring of ``search_text``. Matching is
a plain substring test (``strpos``, ``instr``), so SQLite and PostgreSQL need no extension.
The database ranks: hits in the name or title (``search_title``) weigh above hits in the rest;
ties go to the newest.

On PostgreSQL a substring test alone would read every record's text, so the records are first
narrowed through the GIN index over ``search_vector`` (generated from ``search_grams`` by
migration 0005, see :mod:`kakehashi.directory.models.searchable`) and the substring test checks
only those candidates. SQLite, the small embedded default, scans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cachetools import LRUCache
from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

from kakehashi import freshness
from kakehashi.directory.japanese import query_terms
from kakehashi.directory.models.searchable import gram_tokens
from kakehashi.prepared import sql_of

MAX_QUERY_LENGTH = 100
"""Longer queries are cut here: enough for several words, cheap to analyse and to match."""

TITLE_WEIGHT = 10
"""A hit in the name or title counts this many times a hit elsewhere."""

BEST_FIRST = ("score DESC", "created_at DESC", "id DESC")
"""The order of results: the score, then the newest."""

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


@dataclass(frozen=True)
class _Dialect:
    """The few SQL spellings that differ between PostgreSQL and SQLite."""

    postgres: bool

    def found(self, column: str, variant: str) -> str:
        """Whether ``variant`` is a substring of ``column`` (case-sensitive, no wildcards)."""
        function = "strpos" if self.postgres else "instr"
        return f"{function}({column}, {_literal(variant)}) > 0"

    def count(self, column: str, variant: str) -> str:
        """How often ``variant`` occurs in ``column``. PostgreSQL counts bytes, which needs no
        walk through the characters of a long text (the same count: whole copies are removed)."""
        if self.postgres:
            size = len(variant.encode())
            return f"(octet_length({column}) - octet_length(REPLACE({column}, " \
                   f"{_literal(variant)}, ''))) / {size}"
        return f"(LENGTH({column}) - LENGTH(REPLACE({column}, {_literal(variant)}, ''))) " \
               f"/ {len(variant)}"

    def best(self, counts: list[str]) -> str:
        if len(counts) == 1:
            return counts[0]
        return f"{'GREATEST' if self.postgres else 'MAX'}({', '.join(counts)})"


def _match_and_score(query: SearchQuery, dialect: _Dialect) -> tuple[str, str]:
    """SQL for "every term matches through one of its variants" and for the ranking score:
    per term, its best variant's hits in the title (``search_title``) weigh
    :data:`TITLE_WEIGHT` times its hits in the whole text (``t``)."""
    matches, scores = [], []
    for variants in query.terms:
        words = [v for v in variants if v]
        matches.append("(" + " OR ".join(dialect.found("t", v) for v in words) + ")")
        title = dialect.best([dialect.count("search_title", v) for v in words])
        text = dialect.best([dialect.count("t", v) for v in words])
        scores.append(f"{TITLE_WEIGHT} * {title} + {text}")
    return " AND ".join(matches), " + ".join(f"({score})" for score in scores)


def _ranking(queryset: QuerySet[Any], query: SearchQuery, offset: int,
             limit: int | None) -> tuple[str, list[Any]]:
    """SQL and parameters selecting the ``id``, ``score``, ``created_at`` and ``total`` (how many
    match in all) of the matching records of ``queryset``, best first (ties newest first), from
    ``offset``, at most ``limit`` of them.

    On PostgreSQL each candidate's text is decompressed once (``t``, in a sub-select the planner
    keeps apart with ``OFFSET 0``) instead of once per use, and the count runs over (id, date,
    score) alone, not over rows still carrying their text (a quarter less time for a word that
    matches hundreds of records)."""
    dialect = _Dialect(queryset.model._meta.db.capabilities.dialect == "postgres")
    candidates = _narrowed(queryset, query) or queryset
    text = "search_text || ''" if dialect.postgres else "search_text"
    inner, params = sql_of(candidates.annotate(t=RawSQL(text)).values(
        "id", "created_at", "search_title", "t"
    ))
    keep_apart = " OFFSET 0" if dialect.postgres else ""
    match, score = _match_and_score(query, dialect)
    window = f" LIMIT {int(limit)}" if limit is not None else ""
    if offset:  # SQLite reads an OFFSET only after a LIMIT (-1: no limit)
        window = (window or ("" if dialect.postgres else " LIMIT -1")) + f" OFFSET {int(offset)}"
    scored = f"SELECT id, created_at, {score} AS score FROM ({inner}{keep_apart}) matched " \
             f"WHERE {match}{keep_apart}"
    return (f"SELECT id, score, created_at, COUNT(*) OVER () AS total FROM ({scored}) scored "
            f"ORDER BY {', '.join(BEST_FIRST)}{window}", params)


async def ranked(queryset: QuerySet[Any], query: SearchQuery, *, offset: int = 0,
                 limit: int | None = None) -> tuple[list[int], int]:
    """Ids of the records of ``queryset`` that match ``query``, best first (ties newest first),
    from ``offset`` (at most ``limit`` of them), and how many match in all (0 when ``offset``
    is past the end). One statement: the database matches, scores, sorts and counts, and sends
    only the ids asked for."""
    freshness.searching(query.terms)
    sql, params = _ranking(queryset, query, offset, limit)
    rows = await queryset.model._meta.db.execute_query_dict(sql, params)
    return [int(row["id"]) for row in rows], int(rows[0]["total"]) if rows else 0


_WRITTEN: LRUCache[tuple[Any, ...], tuple[str, list[Any]]] = LRUCache(maxsize=512)
"""Ranking statements already written, for lists every visitor shares (popular searches)."""


async def ranked_rows(
    queryset: QuerySet[Any], query: SearchQuery, shown: str, *, offset: int = 0,
    limit: int | None = None, same_for_all: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """As :func:`ranked`, but the rows of ``shown`` (a sub-select without parameters that has an
    ``id`` column, such as a kind of card's columns) for the records on the page, best first,
    in the same statement: a search page reads each kind of record once. ``same_for_all``
    names a ``queryset`` that is the same on every call (a visitor's unfiltered list): its
    statement for this query and page is then written once and kept."""
    freshness.searching(query.terms)
    db = queryset.model._meta.db
    key = (same_for_all, db.capabilities.dialect, query.terms, offset, limit, shown)
    written = _WRITTEN.get(key) if same_for_all else None
    if written is None:
        sql, params = _ranking(queryset, query, offset, limit)
        written = (f"SELECT shown.*, ranking.total AS ranking_total FROM ({sql}) ranking "
                   f"JOIN ({shown}) shown ON shown.id = ranking.id "
                   f"ORDER BY {', '.join('ranking.' + key for key in BEST_FIRST)}", params)
        if same_for_all:
            _WRITTEN[key] = written
    rows = await db.execute_query_dict(written[0], list(written[1]))
    return rows, int(rows[0]["ranking_total"]) if rows else 0


async def ranked_ids(queryset: QuerySet[Any], query: SearchQuery) -> list[int]:
    """Ids of all the records of ``queryset`` that match ``query``, best first."""
    ids, _ = await ranked(queryset, query)
    return ids
