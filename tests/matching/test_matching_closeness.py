"""Scores come with a plain word, so nobody has to interpret 81 % against 79 %."""

from __future__ import annotations

from matching import Suggestion, closeness


def test_the_word_follows_the_score_from_close_to_reference() -> None:
    assert closeness(0.95) == "very_close"
    assert closeness(0.66) == "very_close"  # the queue's threshold
    assert closeness(0.60) == "close"
    assert closeness(0.45) == "reference"
    assert closeness(0.0) == "reference"


def test_each_suggestion_carries_its_word() -> None:
    assert Suggestion(id="g1", score=0.9).closeness == "very_close"
    assert Suggestion(id="g2", score=0.1).closeness == "reference"
