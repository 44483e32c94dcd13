"""The matching worker turns records into stored, explained suggestions and keeps them fresh."""

from __future__ import annotations

import pytest
from factories import directory

from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.introductions.models import Introduction, QueueItem, QueueOrigin
from kakehashi.suggestions import views as suggestion_views
from kakehashi.suggestions import worker as matching_worker
from kakehashi.suggestions.documents import load_corpus
from kakehashi.suggestions.models import Suggestion
from kakehashi.suggestions.worker import MatchingWorker

GROUPS = [
    ("みまもり隊", "welfare.elderly",
     "ひとり暮らしの高齢者を訪問し、見守りと声かけを続けています。"),
    ("子ども食堂ひまわり", "welfare.childcare",
     "子ども食堂を開き、放課後の居場所と学習支援をしています。"),
    ("海辺クリーン会", "environment.beautification", "海岸のごみ拾いと花壇の手入れをしています。"),
    ("防災リーダー会", "disaster.prevention", "避難訓練と防災マップづくりを地域で進めています。"),
]


async def _group(name: str, code: str, text: str, status: str = "approved") -> Organisation:
    return await directory.group(name, area="東地区", description=text,
                                 status=ApprovalStatus(status), fields=(code, code.split(".")[0]))


async def _need(title: str, code: str, text: str) -> Need:
    owner = await Department.get_or_none(name="高齢者支援課") or await directory.department(
        "高齢者支援課", section="", description="高齢者の暮らしを支えます。")
    return await directory.need(title, department=owner, description=text, area="東地区",
                                fields=(code, code.split(".")[0]))


async def test_a_need_gets_the_fitting_group_first_with_reasons_in_japanese(db: str) -> None:
    groups = {name: await _group(name, code, text) for name, code, text in GROUPS}
    need = await _need("高齢者の見守り協力団体の募集", "welfare.elderly",
                       "ひとり暮らしの高齢者の見守り訪問に協力していただける団体を募集します。")
    await MatchingWorker().run_once()
    views = await suggestion_views.for_source("need", need.id)
    assert views[0].name == "みまもり隊"
    assert views[0].url == f"/groups/{groups['みまもり隊'].id}"
    reasons = " / ".join(views[0].reasons)
    assert "高齢者" in reasons and "同じ地区: 東地区" in reasons
    assert all(0 <= v.score_percent <= 100 for v in views)


async def test_pending_groups_are_never_suggested(db: str) -> None:
    await _group("秘密の会", "welfare.elderly", "高齢者の見守り訪問をしています。", "pending")
    need = await _need("見守りの募集", "welfare.elderly", "高齢者の見守り訪問の協力団体。")
    await MatchingWorker().run_once()
    names = [v.name for v in await suggestion_views.for_source("need", need.id)]
    assert "秘密の会" not in names


async def test_a_new_need_is_picked_up_on_the_next_pass_without_refit(db: str) -> None:
    for name, code, text in GROUPS:
        await _group(name, code, text)
    await Department.create(name="高齢者支援課", description="高齢者の暮らしを支えます。")
    worker = MatchingWorker()
    await worker.run_once()
    matcher = worker.matcher
    need = await _need("海岸清掃の仲間募集", "environment.beautification",
                       "海岸のごみ拾いを一緒にしてくれる団体を募集します。")
    assert await worker.run_once() == 1
    assert worker.matcher is matcher
    views = await suggestion_views.for_source("need", need.id)
    assert views[0].name == "海辺クリーン会"
    assert await worker.run_once() == 0


async def test_a_closed_need_loses_its_suggestions(db: str) -> None:
    for name, code, text in GROUPS:
        await _group(name, code, text)
    need = await _need("見守りの募集", "welfare.elderly", "高齢者の見守り訪問の協力団体。")
    worker = MatchingWorker()
    await worker.run_once()
    assert await Suggestion.filter(source_type="need", source_id=need.id).exists()
    need.status = NeedStatus.CLOSED
    await need.save()
    await worker.run_once()
    assert not await Suggestion.filter(source_type="need", source_id=need.id).exists()


async def test_a_partner_busy_with_introductions_ranks_lower_and_says_why(db: str) -> None:
    text = "ひとり暮らしの高齢者を訪問し、見守りと声かけを続けています。"
    busy = await _group("みまもり隊", "welfare.elderly", text)
    free = await _group("みまもりの会", "welfare.elderly", text)
    need = await _need("高齢者の見守り協力団体の募集", "welfare.elderly",
                       "ひとり暮らしの高齢者の見守り訪問に協力していただける団体を募集します。")
    other = await Department.create(name="防災課", description="防災")
    worker = MatchingWorker()
    await worker.run_once()
    before = [v.name for v in await suggestion_views.for_source("need", need.id)]
    assert set(before[:2]) == {"みまもり隊", "みまもりの会"}

    for _ in range(3):
        await Introduction.create(
            party_a_kind="organisation", party_a_id=busy.id,
            party_b_kind="department", party_b_id=other.id,
        )
    assert await worker.run_once() == 0  # no record changed, only the partners' load
    views = await suggestion_views.for_source("need", need.id)
    assert [v.name for v in views[:2]] == ["みまもりの会", "みまもり隊"]
    busy_reasons = " / ".join(views[1].reasons)
    assert "3" in busy_reasons and "紹介" in busy_reasons
    assert free.id != busy.id


async def test_strong_suggestions_join_the_coordinators_queue_once(db: str) -> None:
    for name, code, text in GROUPS:
        await _group(name, code, text)
    need = await _need("高齢者の見守り協力団体の募集", "welfare.elderly",
                       "ひとり暮らしの高齢者の見守り訪問に協力していただける団体を募集します。")
    worker = MatchingWorker()
    await worker.run_once()
    queued = await QueueItem.filter(origin=QueueOrigin.SUGGESTION).values(
        "party_a_kind", "party_a_id", "party_b_kind", "party_b_id", "need_id", "reasons")
    mimamori = await Organisation.get(name="みまもり隊")
    pair = [q for q in queued if q["need_id"] == need.id
            and {q["party_a_kind"], q["party_b_kind"]} == {"department", "organisation"}
            and mimamori.id in (q["party_a_id"], q["party_b_id"])]
    assert len(pair) == 1 and pair[0]["reasons"]
    await Need.filter(id=need.id).update(description=need.description + "毎週です。")
    await worker.run_once()
    assert await QueueItem.filter(origin=QueueOrigin.SUGGESTION).count() == len(queued)


async def test_an_idle_pass_reads_no_texts(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, code, text in GROUPS:
        await _group(name, code, text)
    worker = MatchingWorker()
    await worker.run_once()
    reads: list[int] = []

    async def counting_load_corpus() -> object:
        reads.append(1)
        return await load_corpus()

    monkeypatch.setattr(matching_worker, "load_corpus", counting_load_corpus)
    assert await worker.run_once() == 0
    assert not reads  # nothing changed: only the fingerprint was asked for
    await _group("新しい会", "education", "放課後の学習支援をしています。")
    assert await worker.run_once() == 1
    assert reads == [1]
