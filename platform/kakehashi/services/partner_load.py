"""How busy each partner is: introductions and collaborations of the last twelve months.

The guideline warns against always working with the same partner. The matching engine lowers
a busy partner's suggestions by these counts (its anti-fixation penalty, shown as a reason),
and the partner-concentration view of each department reads the same numbers.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from tortoise.timezone import now

from kakehashi.models import Collaboration, Introduction, IntroductionStatus
from kakehashi.services.match_documents import doc_id

WINDOW = timedelta(days=365)


async def current_load() -> dict[str, float]:
    """Per engine owner id (``org:3``, ``dept:5``): introductions not cancelled plus
    collaborations started in the window."""
    since = now() - WINDOW
    counts: Counter[str] = Counter()
    rows = await Introduction.filter(created_at__gte=since).exclude(
        status=IntroductionStatus.CANCELLED
    ).values_list("party_a_kind", "party_a_id", "party_b_kind", "party_b_id")
    for a_kind, a_id, b_kind, b_id in rows:
        counts[doc_id(a_kind, a_id)] += 1
        counts[doc_id(b_kind, b_id)] += 1
    recent = Collaboration.filter(created_at__gte=since)
    for kind, relation in (("organisation", "organisations"), ("department", "departments")):
        for party_id in await recent.values_list(f"{relation}__id", flat=True):
            if party_id is not None:
                counts[doc_id(kind, int(party_id))] += 1
    return {key: float(value) for key, value in counts.items()}
