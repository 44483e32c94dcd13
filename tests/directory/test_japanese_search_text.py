"""The search normaliser: kana, width and inflection variants all reach the same record."""

from __future__ import annotations

import pytest

from kakehashi.directory.japanese import query_terms, search_text


def _matches(stored: str, query: str) -> bool:
    return all(any(v in stored for v in variants) for variants in query_terms(query))


@pytest.mark.parametrize("query", ["見守り", "みまもり", "ミマモリ", "見守る", "高齢者 見守り"])
def test_variants_of_mimamori_find_the_activity(query: str) -> None:
    assert _matches(search_text("高齢者の見守り活動"), query)


@pytest.mark.parametrize("query", ["ＮＰＯ", "npo", "NPO"])
def test_width_and_case_do_not_matter(query: str) -> None:
    assert _matches(search_text("NPO法人 かけはし"), query)


def test_unrelated_words_do_not_match() -> None:
    assert not _matches(search_text("高齢者の見守り活動"), "花壇")
    assert not _matches(search_text("高齢者の見守り活動"), "見守り 花壇")


def test_punctuation_does_not_make_every_text_match_kigou() -> None:
    stored = search_text("(仮称)みどりの会、花壇の手入れ!")
    assert not _matches(stored, "きごう")
    assert not _matches(stored, "記号")
