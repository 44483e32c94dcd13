"""How busy each partner is: introductions and collaborations of the last twelve months.

The guideline warns against always working with the same partner. The matching engine lowers
a busy partner's suggestions by these counts (its anti-fixation penalty, shown as a reason),
and the partner-concentration view of each department reads the same numbers.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from tortoise.timezone import now

from kakehashi.collaborations.models import Collaboration
from kakehashi.introductions.models import Introduction, IntroductionStatus
from kakehashi.suggestions.documents import doc_id

WINDOW = timedelta(days=365)


PartyKey = tuple[str, int]
"""A party as (kind, id): ``("organisation", 3)`` or ``("department", 5)``."""


async def recent_items() -> list[tuple[str, frozenset[PartyKey]]]:
    """Each introduction (not cancelled) and collaboration created in the window, as its kind
    and the parties it joins: the one count both the engine and the concentration view use."""
    since = now() - WINDOW
    items: list[tuple[str, frozenset[PartyKey]]] = []
    rows = await Introduction.filter(created_at__gte=since).exclude(
        status=IntroductionStatus.CANCELLED
    ).values_list("party_a_kind", "party_a_id", "party_b_kind", "party_b_id")
    for a_kind, a_id, b_kind, b_id in rows:
        items.append(("introduction", frozenset({(a_kind, a_id), (b_kind, b_id)})))
    recent = Collaboration.filter(created_at__gte=since)
    parties: dict[int, set[PartyKey]] = {
        collaboration_id: set()  # type: ignore[misc]  # Tortoise: flat rows typed as tuples
        for collaboration_id in await recent.values_list("id", flat=True)
    }
    for kind, relation in (("organisation", "organisations"), ("department", "departments")):
        for collaboration_id, party_id in await recent.values_list("id", f"{relation}__id"):
            if party_id is not None and collaboration_id in parties:
                parties[collaboration_id].add((kind, int(party_id)))
    items.extend(("collaboration", frozenset(keys)) for keys in parties.values())
    return items


async def current_load() -> dict[str, float]:
    """Per engine owner id (``org:3``, ``dept:5``): introductions not cancelled plus
    collaborations started in the window."""
    counts: Counter[str] = Counter()
    for _kind, keys in await recent_items():
        for kind, party_id in keys:
            counts[doc_id(kind, party_id)] += 1
    return {key: float(value) for key, value in counts.items()}
