"""Part 1 of the worker benchmark: how fast one edited call reaches its candidates' lists in a
city 10 times the demo city (PostgreSQL, as `make check-load`; a fresh database, dropped)."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

from tortoise import Tortoise

from benchmarks.load import data
from kakehashi.db import tortoise_config
from kakehashi.directory.models.needs import Need
from kakehashi.directory.models.orgs import Organisation
from kakehashi.suggestions.models import Suggestion
from kakehashi.suggestions.store import GROUP_SIDE, SUGGESTIONS_PER_SOURCE
from kakehashi.suggestions.worker import MatchingWorker
from matching import GROUP_KINDS, Document, Matcher

TARGET_S = 2.0


def old_recompute(matcher: Matcher, queries: list[Document], load: Any) -> int:
    """What every change used to cost: each list alone, a Python closure over every document."""
    lists = 0
    for query in queries:
        if query.role == "need" or query.kind == "department":
            def accept(d: Document) -> bool:
                return d.kind in GROUP_KINDS and d.role in GROUP_SIDE
        elif query.role == "profile" and query.kind in GROUP_KINDS:
            def accept(d: Document) -> bool:
                return d.role == "need" or (d.kind == "department" and d.role == "profile")
        elif query.role == "proposal":
            def accept(d: Document) -> bool:
                return d.kind == "department" and d.role == "profile"
        else:
            continue
        owner = query.owner
        matcher.suggest(query, SUGGESTIONS_PER_SOURCE, load=load,
                        where=lambda d, a=accept, o=owner: a(d) and d.owner != o)
        lists += 1
    return lists


def fresh_part(factor: int) -> None:
    print(f"\n== freshness: one edited call at {factor}× the demo city (PostgreSQL)")
    server = data.postgres_server()
    if server is None:
        print("no PostgreSQL server on 127.0.0.1:5432: skipped")
        return
    db = data.Database.create(server)
    try:
        env = {**os.environ, "KAKEHASHI_DATABASE_URL": db.url,
               "KAKEHASHI_SECRET_KEY": "worker-bench-" + db.name}
        for args in (["migrate"], ["seed-demo"]):
            data.kakehashi(env, *args)
        data.multiply(db.url, factor)
        print(f"city: {data.counts(db.url)}")
        asyncio.run(_with_database(db.url))
    finally:
        db.drop()


async def _with_database(url: str) -> None:
    await Tortoise.init(config=tortoise_config(url))
    try:
        await _measure()
    finally:
        await Tortoise.close_connections()


async def _measure() -> None:
    worker = MatchingWorker()
    started = time.perf_counter()
    await worker.run_once()
    full = time.perf_counter() - started
    assert worker.matcher is not None
    rows = await Suggestion.all().count()
    print(f"first (full) pass: {full:.1f} s for {len(worker.documents):,} documents, "
          f"{worker.last_recomputed:,} lists, {rows:,} rows")

    group = await Organisation.filter(status="approved").exclude(name__contains="支部").order_by(
        "id").first()
    need = await Need.filter(status="open", department_id__not_isnull=True).order_by("id").first()
    assert group is not None and need is not None
    need.description = f"{group.description}\nこの活動に協力していただける団体を募集します。"
    await need.save()
    before = await Suggestion.all().order_by("id").values_list("id", "computed_at")

    started = time.perf_counter()
    await worker.run_once()
    edited = time.perf_counter() - started
    after = dict(await Suggestion.all().values_list("id", "computed_at"))
    untouched = sum(1 for key, stamp in before if after.get(key) == stamp)
    top = await Suggestion.filter(
        source_type="need", source_id=need.id, target_type="organisation"
    ).order_by("rank").limit(3).values_list("target_id", flat=True)
    reached = [
        await Suggestion.filter(source_type="organisation", source_id=org_id,
                                target_type="need", target_id=need.id).exists()
        for org_id in top
    ]
    queries = list(worker.documents.values())
    started = time.perf_counter()
    old_lists = old_recompute(worker.matcher, queries, worker.load)
    old = time.perf_counter() - started

    print("| measure | value | baseline / target |\n| --- | --- | --- |")
    print(f"| worker pass after one edited call | **{edited:.2f} s** | target ≤ {TARGET_S:.0f} s;"
          f" old per-change cost (compute only) {old:.1f} s for {old_lists:,} lists: "
          f"**{old / edited:.0f}× faster** |")
    print(f"| lists recomputed | {worker.last_recomputed:,} of {old_lists:,} | |")
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in worker.timings.items())
    print(f"| steps of that pass | {steps} | |")
    print(f"| rows left untouched | {untouched:,} of {len(before):,} | old: 0 (table rewritten) |")
    print(f"| call in its 3 best groups' lists | {sum(reached)} of {len(reached)} | |")
    print("A saved record waits for the next poll (every 2 s by default) and then this pass.")
