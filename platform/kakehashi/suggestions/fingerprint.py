"""A cheap fingerprint of everything the matching engine indexes.

The worker polls every two seconds; reading every record's text each time would grow with the
data. Instead it asks, per indexed table, for the count, the sum of ids and the latest change
(one aggregate query each) and loads the texts only when that changed.
"""

from __future__ import annotations

from tortoise.functions import Count, Max, Sum

from kakehashi.suggestions.documents import indexed_records


async def corpus_fingerprint() -> tuple[tuple[object, ...], ...]:
    parts: list[tuple[object, ...]] = []
    for records in indexed_records().values():
        row = await records.annotate(
            n=Count("id"), ids=Sum("id"), latest=Max("updated_at")
        ).first().values("n", "ids", "latest")
        parts.append(tuple((row or {}).get(k) for k in ("n", "ids", "latest")))
    return tuple(parts)
