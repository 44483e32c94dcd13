"""The matching worker: keeps the engine's index and the stored suggestions in step with the
database, paying for what a change affects rather than for the whole city.

It polls cheaply (one aggregate query per indexed table, see corpus_fingerprint). When records
changed it reads them, updates the index incrementally (``remove`` + ``add``, no refit) and
recomputes only the lists a change can alter (see :func:`plan`): the changed documents' own
lists, the lists that showed a changed or removed document, and the lists a new or edited
document now enters (:func:`matching.reach.lists_entered`). They are computed in one batched
``suggest_many`` per direction and only rows that differ are written. On start, or after a
large drift, it fits afresh. Run one worker per database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.timezone import now

from kakehashi.introductions import queue
from kakehashi.suggestions import store as suggestions
from kakehashi.suggestions.documents import load_corpus
from kakehashi.suggestions.fingerprint import corpus_fingerprint
from kakehashi.suggestions.models import MatchingState
from kakehashi.suggestions.partner_load import current_load
from matching import Document, Matcher
from matching.reach import lists_entered

log = logging.getLogger("kakehashi.worker")

REFIT_SHARE = 0.2
REFIT_FLOOR = 10
"""Refit from scratch once this share (and at least this many) documents came or went."""


@dataclass
class MatchingWorker:
    matcher: Matcher | None = None
    versions: dict[str, datetime | None] = field(default_factory=dict)
    load: dict[str, float] | None = None
    fingerprint: tuple[tuple[object, ...], ...] | None = None
    documents: dict[str, Document] = field(default_factory=dict)
    results: suggestions.Results = field(default_factory=dict)
    last_recomputed: int = 0
    """How many lists the last pass recomputed (the benchmark and tests read it)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per step of the last pass that did work (read, index, plan, suggest…)."""

    async def run_once(self) -> int:
        """Bring the index and the stored suggestions up to date; returns changed documents.

        A change of partners' load (a new introduction makes its parties rank a little lower
        elsewhere) recomputes the lists those partners are in or could enter."""
        fingerprint = await corpus_fingerprint()
        load = await current_load()
        load_changed = load != self.load
        if self.matcher is not None and fingerprint == self.fingerprint and not load_changed:
            return 0  # nothing indexed changed: the texts are not even read
        clock = _Clock()
        corpus = await load_corpus()
        clock.lap("read")
        drift = len(set(corpus.versions) ^ set(self.versions))
        full = self.matcher is None or drift > max(
            REFIT_SHARE * len(self.versions), REFIT_FLOOR
        )
        if full:
            changed = len(corpus.documents)
            await asyncio.to_thread(self._fit, list(corpus.documents.values()))
            self.results = {}  # a refit changes what reasons say: explain every pair anew
            fresh = await asyncio.to_thread(
                self._suggest, list(corpus.documents), corpus.documents, load
            )
            self.results = fresh
            stored = await suggestions.store(fresh, keep_only=set(fresh))
        else:
            gone = [key for key in self.versions if key not in corpus.versions]
            touched = [
                key for key, version in corpus.versions.items()
                if self.versions.get(key, "missing") != version
            ]
            changed = len(gone) + len(touched)
            if changed:
                await asyncio.to_thread(
                    self._update, gone + touched, [corpus.documents[k] for k in touched]
                )
            busier = _owners_with_new_load(self.load or {}, load)
            clock.lap("index")
            sources = await asyncio.to_thread(
                self.plan, corpus.documents, set(gone), set(touched), busier, load
            )
            clock.lap("plan")
            fresh = await asyncio.to_thread(
                self._suggest, sorted(sources), corpus.documents, load
            )
            clock.lap("suggest")
            for key in gone:
                self.results.pop(key, None)
            self.results.update(fresh)
            stored = await suggestions.store(fresh, removed=gone)
            clock.lap("write")
        self.documents = dict(corpus.documents)
        self.versions = dict(corpus.versions)
        self.load = load
        self.fingerprint = fingerprint
        self.last_recomputed = len(fresh)
        queued = await queue.sync_from_suggestions()
        await MatchingState.update_or_create(
            key="last_indexed", defaults={"value": now().isoformat()}
        )
        clock.lap("queue")
        self.timings = clock.laps
        log.info("indexed %s changed documents, recomputed %s lists, wrote %s rows, "
                 "queued %s new pairs (%s)", changed, len(fresh), stored, queued, clock)
        return changed

    def plan(
        self,
        documents: Mapping[str, Document],
        gone: Collection[str],
        touched: Collection[str],
        busier: Collection[str],
        load: Mapping[str, float] | None = None,
    ) -> set[str]:
        """The sources whose list a change can alter: touched sources themselves; every list
        that shows a removed, touched or re-weighed (load changed) document; and every list a
        touched or re-weighed document could now enter."""
        moved = set(touched) | {
            k for k, d in documents.items() if k in busier or d.owner in busier
        }
        sources = {k for k in touched if k in documents}
        sources |= {
            source for source, found in self.results.items()
            if source in documents and any(s.id in moved or s.id in gone for s in found)
        }
        if self.matcher is None:
            return sources
        floors = {
            source: found[-1].score for source, found in self.results.items()
            if len(found) >= suggestions.SUGGESTIONS_PER_SOURCE
        }
        owner_floors = self._owner_floors(documents)
        for is_source, role_kinds in suggestions.DIRECTIONS:
            # Candidates of this direction among the moved documents, and who could take them.
            candidates = [
                documents[k] for k in sorted(moved)
                if k in documents and suggestions.accepts(role_kinds, documents[k])
            ]
            if not candidates:
                continue
            reached = lists_entered(
                self.matcher, candidates, floors, _sources_filter(is_source),
                owner_floors, load,
            )
            sources |= {
                s for found in reached.values() for s in found
                if s in documents and is_source(documents[s])
            }
        return sources

    def _owner_floors(self, documents: Mapping[str, Document]) -> dict[str, dict[str, float]]:
        """Per full list, the owners at the per-owner cap and their lowest score there."""
        cap = self.matcher.max_per_owner if self.matcher is not None else 0
        out: dict[str, dict[str, float]] = {}
        for source, found in self.results.items():
            if len(found) < suggestions.SUGGESTIONS_PER_SOURCE:
                continue
            scores: dict[str, list[float]] = {}
            for s in found:
                doc = documents.get(s.id)
                if doc is not None and doc.owner:
                    scores.setdefault(doc.owner, []).append(s.score)
            capped = {o: min(v) for o, v in scores.items() if len(v) >= cap}
            if capped:
                out[source] = capped
        return out

    def _fit(self, documents: list[Document]) -> None:
        self.matcher = Matcher().fit(documents) if documents else None

    def _update(self, removed: list[str], added: list[Document]) -> None:
        assert self.matcher is not None
        self.matcher.remove([key for key in removed if key in self.matcher])
        self.matcher.add(added)

    def _suggest(
        self, keys: list[str], documents: Mapping[str, Document], load: Mapping[str, float]
    ) -> suggestions.Results:
        if self.matcher is None:
            return {}
        return suggestions.suggest_for(
            self.matcher, [documents[k] for k in keys], load, self.results
        )

    async def run_forever(self, interval: float = 2.0) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("matching worker pass failed; retrying")
                self.matcher = None
            await asyncio.sleep(interval)


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now_ = time.perf_counter()
        self.laps[name] = now_ - self.last
        self.last = now_

    def __str__(self) -> str:
        return ", ".join(f"{k} {v:.2f} s" for k, v in self.laps.items())


def _owners_with_new_load(before: Mapping[str, float], after: Mapping[str, float]) -> set[str]:
    return {key for key in set(before) | set(after) if before.get(key) != after.get(key)}


def _sources_filter(is_source: object) -> dict[str | None, Collection[str] | None]:
    """The rows that may be sources of a direction, as a `role_kinds` filter (a superset:
    the caller checks each reached source with the direction's own test)."""
    if is_source is suggestions.is_group_profile:
        return {"profile": suggestions.GROUP_SIDE["profile"]}
    if is_source is suggestions.is_proposal:
        return {"proposal": None}
    return {"need": None, "profile": {"department"}, "capability": {"department"}}
