"""A plain word for a suggestion score, so people need not interpret percentages.

Scores are a weighted mean of parts (the demo city's three best per record lie between 0.53
and 0.78, median 0.64); the word says where a score sits in that spread. The cut-offs are
the coordinator's queue threshold (0.66, about the strongest quarter of those top-three
scores) and just under the demo city's lowest top-three score (0.52 < 0.53); they are not
yet calibrated against introductions that led to a collaboration.
"""

from __future__ import annotations

#: (lowest score, label) from the closest down; below the last cut-off: "reference".
CUTS: tuple[tuple[float, str], ...] = (
    (0.66, "very_close"),
    (0.52, "close"),
)
LABELS = ("very_close", "close", "reference")


def closeness(score: float) -> str:
    """`very_close` (とても近い), `close` (近い) or `reference` (参考) for a score in [0, 1]."""
    for lowest, label in CUTS:
        if score >= lowest:
            return label
    return "reference"
