"""Properties of the matching maths, checked on generated corpora (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matching import FIELDS, KINDS, Document, Matcher

WORDS = [
    "高齢者",
    "見守り",
    "子ども",
    "学習支援",
    "防災",
    "訓練",
    "清掃",
    "公園",
    "祭り",
    "商店街",
    "volunteer",
    "park",
    "tutoring",
    "空き家",
    "福祉",
    "環境",
    "😀",
    "123",
    "<b>",
    "地域",
]
AREAS = ["北地区", "南地区", "東地区", None]


@st.composite
def documents(
    draw: st.DrawFn, prefix: str, min_size: int = 1, max_size: int = 12
) -> list[Document]:
    n = draw(st.integers(min_size, max_size))
    out = []
    for i in range(n):
        words = draw(st.lists(st.sampled_from(WORDS), max_size=8))
        fields = draw(st.one_of(st.none(), st.frozensets(st.sampled_from(FIELDS), max_size=3)))
        out.append(
            Document(
                id=f"{prefix}{i}",
                text="、".join(words),
                fields=fields,
                kind=draw(st.sampled_from([*KINDS, None])),
                area=draw(st.sampled_from(AREAS)),
            )
        )
    return out


def ranking(m: Matcher, q: Document, k: int, **kw: object) -> list[tuple[str, float]]:
    return [(s.id, round(s.score, 5)) for s in m.suggest(q, k, **kw)]  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(documents("d", 2), st.integers(1, 15))
def test_scores_in_range_ordered_and_never_self(docs: list[Document], k: int) -> None:
    m = Matcher().fit(docs)
    for q in docs:
        found = m.suggest(q, k)
        scores = [s.score for s in found]
        assert all(0.0 <= s <= 1.0 for s in scores)
        assert scores == sorted(scores, reverse=True)
        assert q.id not in {s.id for s in found}
        assert len(found) == min(k, len(docs) - 1)  # no owners set: diversity never shortens
        assert len({s.id for s in found}) == len(found)


@settings(max_examples=30, deadline=None)
@given(documents("a", 1), documents("b", 1, 6), documents("q", 1, 3))
def test_add_then_suggest_equals_reindex_on_same_vocabulary(
    base: list[Document], extra: list[Document], queries: list[Document]
) -> None:
    grown = Matcher().fit(base)
    grown.add(extra)
    rebuilt = Matcher().fit(base).index(base + extra)
    for q in queries:
        assert ranking(grown, q, 10) == ranking(rebuilt, q, 10)


@settings(max_examples=30, deadline=None)
@given(documents("a", 2), st.data())
def test_remove_equals_reindex_without_them(docs: list[Document], data: st.DataObject) -> None:
    gone = data.draw(st.sets(st.sampled_from([d.id for d in docs])))
    removed = Matcher().fit(docs)
    removed.remove(gone)
    rebuilt = Matcher().fit(docs).index([d for d in docs if d.id not in gone])
    for q in docs[:3]:
        assert ranking(removed, q, 10) == ranking(rebuilt, q, 10)


@settings(max_examples=30, deadline=None)
@given(documents("d", 2), st.floats(0.5, 50), st.data())
def test_load_never_raises_a_score(docs: list[Document], load: float, data: st.DataObject) -> None:
    m = Matcher().fit(docs)
    q = docs[0]
    target = data.draw(st.sampled_from([d.id for d in docs[1:]]))
    free = {s.id: s.score for s in m.suggest(q, len(docs))}
    busy = {s.id: s.score for s in m.suggest(q, len(docs), load={target: load})}
    assert busy[target] <= free[target]
    assert all(busy[i] == free[i] for i in free if i != target)


@settings(max_examples=30, deadline=None)
@given(documents("d", 1), st.text(max_size=200))
def test_any_query_text_is_answered(docs: list[Document], text: str) -> None:
    m = Matcher().fit(docs)
    found = m.suggest(Document("query", text), 5)
    assert len(found) == min(5, len(docs))
