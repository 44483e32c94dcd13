"""Reasons in whole words, and the diversity note only where entries were left out."""

from __future__ import annotations

import numpy as np

from matching import Document, Matcher
from matching.diversity import diversify
from matching.explain import shared_terms

FRAGMENTS = {"応じ", "宅", "名", "回", "づくり", "合わせ", "取り組ん", "付き添っ", "知っ"}


def test_shared_words_are_whole_words_in_dictionary_form() -> None:
    a = Document(
        id="a",
        text="要望に応じて自宅を訪問し、1名で月2回、まちづくりに取り組んでいます。"
        "通院に付き添って、地域を知って、予定を合わせています。",
    )
    b = Document(
        id="b",
        text="要望に応じ、宅配で3名が毎回まちづくりに取り組んだ。通院に付き添った。"
        "地域を知った。予定を合わせた。",
    )
    m = Matcher().fit([a, b, Document(id="c", text="海岸の清掃")])
    terms = shared_terms(a, b, m.vectorizer_)
    assert terms, "the two texts share words"
    assert not FRAGMENTS & set(terms)
    assert all(len(t) >= 2 for t in terms)
    assert {"応じる", "取り組む", "付き添う"} & set(terms) or "まちづくり" in terms


def test_the_diversity_note_names_only_an_owner_with_entries_left_out() -> None:
    owners = ["o1", "o1", "o1", "o2", None]
    sim = np.eye(5)
    chosen, held = diversify(owners, sim, k=3, max_per_owner=2)
    assert held == {"o1"}  # its third entry did not make the list
    chosen, held = diversify(owners, sim, k=5, max_per_owner=2)
    assert len(chosen) == 5 and held == set()  # the held entry filled a free place
