"""One worker pass after an edit updates the lists the edit affects and leaves the rest alone."""

from __future__ import annotations

from factories import directory

from kakehashi.directory.models.needs import Need
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.suggestions import views as suggestion_views
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


async def _city() -> tuple[dict[str, Organisation], Need, Need]:
    groups = {
        name: await directory.group(name, area="東地区", description=text,
                                    status=ApprovalStatus.APPROVED,
                                    fields=(code, code.split(".")[0]))
        for name, code, text in GROUPS
    }
    welfare = await directory.department("高齢者支援課", section="",
                                         description="高齢者の暮らしを支えます。")
    elderly = await directory.need(
        "高齢者の見守り協力団体の募集", department=welfare, area="東地区",
        description="ひとり暮らしの高齢者の見守り訪問に協力していただける団体を募集します。",
        fields=("welfare.elderly", "welfare"))
    school = await directory.need(
        "放課後の学習支援ボランティア", department=welfare, area="東地区",
        description="放課後の子どもの学習支援と居場所づくりに協力してくれる団体。",
        fields=("welfare.childcare", "welfare"))
    return groups, elderly, school


async def _rows(source_type: str, source_id: int) -> list[tuple[object, ...]]:
    return await Suggestion.filter(source_type=source_type, source_id=source_id).order_by(
        "rank").values_list("id", "target_type", "target_id", "score", "computed_at")


async def test_an_edited_call_reaches_the_fitting_group_and_unrelated_rows_stay(db: str) -> None:
    groups, elderly, school = await _city()
    worker = MatchingWorker()
    await worker.run_once()
    beach = groups["海辺クリーン会"]
    unrelated = await _rows("need", school.id)
    assert unrelated
    before = {v.url: v for v in await suggestion_views.for_source("organisation", beach.id)}

    elderly.title = "海岸清掃の仲間募集"
    elderly.description = "海岸のごみ拾いを一緒にしてくれる団体を募集します。"
    await elderly.save()
    assert await worker.run_once() == 1

    after = {v.url: v for v in await suggestion_views.for_source("organisation", beach.id)}
    call = f"/needs/{elderly.id}"
    assert after[call].score_percent > before[call].score_percent
    assert after[call].rank < after[f"/needs/{school.id}"].rank
    assert any("海岸" in reason for reason in after[call].reasons)
    own = {v.name: v for v in await suggestion_views.for_source("need", elderly.id)}
    assert any("海岸" in reason for reason in own["海辺クリーン会"].reasons)
    assert await _rows("need", school.id) == unrelated  # same rows, not rewritten
    department = await Department.get(name="高齢者支援課")
    assert await _rows("department", department.id)  # still there
    sources = await Suggestion.all().values_list("source_type", "source_id")
    assert worker.last_recomputed < len(set(sources))


async def test_a_new_call_reaches_the_group_lists_in_one_pass(db: str) -> None:
    groups, _, _ = await _city()
    worker = MatchingWorker()
    await worker.run_once()
    welfare = await Department.get(name="高齢者支援課")
    drill = await directory.need(
        "地域の避難訓練に協力する団体", department=welfare, area="東地区",
        description="避難訓練と防災マップづくりを手伝ってくれる団体を募集します。",
        fields=("disaster.prevention", "disaster"))
    assert await worker.run_once() == 1
    leader = await suggestion_views.for_source("organisation", groups["防災リーダー会"].id)
    calls = [v.url for v in leader if v.url.startswith("/needs/")]
    assert calls[0] == f"/needs/{drill.id}"
    assert (await suggestion_views.for_source("need", drill.id))[0].name == "防災リーダー会"


async def test_an_idle_pass_after_an_edit_writes_nothing(db: str) -> None:
    await _city()
    worker = MatchingWorker()
    await worker.run_once()
    before = await Suggestion.all().order_by("id").values_list("id", "score", "computed_at")
    worker.fingerprint = None  # force a reread: same texts, so no list differs
    await worker.run_once()
    assert worker.last_recomputed == 0
    assert await Suggestion.all().order_by("id").values_list("id", "score", "computed_at") == before
