"""The public API: suggestions, filters, reasons, anti-fixation, diversity, add/remove, save."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching import (
    Document,
    Matcher,
    departments_for_proposal,
    groups_for_need,
    needs_for_group,
    pairs_above,
)

NEED = Document(
    "q",
    "一人暮らしの高齢者を見守るボランティアを募集します",
    frozenset({"welfare"}),
    "department",
    "北地区",
    "need",
    "city-q",
)


def test_fit_returns_self(docs: list[Document]) -> None:
    m = Matcher()
    assert m.fit(docs) is m
    assert len(m) == len(docs)


def test_suggest_finds_the_obvious_partner(matcher: Matcher) -> None:
    found = matcher.suggest(NEED, k=3)
    assert found[0].id in {"g1", "d1", "g5", "g6"}
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_a_query_never_suggests_itself_or_its_owner(matcher: Matcher, docs: list[Document]) -> None:
    for d in docs:
        ids = [s.id for s in matcher.suggest(d, k=20)]
        assert d.id not in ids
        owners = {x.owner for x in docs if x.id in ids}
        assert d.owner not in owners


def test_reasons_say_why(matcher: Matcher) -> None:
    top = {s.id: s for s in matcher.suggest(NEED, k=10)}["g1"]
    codes = {r.code: r for r in top.reasons}
    assert codes["shared_fields"].data["fields"] == ["welfare"]
    assert "高齢者" in codes["shared_terms"].data["terms"]
    assert codes["same_area"].data["area"] == "北地区"
    assert all(r.text for r in top.reasons)


def test_english_query_matches_english_documents(matcher: Matcher) -> None:
    q = Document("e", "Looking for volunteers to plant trees and clean the park")
    ids = [s.id for s in matcher.suggest(q, k=3)]
    assert "g9" in ids


def test_load_penalty_lowers_a_busy_partner_and_says_so(matcher: Matcher) -> None:
    free = {s.id: s for s in matcher.suggest(NEED, k=15)}
    busy = {s.id: s for s in matcher.suggest(NEED, k=15, load={"g1": 8})}
    assert busy["g1"].score < free["g1"].score
    reason = next(r for r in busy["g1"].reasons if r.code == "load_penalty")
    assert reason.data["current"] == 8
    assert not any(r.code == "load_penalty" for r in free["g1"].reasons)


def test_load_can_be_given_per_owner(matcher: Matcher) -> None:
    free = {s.id: s.score for s in matcher.suggest(NEED, k=15)}
    busy = {s.id: s.score for s in matcher.suggest(NEED, k=15, load={"o1": 8})}
    assert busy["g1"] < free["g1"]


def test_no_more_than_two_entries_of_one_organisation(matcher: Matcher) -> None:
    ids = [s.id for s in matcher.suggest(NEED, k=5)]
    assert sum(i in {"g5", "g6", "g7"} for i in ids) <= 2


def test_filters_restrict_candidates(matcher: Matcher, docs: list[Document]) -> None:
    kinds = {d.id: d.kind for d in docs}
    assert all(kinds[s.id] == "department" for s in matcher.suggest(NEED, kinds={"department"}))
    assert [s.id for s in matcher.suggest(NEED, ids={"g3", "g4"})] == ["g3", "g4"] or {
        s.id for s in matcher.suggest(NEED, ids={"g3", "g4"})
    } == {"g3", "g4"}
    assert {s.id for s in matcher.suggest(NEED, roles={"need"})} <= {"n1", "n2"}
    assert matcher.suggest(NEED, where=lambda d: False) == []


def test_directions(matcher: Matcher, docs: list[Document]) -> None:
    by_id = {d.id: d for d in docs}
    assert all(by_id[s.id].kind != "department" for s in groups_for_need(matcher, NEED))
    for s in needs_for_group(matcher, by_id["g3"]):
        assert by_id[s.id].role == "need" or by_id[s.id].kind == "department"
    proposal = Document("p", "地域の防災訓練を一緒に企画したい", role="proposal", kind="npo")
    routed = departments_for_proposal(matcher, proposal, k=2)
    assert routed[0].id == "d2"
    pairs = pairs_above(matcher, 0.3)
    assert pairs and all(p.score >= 0.3 for p in pairs)
    assert len({(min(p.a, p.b), max(p.a, p.b)) for p in pairs}) == len(pairs)


def test_suggest_many_keeps_query_order(matcher: Matcher, docs: list[Document]) -> None:
    many = matcher.suggest_many(docs[:5], k=4)
    assert [[s.id for s in x] for x in many] == [
        [s.id for s in matcher.suggest(d, k=4)] for d in docs[:5]
    ]


def test_add_and_remove_without_refit(docs: list[Document]) -> None:
    m = Matcher().fit(docs)
    m.add([Document("new", "高齢者の見守り訪問ボランティア", frozenset({"welfare"}), "individual")])
    assert "new" in [s.id for s in m.suggest(NEED, k=5)]
    m.remove(["new", "g1", "unknown-id"])
    ids = [s.id for s in m.suggest(NEED, k=20)]
    assert "new" not in ids and "g1" not in ids
    m.add([docs[0]])
    assert "g1" in [s.id for s in m.suggest(NEED, k=20)]


def test_a_document_added_after_a_query_gets_its_area_and_kind_parts(docs: list[Document]) -> None:
    m = Matcher().fit(docs)
    m.suggest(NEED, k=5)  # the parts for 北地区 and for departments' queries are now kept
    added = Document("new", "高齢者の見守り訪問", frozenset({"welfare"}), "npo", "北地区")
    m.add([added])
    new = {s.id: s for s in m.suggest(NEED, k=len(docs) + 1)}["new"]
    assert new.parts["area"] == 1.0
    assert new.parts["kind"] > 0.0
    assert "same_area" in {r.code for r in new.reasons}


def test_adding_a_known_id_replaces_it(docs: list[Document]) -> None:
    m = Matcher().fit(docs)
    m.add([Document("g4", "高齢者の見守りボランティア", frozenset({"welfare"}))])
    assert len(m) == len(docs)
    assert [s.id for s in m.suggest(NEED, k=20)].count("g4") == 1


def test_save_and_load_round_trip(tmp_path: Path, docs: list[Document]) -> None:
    m = Matcher(load_penalty=0.7).fit(docs)
    m.remove(["g2"])
    path = tmp_path / "matcher.npz"
    m.save(path)
    back = Matcher.load(path)
    assert back.load_penalty == 0.7 and len(back) == len(m)
    before = [(s.id, round(s.score, 6)) for s in m.suggest(NEED)]
    after = [(s.id, round(s.score, 6)) for s in back.suggest(NEED)]
    assert before == after


@pytest.mark.parametrize(
    "text", ["", "   ", "😀🎉", "<b></b>", "0123456789", "&amp;&lt;", "a" * 200_000, "\x00\x01"]
)
def test_bad_query_text_never_crashes(matcher: Matcher, text: str) -> None:
    found = matcher.suggest(Document("bad", text), k=5)
    assert all(0.0 <= s.score <= 1.0 for s in found)


def test_bad_documents_can_be_indexed() -> None:
    docs = [Document(str(i), t) for i, t in enumerate(["", "😀", "<br>", "42", "ok text"])]
    m = Matcher().fit(docs)
    assert len(m.suggest(docs[4], k=10)) == 4


def test_empty_index_and_zero_k() -> None:
    m = Matcher().fit([])
    assert m.suggest(NEED) == []
    m.add([Document("a", "防災")])
    assert [s.id for s in m.suggest(NEED)] == ["a"]
    assert m.suggest(NEED, k=0) == []


def test_non_document_input_is_refused() -> None:
    with pytest.raises(TypeError):
        Matcher().fit(["just a string"])  # type: ignore[list-item]
