"""The hybrid index: approximate candidates, exact re-rank, against exact cosine."""

from __future__ import annotations

import numpy as np
import pytest

from matching import Document, Matcher
from matching.index import VectorStore
from matching.search import HybridIndex, top_candidates
from matching.vectorize import TextVectorizer

PHRASES = [
    "高齢者の見守り",
    "子ども食堂",
    "学習支援",
    "防災訓練",
    "河川の清掃",
    "夏祭りの運営",
    "商店街の活性化",
    "公園の管理",
    "読み聞かせ",
    "介護予防体操",
    "避難所運営",
    "植樹活動",
    "国際交流",
    "空き家の活用",
    "傾聴ボランティア",
    "夜間パトロール",
    "ごみの減量",
]


def documents(n: int, seed: int, prefix: str = "s") -> list[Document]:
    """Japanese texts from shared phrases plus made-up rare words (a long tail)."""
    rng = np.random.default_rng(seed)
    kanji = [chr(c) for c in range(0x4E00, 0x4E00 + 800)]
    out = []
    for i in range(n):
        parts = list(rng.choice(PHRASES, size=4))
        rare = "".join(rng.choice(kanji, size=3)) + "と" + "".join(rng.choice(kanji, size=2))
        text = (
            f"私たちは{parts[0]}と{parts[1]}を行っています。{rare}にも取り組み、"
            f"{parts[2]}や{parts[3]}の経験があります。"
        )
        out.append(Document(id=f"{prefix}{i}", text=text))
    return out


@pytest.fixture(scope="module")
def corpus() -> tuple[list[Document], list[Document]]:
    return list(documents(3000, seed=1)), list(documents(200, seed=2, prefix="q"))


def test_top_candidates_matches_a_full_sort() -> None:
    rng = np.random.default_rng(0)
    S = rng.random((7, 20_000), dtype=np.float32)
    got = np.sort(top_candidates(S, 25), axis=1)
    want = np.sort(np.argsort(-S, axis=1)[:, :25], axis=1)
    assert (got == want).all()


def test_hybrid_top10_recall_and_exact_scores(
    corpus: tuple[list[Document], list[Document]],
) -> None:
    docs, queries = corpus
    vec = TextVectorizer()
    X = vec.fit_transform(docs)
    Q = vec.transform(queries)
    index = HybridIndex(n_head=512, rank=64, candidates=30).fit(X)
    found, scores = index.topk(Q, 10)
    exact = (Q @ X.T).toarray()
    assert np.allclose(scores, np.take_along_axis(exact, found, 1), atol=1e-5)
    tenth = np.sort(exact, axis=1)[:, -10]
    assert np.mean(scores >= tenth[:, None] - 1e-5) >= 0.95


def test_store_buffer_and_mask(corpus: tuple[list[Document], list[Document]]) -> None:
    docs, queries = corpus
    vec = TextVectorizer()
    X = vec.fit_transform(docs)
    Q = vec.transform(queries[:20])
    store = VectorStore(X.shape[1], hybrid_rows=1000)
    store.replace(X[:2500])
    store.append(X[2500:])  # stays in the buffer, scored exactly
    allowed = np.ones(len(docs), dtype=bool)
    allowed[::2] = False
    found, _ = store.topk(Q, 5, allowed, n_jobs=2)
    assert allowed[found].all()


def test_matcher_with_hybrid_index_agrees_with_exact(
    corpus: tuple[list[Document], list[Document]],
) -> None:
    docs, queries = corpus
    exact = Matcher(second_order=0).fit(docs)
    hybrid = Matcher(hybrid_rows=1000, second_order=0).fit(docs)
    assert hybrid.store_.hybrid is not None and exact.store_.hybrid is None
    # Synthetic texts tie often, so compare the scores of the lists, not the ids.
    agree = 0
    for q in queries[:30]:
        a = [s.score for s in exact.suggest(q, 10)]
        b = [s.score for s in hybrid.suggest(q, 10)]
        agree += np.allclose(a, b, atol=1e-4)
    assert agree >= 27
    near_a = exact.nearest(queries[:30], 10)
    near_b = hybrid.nearest(queries[:30], 10, n_jobs=2)
    overlap = np.mean(
        [
            len({i for i, _ in a} & {i for i, _ in b}) / 10
            for a, b in zip(near_a, near_b, strict=True)
        ]
    )
    assert overlap >= 0.95


def test_hybrid_neighbours_keep_the_same_suggestions(
    corpus: tuple[list[Document], list[Document]],
) -> None:
    """Second-order text reads each row's 40 nearest anchors, found with the hybrid index's
    approximate scores on a large index: nearly every suggestion stays the same."""
    docs, queries = corpus
    exact = Matcher().fit(docs)
    hybrid = Matcher(hybrid_rows=1000).fit(docs)
    shared = [
        len({s.id for s in exact.suggest(q, 10)} & {s.id for s in hybrid.suggest(q, 10)})
        for q in queries[:30]
    ]
    assert sum(shared) >= 0.97 * 300 and min(shared) >= 7
