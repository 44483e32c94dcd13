"""Which stored lists a new or changed document could enter, without recomputing them all.

The matching worker keeps every source's top-k. When a document is added or edited, only
the sources whose list it can now enter need their list again. The parts of the score that
every row has (text cosine, field agreement, area, partner kind) are symmetric, so scoring
the document *as a query* against all sources at once gives each source's score for it;
a source is reached when that score, plus what the query-side parts can still add (sub-area
bonus, and the error of approximate text scores on a hybrid index), reaches the k-th score
of its current list; the few sources that pass are then checked with their exact text score
and sub-area bonus. Load only lowers scores, so leaving it out keeps the test safe.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from matching.documents import Document
from matching.index import query_rows
from matching.parts import base_scores, combine, exact_text_shift, neighbour_vectors
from matching.ranking import _load_of, candidate_mask, row_dots
from matching.scoring import Weights, load_factor, sub_area_match

if TYPE_CHECKING:
    from matching.matcher import Matcher

#: Share of the text weight allowed for the error of approximate (hybrid) text scores.
HYBRID_TEXT_SLACK = 0.15
BLOCK = 256


def lists_entered(
    matcher: Matcher,
    candidates: Sequence[Document],
    floors: Mapping[str, float],
    role_kinds: Mapping[str | None, Collection[str] | None],
    owner_floors: Mapping[str, Mapping[str, float]] | None = None,
    load: Mapping[str, float] | None = None,
) -> dict[str, set[str]]:
    """For each candidate (indexed or not), the ids of the indexed sources allowed by
    `role_kinds` (see `Matcher.suggest_many`) whose list it could enter. `floors` holds the
    lowest score of each full list; a source without a floor (a short list) is always
    reached. `owner_floors[source][owner]` is the lowest score of an owner that already has
    `max_per_owner` places in that full list: a newcomer of that owner must beat it (else
    diversity holds it back). `load` is the same mapping `suggest` gets (the candidate's own
    load lowers its score everywhere alike). The candidate's own row and its owner's rows
    are never sources."""
    out: dict[str, set[str]] = {c.id: set() for c in candidates}
    if not candidates or not len(matcher):
        return out
    w = matcher.weights or Weights()
    total = w.text + w.fields + w.sub_areas + w.area + w.kind
    slack = w.sub_areas + (HYBRID_TEXT_SLACK * w.text if matcher.store_.hybrid else 0.0)
    margin = slack / total + 1e-6
    allowed = candidate_mask(matcher, None, None, None, None, role_kinds)
    floor = np.full(len(matcher.docs_), -np.inf, dtype=np.float64)
    known = [(matcher.row_of_[i], s) for i, s in floors.items() if i in matcher.row_of_]
    if known:
        known_rows, values = zip(*known, strict=True)
        floor[list(known_rows)] = values
    for start in range(0, len(candidates), BLOCK):
        block = list(candidates[start : start + BLOCK])
        Q = matcher.vectorizer_.transform(block)
        probs, _ = matcher._field_probs(block, Q)
        scored = matcher.store_.scored(Q)
        text = scored[0]
        vectors = neighbour_vectors(matcher, block, Q, scored)
        for i, (cand, q_row) in enumerate(zip(block, query_rows(Q), strict=True)):
            factor = load_factor(_load_of(cand, load), matcher.load_penalty)
            parts = base_scores(matcher, cand, text[i], probs[i], vectors[i] if vectors else None)
            score = combine(w, parts) * factor
            mask = allowed & (score + margin >= floor)
            own = matcher.row_of_.get(cand.id)
            if own is not None:
                mask[own] = False
            if cand.owner:
                mask &= matcher.owners_ != matcher.owner_codes_.get(cand.owner)
            rows = np.flatnonzero(mask)
            if matcher.store_.hybrid is not None and len(rows):
                # The few rows left get their exact text score instead of the approximate one
                exact = np.clip(row_dots(matcher.store_.rows(rows), q_row, matcher.scratch_), 0, 1)
                shift = exact_text_shift(matcher, text[i][rows], exact)
                score[rows] += w.text * shift / total * factor
            # ... and their exact sub-area bonus instead of the largest one.
            subs = cand.sub_areas()
            reached = set()
            for r in rows:
                source = matcher.docs_[r]
                bonus = w.sub_areas * sub_area_match(source.sub_areas(), subs) / total * factor
                capped = (owner_floors or {}).get(source.id, {}).get(cand.owner or "", -np.inf)
                if score[r] + bonus >= max(floor[r], capped):
                    reached.add(source.id)
            out[cand.id] = reached
    return out
