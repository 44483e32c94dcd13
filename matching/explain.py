"""Say in plain words why a pair was suggested (DESIGN: explain how a conclusion was reached).

Each reason is data the page can translate (`code` + `data`) with an English fallback.
Shared words are shown as the candidate wrote them, ranked by how much they added to the
text similarity (term frequency × IDF on both sides).
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from operator import itemgetter

import numpy as np

from matching.documents import FIELDS, Document, Reason
from matching.text import analyse
from matching.vectorize import TextVectorizer

#: A predicted field is shown as shared when both sides reach this probability.
FIELD_SHOWN = 0.5
MAX_TERMS = 5
#: Rendaku (voiced) kana start only the second half of a compound: づくり, づけ, ぢから.
_FRAGMENT_START = frozenset("づぢ")
#: The term-frequency factor 1 + ln(count) for the counts a text usually has.
_TF = [0.0] + [1.0 + math.log(n) for n in range(1, 64)]


def shared_terms(query: Document, candidate: Document, vectorizer: TextVectorizer) -> list[str]:
    """The words both texts use, as the candidate first wrote them, most telling first.

    A shared word adds the product of its two weights, (1 + ln count) × IDF on each side,
    to the word cosine; the IDF is read from the query's side, so a candidate's words are
    kept without weights (a candidate meets many queries and a reindex starts cold: weighing
    all its words cost most of the time spent explaining)."""
    q_rank, q_words = _query_words(query.text, vectorizer)
    tf, shown, surface = _text_words(candidate.text)
    common = shown & q_words
    if not common:
        return []
    # Equal weights: the later word in code-point order first. (Keys built in one list, not
    # by a key function: a Python call per word was most of the sort.)
    best = sorted([(q_rank[w] * tf[w], w) for w in common], reverse=True)
    return [surface[w] for _, w in best[:MAX_TERMS]]


@lru_cache(maxsize=50_000)
def _query_words(text: str, vectorizer: TextVectorizer) -> tuple[dict[str, float], frozenset[str]]:
    """Each word of `text` with its share of a shared word's weight that the query side
    decides, (1 + ln count) × IDF², and the words as a set. Kept per text, because a query
    is explained against ten candidates; keyed by the vectorizer, whose IDF it reads."""
    tf, _, _ = _text_words(text)
    words = list(tf)
    idf = vectorizer.word_idf(words).tolist() if words else []
    return {w: tf[w] * i * i for w, i in zip(words, idf, strict=True)}, frozenset(words)


@lru_cache(maxsize=50_000)
def _text_words(text: str) -> tuple[dict[str, float], frozenset[str], dict[str, str]]:
    """Each word's term frequency factor in `text` (1 + ln count), the words written at
    least once in a form fit to show, and each word as first written."""
    pairs = analyse(text)
    # A word a person recognises on its own: at least two characters (a lone 宅, 名 or 回
    # is a fragment of a compound or a counter), and not a voiced fragment of a compound
    # such as づくり (of まちづくり). Inline: a call per word was a third of the time here.
    shown = frozenset([
        norm for norm, written in set(pairs)
        if len(written) >= 2 and written[0] not in _FRAGMENT_START
    ])
    counts = Counter(map(itemgetter(0), pairs))
    tf = {w: _TF[n] if n < len(_TF) else 1.0 + math.log(n) for w, n in counts.items()}
    return tf, shown, dict(reversed(pairs))


def field_reason(
    query_p: np.ndarray, cand_p: np.ndarray, q_declared: bool, c_declared: bool
) -> Reason | None:
    """Fields both sides have (declared, or predicted with probability ≥ 0.5)."""
    # Plain floats: numpy's per-call cost is most of the work on six values.
    both = [
        f for f, q, c in zip(FIELDS, query_p.tolist(), cand_p.tolist(), strict=True)
        if q >= FIELD_SHOWN and c >= FIELD_SHOWN
    ]
    if not both:
        return None
    predicted = not (q_declared and c_declared)
    return Reason(
        code="shared_fields",
        data={"fields": both, "predicted": predicted},
        text="Both work in "
        + ", ".join(both)
        + (" (estimated from the text)" if predicted else ""),
    )


def build_reasons(
    query: Document,
    candidate: Document,
    parts: dict[str, float],
    query_p: np.ndarray,
    cand_p: np.ndarray,
    declared: tuple[bool, bool],
    vectorizer: TextVectorizer,
    load: float,
) -> list[Reason]:
    """All reasons for one suggestion, most important first."""
    reasons: list[Reason] = []
    fields = field_reason(query_p, cand_p, *declared)
    if fields is not None:
        reasons.append(fields)
    subs = sorted(query.sub_areas() & candidate.sub_areas())
    if subs:
        reasons.append(
            Reason("shared_sub_areas", {"sub_areas": subs}, "Same sub-areas: " + ", ".join(subs))
        )
    terms = shared_terms(query, candidate, vectorizer)
    if terms:
        reasons.append(
            Reason("shared_terms", {"terms": terms}, "Both mention: " + ", ".join(terms))
        )
    elif parts.get("text", 0.0) > 0.0:
        reasons.append(
            Reason(
                "similar_text",
                {"similarity": round(parts["text"], 3)},
                "Similar wording in the descriptions",
            )
        )
    if parts.get("area", 0.0) >= 1.0:
        reasons.append(
            Reason("same_area", {"area": candidate.area}, f"Same area: {candidate.area}")
        )
    elif parts.get("area", 0.0) > 0.0:
        reasons.append(
            Reason(
                "near_area",
                {"area": candidate.area, "query_area": query.area},
                f"Nearby area: {candidate.area}",
            )
        )
    if candidate.kind:
        reasons.append(
            Reason("partner_kind", {"kind": candidate.kind}, f"Partner kind: {candidate.kind}")
        )
    if parts.get("load_factor", 1.0) < 1.0:
        reasons.append(load_reason(load, parts["load_factor"]))
    return reasons


def load_reason(load: float, factor: float) -> Reason:
    """The anti-fixation rule at work: busy partners rank lower so others get a turn."""
    return Reason(
        code="load_penalty",
        data={"current": load, "factor": round(factor, 3)},
        text=(
            f"Already has {load:g} current collaborations or introductions; "
            f"ranked lower (×{factor:.2f}) so other partners get a turn"
        ),
    )


def diversity_reason(owner: str, shown: int) -> Reason:
    """Told when other documents of the same organisation were held back."""
    return Reason(
        code="diversity",
        data={"owner": owner, "shown": shown},
        text="Other entries of the same organisation were left out so the list stays varied",
    )
