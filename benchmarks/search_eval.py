"""The judged search set for the demo city: zero-result rate and recall@20 of the site search.

    PYTHONPATH=platform:. KAKEHASHI_DATABASE_URL=sqlite:////tmp/city/demo.sqlite3 \\
        python -m benchmarks.search_eval      # after `kakehashi migrate && kakehashi seed-demo`

Relevance comes from the generator, not from the search (see ``about`` in the JSON): a public
record is relevant when its own text carries one of the query's concept phrases. Recall@20 is
per kind of record (calls, groups, departments, offers), as the search page lists each kind:
|relevant ∩ first 20| / min(|relevant|, 20), averaged over the (query, kind) pairs that have
relevant records.
"""

from __future__ import annotations

import asyncio
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kakehashi.directory import listings
from kakehashi.directory.listings import Filters
from kakehashi.directory.models.needs import Capability, Need
from kakehashi.directory.models.orgs import Department, Organisation

QUERIES = Path(__file__).with_name("search_queries.json")
DEPTH = 20
# kind → (listing page, model, the fields that make up its own text)
KINDS: dict[str, tuple[Any, Any, tuple[str, ...]]] = {
    "needs": (listings.need_page, Need, ("title", "description")),
    "groups": (listings.group_page, Organisation, ("name", "description", "activities")),
    "departments": (lambda f, _v, n, s: listings.department_page(f, n, s), Department,
                    ("name", "description")),
    "capabilities": (listings.capability_page, Capability, ("title", "description")),
}


@dataclass(frozen=True)
class Outcome:
    """One query's result: how many records each kind returned and its recall per kind."""

    query: str
    totals: dict[str, int]
    recalls: dict[str, float]
    ids: dict[str, tuple[int, ...]]

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(QUERIES.read_text(encoding="utf-8"))
    return data


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def relevant(text: str, concept: list[str]) -> bool:
    """Whether a record's own text carries the concept (``a+b``: both)."""
    folded = _fold(text)
    return any(all(part in folded for part in phrase.split("+")) for phrase in concept)


async def public_texts() -> dict[str, dict[int, str]]:
    """Every record an anonymous visitor can find, with its own text."""
    texts: dict[str, dict[int, str]] = {}
    for kind, (page, model, fields) in KINDS.items():
        listed = await page(Filters(), None, 1, 100_000)
        ids = [card.id for card in listed.items]
        rows = await model.filter(id__in=ids).values("id", *fields)
        texts[kind] = {row["id"]: " ".join(str(row[f] or "") for f in fields) for row in rows}
    return texts


async def run_query(query: str, concept: list[str],
                    texts: dict[str, dict[int, str]]) -> Outcome:
    totals, recalls, found = {}, {}, {}
    for kind, (page, _model, _fields) in KINDS.items():
        result = await page(Filters(q=query), None, 1, DEPTH)
        ids = tuple(card.id for card in result.items)
        totals[kind], found[kind] = result.total, ids
        wanted = {i for i, text in texts[kind].items() if relevant(text, concept)}
        if wanted:
            recalls[kind] = len(wanted & set(ids)) / min(len(wanted), DEPTH)
    return Outcome(query, totals, recalls, found)


async def evaluate() -> list[Outcome]:
    """Every judged query against the database Tortoise is connected to."""
    texts = await public_texts()
    return [await run_query(q, concept, texts) for q, concept in load()["queries"].items()]


def summary(outcomes: list[Outcome]) -> tuple[float, float]:
    """(zero-result rate, mean recall@20)."""
    zero = sum(1 for o in outcomes if o.total == 0) / len(outcomes)
    recalls = [r for o in outcomes for r in o.recalls.values()]
    return zero, sum(recalls) / len(recalls)


async def _main() -> None:
    import os

    from tortoise import Tortoise

    from kakehashi.db import tortoise_config

    await Tortoise.init(config=tortoise_config(os.environ["KAKEHASHI_DATABASE_URL"]))
    try:
        outcomes = await evaluate()
    finally:
        await Tortoise.close_connections()
    for o in outcomes:
        recall = sum(o.recalls.values()) / len(o.recalls) if o.recalls else float("nan")
        print(f"{o.query:<20} results {o.total:>4}  recall@{DEPTH} {recall:.2f}")
    zero, recall = summary(outcomes)
    print(f"\n{len(outcomes)} queries: zero-result rate {zero:.1%}, recall@{DEPTH} {recall:.3f}")


if __name__ == "__main__":
    asyncio.run(_main())
