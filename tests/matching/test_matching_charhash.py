"""Character n-grams hashed on arrays land in exactly the columns scikit-learn's
FeatureHasher gives the n-gram strings, so vectors made either way are the same."""

from collections import Counter

from sklearn.feature_extraction import FeatureHasher

from matching.charhash import char_ngram_columns
from matching.text import char_ngrams
from matching.vectorize import CHAR_FEATURES, char_counts

TEXTS = [
    "一人暮らしの高齢者を見守るボランティアを募集します",
    "Hello wörld, café ñandú — Ωmega ąę ß",
    "😀 emoji and 𠮷野家 (four-byte characters)",
    "<b>子ども食堂</b> &amp; フードバンク",
    "a",
    "",
    "1234 5678",
    "x y z",
]


def _feature_hasher_columns(text: str, width: int) -> Counter[int]:
    """Each column FeatureHasher gives the text's n-gram strings, with its count."""
    grams = char_ngrams(text)
    if not grams:
        return Counter()
    row = FeatureHasher(width, input_type="string", alternate_sign=False).transform([grams])
    row = row.tocsr()
    return Counter(dict(zip(row.indices.tolist(), row.data.astype(int).tolist(), strict=True)))


def test_every_ngram_lands_in_feature_hashers_column() -> None:
    for width in (CHAR_FEATURES, 1 << 10):
        found = char_ngram_columns(TEXTS, (2, 3), width)
        assert found is not None
        rows, columns = found
        for i, text in enumerate(TEXTS):
            assert Counter(columns[rows == i].tolist()) == _feature_hasher_columns(text, width)


def test_counts_match_the_string_path() -> None:
    texts = [*TEXTS, "\ud800 broken"]  # a lone surrogate is no letter: it splits runs
    counts = char_counts(texts, (2, 3))
    for i, text in enumerate(texts):
        row = counts[i]
        expected = _feature_hasher_columns(text, CHAR_FEATURES)
        assert dict(zip(row.indices.tolist(), row.data.astype(int).tolist(), strict=True)) == (
            dict(expected))


def test_no_text_gives_an_empty_matrix() -> None:
    assert char_counts([], (2, 3)).shape == (0, CHAR_FEATURES)
    assert char_counts(["", "123"], (2, 3)).nnz == 0
