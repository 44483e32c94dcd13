"""`lists_entered` finds every stored list a new or edited document enters (none missed)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from matching import Document, Matcher
from matching.reach import lists_entered

WORDS = [
    "高齢者", "見守り", "配食", "子ども", "食堂", "学習", "支援", "防災", "訓練", "避難", "清掃",
    "ごみ", "花壇", "河川", "祭り", "文化", "音楽", "図書", "外国人", "通訳", "送迎", "会場",
    "サロン", "体操", "認知症", "カフェ",
]
FIELDS = ("welfare", "education", "disaster", "environment", "culture", "community")
GROUPS = {"profile": None, "capability": None}
K = 5


def _doc(rng: random.Random, i: int, role: str) -> Document:
    words = rng.sample(WORDS, 4)
    return Document(
        id=f"{role}{i}", text="と".join(words) + "の活動です。",
        fields=frozenset(rng.sample(FIELDS, 1)) if rng.random() < 0.6 else None,
        kind="department" if role == "need" else rng.choice(("npo", "citizen_group")),
        area=rng.choice(("北地区", "南地区", None)), role=role,
        owner=f"o{i % 40}" if role == "profile" else f"d{i % 7}",
    )


@pytest.mark.parametrize(("seed", "hybrid_rows"), [(0, 10_000), (1, 10_000), (0, 100)])
def test_every_list_a_new_group_enters_is_found(seed: int, hybrid_rows: int) -> None:
    """Exact and hybrid (approximate text scores, re-scored exactly for the short list)."""
    rng = random.Random(seed)
    groups = [_doc(rng, i, "profile") for i in range(150)]
    needs = [_doc(rng, i, "need") for i in range(60)]
    matcher = Matcher(hybrid_rows=hybrid_rows).fit(groups + needs)
    assert (matcher.store_.hybrid is not None) == (hybrid_rows < 210)
    before = dict(zip((n.id for n in needs), matcher.suggest_many(needs, K, role_kinds=GROUPS),
                      strict=True))
    floors = {key: found[-1].score for key, found in before.items() if len(found) == K}
    newcomers = [_doc(random.Random(seed + 100), 500 + j, "profile") for j in range(5)]
    edited = replace(groups[3], text=newcomers[0].text)
    reached = lists_entered(matcher, [*newcomers, edited], floors, {"need": None})
    matcher.add([*newcomers, edited])
    after = dict(zip((n.id for n in needs), matcher.suggest_many(needs, K, role_kinds=GROUPS),
                     strict=True))
    moved = {c.id for c in newcomers} | {edited.id}
    # Lists that now show a moved document they did not show (lists that already showed the
    # edited one are recomputed by the worker anyway).
    entered = {
        key for key, found in after.items()
        if ({s.id for s in found} - {s.id for s in before[key]}) & moved
    }
    found = set().union(*reached.values())
    assert entered, "the fixture should make the newcomers enter some lists"
    assert entered <= found
    assert len(found) < len(needs)  # not every list: the test is selective




def test_earlier_lists_give_the_same_suggestions_and_reasons() -> None:
    rng = random.Random(3)
    groups = [_doc(rng, i, "profile") for i in range(120)]
    needs = [_doc(rng, i, "need") for i in range(30)]
    matcher = Matcher().fit(groups + needs)
    before = matcher.suggest_many(needs, K, role_kinds=GROUPS)
    matcher.add([_doc(rng, 900, "profile")])
    previous = {n.id: found for n, found in zip(needs, before, strict=True)}
    fresh = matcher.suggest_many(needs, K, role_kinds=GROUPS)
    reused = matcher.suggest_many(needs, K, role_kinds=GROUPS, previous=previous)
    assert [[(s.id, s.score, s.reasons) for s in f] for f in fresh] == [
        [(s.id, s.score, s.reasons) for s in f] for f in reused]
    assert any(s is p for f, b in zip(reused, before, strict=True) for s in f for p in b)


def test_forked_ranking_gives_the_same_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    from matching import parallel

    monkeypatch.setattr(parallel, "FORK_QUERIES", 10)
    rng = random.Random(5)
    docs = [_doc(rng, i, "profile") for i in range(80)] + [_doc(rng, i, "need") for i in range(40)]
    serial = Matcher().fit(docs).suggest_many(docs[80:], K)
    forked = Matcher(n_jobs=2).fit(docs).suggest_many(docs[80:], K)
    assert [[(s.id, s.score) for s in f] for f in forked] == [
        [(s.id, s.score) for s in f] for f in serial]
