"""Second-order text: descriptions that share no word still meet through the descriptions
near both (見守り and 安否確認 are written side by side by many groups)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching import Document, Matcher, neighbours

BRIDGES = [
    "ひとり暮らし高齢者の見守りと災害時の安否確認を行う団体です",
    "見守り訪問と安否確認の電話をしています",
    "地域の見守り活動、安否確認、声かけ",
    "安否確認と見守りのボランティアを募集",
    "町内の見守りと安否確認の体制づくり",
]
OTHERS = [
    "子ども食堂と学習支援の活動",
    "河川の清掃と花壇の手入れ",
    "伝統芸能の保存と祭りの運営",
    "外国人住民のための日本語教室",
    "図書館での読み聞かせ",
]


def _corpus() -> list[Document]:
    docs = [Document(f"b{i}", text) for i, text in enumerate(BRIDGES)]
    docs += [Document(f"o{i}", text) for i, text in enumerate(OTHERS)]
    docs.append(Document("safety", "災害時の安否確認の連絡網を作っています"))
    docs.append(Document("river", "河川敷のごみ拾いを月に一度"))
    return docs


QUERY = Document("call", "見守り活動に協力してくれる方")


def _text_of(matcher: Matcher, doc_id: str) -> float:
    found = {s.id: s.parts["text"] for s in matcher.suggest(QUERY, k=20)}
    return found.get(doc_id, 0.0)


def test_a_description_in_other_words_gets_text_credit_through_shared_neighbours() -> None:
    plain = Matcher(second_order=0).fit(_corpus())
    blended = Matcher().fit(_corpus())
    # 「安否確認の連絡網」 shares no word with 「見守り活動」: plain cosine sees nothing.
    assert _text_of(plain, "safety") < 0.05
    assert _text_of(blended, "safety") > 0.1
    assert _text_of(blended, "safety") > 3 * _text_of(blended, "river")


def test_a_new_document_changes_no_other_pair() -> None:
    """Anchors are learnt in fit: adding a document moves only the pairs it is part of,
    which is what lets the worker recompute only the lists it reaches."""
    matcher = Matcher().fit(_corpus())
    before = {s.id: s.score for s in matcher.suggest(QUERY, k=20)}
    matcher.add([Document("new", "見守りと安否確認の新しいグループ")])
    after = {s.id: s.score for s in matcher.suggest(QUERY, k=20)}
    assert "new" in after
    assert {i: after[i] for i in before if i in after} == {
        i: before[i] for i in before if i in after}


def test_an_edited_document_is_scored_by_its_new_text() -> None:
    matcher = Matcher().fit(_corpus())
    edited = Document("river", "見守りと安否確認を始めました")
    matcher.add([edited])
    scores = {s.id: s.parts["text"] for s in matcher.suggest(QUERY, k=20)}
    rebuilt = Matcher().fit(_corpus()).index([*_corpus()[:-1], edited])
    again = {s.id: s.parts["text"] for s in rebuilt.suggest(QUERY, k=20)}
    assert abs(scores["river"] - again["river"]) < 1e-6
    assert scores["river"] > 0.2


def test_a_large_index_anchors_on_an_even_sample(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Above `MAX_ANCHORS` rows `fit` anchors on a sample (finding anchors costs a pass over
    them); the sample is saved with the index and scores stay the same after loading."""
    monkeypatch.setattr(neighbours, "MAX_ANCHORS", 6)
    matcher = Matcher().fit(_corpus())
    assert len(matcher.neighbours_.anchor_ids) == 6
    assert _text_of(matcher, "safety") > 0.0
    matcher.save(tmp_path / "m.npz")
    back = Matcher.load(tmp_path / "m.npz")
    assert [(s.id, round(s.score, 6)) for s in back.suggest(QUERY, k=5)] == [
        (s.id, round(s.score, 6)) for s in matcher.suggest(QUERY, k=5)]
