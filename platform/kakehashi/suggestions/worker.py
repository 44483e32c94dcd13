"""The matching worker: keeps the engine's index in step with the database.

It polls cheaply (one aggregate query per indexed table, see corpus_fingerprint), and when
records changed it reads them, updates the index incrementally (``remove`` + ``add``, no
refit) and rewrites every stored suggestion, so a saved need has its suggestions within
seconds. On start it fits afresh, which for a city is a few seconds; run one worker per
database.
"""

from __future__ import annotations

import asyncio
import logging
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

    async def run_once(self) -> int:
        """Bring the index and the stored suggestions up to date; returns changed documents.

        Suggestions are also rewritten when partners' load changed (a new introduction makes
        its parties rank a little lower elsewhere), without touching the index."""
        fingerprint = await corpus_fingerprint()
        load = await current_load()
        load_changed = load != self.load
        if self.matcher is not None and fingerprint == self.fingerprint and not load_changed:
            return 0  # nothing indexed changed: the texts are not even read
        corpus = await load_corpus()
        drift = len(set(corpus.versions) ^ set(self.versions))
        if self.matcher is None or drift > max(REFIT_SHARE * len(self.versions), REFIT_FLOOR):
            changed = len(corpus.documents)
            await asyncio.to_thread(self._fit, list(corpus.documents.values()))
        else:
            gone = [key for key in self.versions if key not in corpus.versions]
            touched = [
                key for key, version in corpus.versions.items()
                if self.versions.get(key, "missing") != version
            ]
            changed = len(gone) + len(touched)
            if not changed and not load_changed:
                return 0
            if changed:
                await asyncio.to_thread(
                    self._update, gone + touched, [corpus.documents[k] for k in touched]
                )
        self.versions = dict(corpus.versions)
        self.load = load
        self.fingerprint = fingerprint
        results = (
            await asyncio.to_thread(
                suggestions.suggest_for, self.matcher, list(corpus.documents.values()), load
            )
            if self.matcher is not None else {}
        )
        stored = await suggestions.store(results, replace_all=True)
        queued = await queue.sync_from_suggestions()
        await MatchingState.update_or_create(
            key="last_indexed", defaults={"value": now().isoformat()}
        )
        log.info("indexed %s changed documents, stored %s suggestions, queued %s new pairs",
                 changed, stored, queued)
        return changed

    def _fit(self, documents: list[Document]) -> None:
        self.matcher = Matcher().fit(documents) if documents else None

    def _update(self, removed: list[str], added: list[Document]) -> None:
        assert self.matcher is not None
        self.matcher.remove([key for key in removed if key in self.matcher])
        self.matcher.add(added)

    async def run_forever(self, interval: float = 2.0) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("matching worker pass failed; retrying")
                self.matcher = None
            await asyncio.sleep(interval)
