"""Keep a list of suggestions varied: not ten branches of one organisation.

Greedy re-ranking of a pool already sorted by score: a candidate is held back when its
organisation already has `max_per_owner` places, or when its text is a near copy of one
already chosen (branches often publish the same description under different names).
Held-back candidates only fill places left empty, so the list never gets shorter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def diversify(
    owners: Sequence[str | None],
    similarity: np.ndarray,
    k: int,
    max_per_owner: int = 2,
    near_duplicate: float = 0.9,
) -> tuple[list[int], set[str]]:
    """Positions (into the pool, best first) to show, and the owners that were held back.

    `owners[i]` is the organisation of pool item i (None = itself); `similarity` is the
    pool's own cosine matrix. Item order in the pool is the score order.
    """
    chosen: list[int] = []
    held: list[tuple[int, str]] = []
    count: dict[str, int] = {}
    family: list[str] = []  # the owner key each chosen item counts against
    for i in range(len(owners)):
        if len(chosen) >= k:
            break
        key = owners[i] or f"\0{i}"
        if chosen and near_duplicate < 1.0:
            sims = similarity[i, chosen]
            j = int(np.argmax(sims))
            if sims[j] >= near_duplicate:
                key = family[j]
        if count.get(key, 0) >= max_per_owner:
            held.append((i, key))
            continue
        count[key] = count.get(key, 0) + 1
        chosen.append(i)
        family.append(key)
    left_out: list[str] = []
    for i, key in held:
        if len(chosen) < k:
            chosen.append(i)
        else:
            left_out.append(key)
    # The note belongs to the organisation whose entries are really missing from the list
    # (a near copy counts against the organisation it copies), not to every held owner.
    return chosen, {key for key in left_out if not key.startswith("\0")}
