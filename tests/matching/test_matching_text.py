"""Text analysis: the features behave on Japanese, English, mixed and hostile input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.text import MAX_CHARS, analyse, char_ngrams, clean, tokenize


def test_japanese_words_are_normalised_content_words() -> None:
    words = tokenize("子ども食堂のボランティアを募集しています")
    assert "子供" in words  # 子ども and 子供 become one word
    assert "ボランティア" in words
    assert "を" not in words and "いる" not in words


def test_surface_form_is_kept_for_explanations() -> None:
    pairs = dict(analyse("子ども食堂を運営"))
    assert pairs["子供"] == "子ども"


def test_english_words_are_lowercased_stemmed_and_stopworded() -> None:
    words = tokenize("The Volunteers are cleaning the Parks")
    assert words == ("volunteer", "clean", "park")


def test_mixed_text_keeps_both_scripts() -> None:
    words = tokenize("NPO法人 Green Tokyo が公園の清掃を行います")
    assert "green" in words and "公園" in words and "清掃" in words


def test_html_is_stripped_and_entities_decoded() -> None:
    assert clean("<p>防災&amp;訓練</p><script>x</script>") == "防災&訓練 x"


def test_char_ngrams_bridge_compounds() -> None:
    a, b = set(char_ngrams("高齢者見守り")), set(char_ngrams("高齢者の見守り"))
    assert {"高齢", "見守", "守り"} <= a & b


def test_numbers_only_and_emoji_give_no_features() -> None:
    assert tokenize("1234567") == ()
    assert char_ngrams("1234567") == []
    assert tokenize("😀😀😀") == ()


def test_long_text_is_cut() -> None:
    assert len(clean("あ" * (MAX_CHARS * 10))) == MAX_CHARS
    assert len(tokenize("高齢者の見守り。" * 5000)) > 0


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_safe(text: str) -> None:
    assert isinstance(tokenize(text), tuple)
    assert all(isinstance(g, str) and g for g in char_ngrams(text))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=4), max_size=30), min_size=1, max_size=5))
def test_hashed_counts_give_the_columns_of_feature_hasher(rows: list[list[str]]) -> None:
    """Saved indexes were vectorised by `FeatureHasher`: the fast path must agree with it."""
    import numpy as np
    from sklearn.feature_extraction import FeatureHasher

    from matching.vectorize import hashed_counts

    n_features = 1 << 12
    ours = hashed_counts(rows, n_features)
    theirs = FeatureHasher(n_features, input_type="string", alternate_sign=False).transform(rows)
    assert ours.shape == theirs.shape
    assert np.array_equal(ours.toarray(), theirs.toarray())
    assert all(np.all(np.diff(ours.indices[a:b]) > 0)
               for a, b in zip(ours.indptr[:-1], ours.indptr[1:], strict=True))
