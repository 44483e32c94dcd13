"""Suggestion pages: shown with reasons to the parties and coordinators, to nobody else."""

from __future__ import annotations

import httpx
from factories.accounts import account
from support import sign_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.suggestions.worker import MatchingWorker
from kakehashi.taxonomy.models import Field


async def _city() -> Need:
    welfare = await Field.filter(code__in=["welfare", "welfare.elderly"])
    group = await Organisation.create(
        name="みまもり隊", kind="citizen_group", status="approved", area="東地区",
        description="ひとり暮らしの高齢者を訪問し、見守りと声かけを続けています。",
    )
    await group.fields_.add(*welfare)
    other = await Organisation.create(
        name="海辺クリーン会", kind="citizen_group", status="approved",
        description="海岸のごみ拾いをしています。",
    )
    await other.fields_.add(*await Field.filter(code="environment"))
    department = await Department.create(name="高齢者支援課")
    need = await Need.create(
        title="見守り協力団体の募集", department=department, status=NeedStatus.OPEN,
        description="高齢者の見守り訪問に協力していただける団体を募集します。", area="東地区",
    )
    await need.fields_.add(*welfare)
    await account("staff@city.example", Role.DEPARTMENT, affiliation="高齢者支援課")
    await account("other@city.example", Role.GROUP, affiliation="海辺クリーン会")
    await account("office@city.example", Role.COORDINATOR)
    await MatchingWorker().run_once()
    return need


async def test_the_department_sees_candidate_groups_with_reasons(
    client: httpx.AsyncClient,
) -> None:
    need = await _city()
    await sign_in(client, "staff@city.example")
    page = await client.get(f"/needs/{need.id}/suggestions")
    assert page.status_code == 200
    assert "候補の団体" in page.text
    assert "みまもり隊" in page.text
    assert "共通の分野: 福祉" in page.text
    # the score comes with a word a person can read (とても近い / 近い / 参考)
    assert any(word in page.text for word in ("とても近い", "近い</span>", "参考</span>"))


async def test_another_group_cannot_see_a_needs_suggestions(client: httpx.AsyncClient) -> None:
    need = await _city()
    await sign_in(client, "other@city.example")
    assert (await client.get(f"/needs/{need.id}/suggestions")).status_code == 404
    assert (await client.get("/coordinator/suggestions")).status_code == 403


async def test_visitors_are_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    need = await _city()
    response = await client.get(f"/needs/{need.id}/suggestions")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


async def test_the_coordinator_overview_lists_strong_pairs(client: httpx.AsyncClient) -> None:
    await _city()
    await sign_in(client, "office@city.example")
    page = await client.get("/coordinator/suggestions")
    assert page.status_code == 200
    assert "見守り協力団体の募集" in page.text and "みまもり隊" in page.text


async def test_the_need_page_shows_candidates_to_its_owner_only(
    client: httpx.AsyncClient,
) -> None:
    need = await _city()
    public = await client.get(f"/needs/{need.id}")
    assert public.status_code == 200
    assert "候補の団体" not in public.text
    await sign_in(client, "staff@city.example")
    own = await client.get(f"/needs/{need.id}")
    assert "候補の団体" in own.text
    assert "みまもり隊" in own.text
    assert "同じ地区: 東地区" in own.text


async def test_a_group_page_shows_calls_it_could_answer_to_its_members(
    client: httpx.AsyncClient,
) -> None:
    await _city()
    await account("mimamori@example.jp", Role.GROUP, affiliation="みまもり隊")
    group = await Organisation.get(name="みまもり隊")
    await sign_in(client, "mimamori@example.jp")
    page = await client.get(f"/groups/{group.id}")
    assert "協働できそうな募集・担当課" in page.text
    assert "見守り協力団体の募集" in page.text
