"""Every list shows an organisation once: its profile and offers are one row saying which fit;
the coordinator's overview says who posted each call, so no two rows look alike."""

from __future__ import annotations

import httpx
from factories import directory
from factories.accounts import account
from support import sign_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.orgs import ApprovalStatus
from kakehashi.suggestions import views as suggestion_views
from kakehashi.suggestions.models import Suggestion
from kakehashi.suggestions.worker import MatchingWorker

ELDERLY = ("welfare.elderly", "welfare")
TEXT = "ひとり暮らしの高齢者の見守り訪問と配食をしています。"


async def _city() -> tuple[int, int, int]:
    group = await directory.group("みまもり隊", area="東地区", description=TEXT,
                                  status=ApprovalStatus.APPROVED, fields=ELDERLY)
    await directory.capability("高齢者宅への見守り訪問", organisation=group,
                               description="高齢者の見守り訪問を毎週行えます。", fields=ELDERLY)
    await directory.group("海辺クリーン会", description="海岸のごみ拾いをしています。",
                          status=ApprovalStatus.APPROVED, fields=("environment",))
    first = await directory.department("高齢者支援課", description="高齢者の暮らしを支えます。")
    second = await directory.department("地域福祉課", description="地域の福祉を進めます。")
    needs = []
    for owner in (first, second):  # two departments post calls with the same title
        needs.append(await directory.need(
            "見守り協力団体の募集", department=owner, area="東地区", fields=ELDERLY,
            description="高齢者の見守り訪問に協力していただける団体を募集します。"))
    await MatchingWorker().run_once()
    return group.id, needs[0].id, needs[1].id


async def test_a_group_with_a_fitting_offer_appears_once_saying_what_fits(db: str) -> None:
    group_id, need_id, _ = await _city()
    stored = await Suggestion.filter(source_type="need", source_id=need_id).values_list(
        "target_type", flat=True)
    assert {"organisation", "capability"} <= set(stored)  # the engine found both records
    views = await suggestion_views.for_source("need", need_id)
    mimamori = [v for v in views if v.name == "みまもり隊"]
    assert len(mimamori) == 1
    assert mimamori[0].url == f"/groups/{group_id}"
    assert mimamori[0].items == ("団体の紹介", "提供できること: 高齢者宅への見守り訪問") or (
        mimamori[0].items == ("提供できること: 高齢者宅への見守り訪問", "団体の紹介"))
    assert [v.rank for v in views] == list(range(1, len(views) + 1))


async def test_the_overview_shows_each_pair_once_with_who_posted_the_call(
    client: httpx.AsyncClient,
) -> None:
    await _city()
    await account("office@city.example", Role.COORDINATOR)
    pairs = await suggestion_views.strongest_pairs()
    keys = [(p.source_url, p.suggestion.url) for p in pairs]
    assert len(keys) == len(set(keys))
    assert {p.source_owner for p in pairs if p.suggestion.name == "みまもり隊"} == {
        "高齢者支援課", "地域福祉課"}
    await sign_in(client, "office@city.example")
    page = await client.get("/coordinator/suggestions")
    assert "募集元: 高齢者支援課" in page.text and "募集元: 地域福祉課" in page.text
    assert "合う情報: " in page.text
