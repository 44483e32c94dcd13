"""The public pages: lists with filters and pages, profiles, calls for partners and offers."""

from __future__ import annotations

import re
from datetime import date
from functools import partial

import httpx
from factories import directory
from factories.directory import PRIVATE_CONTACT
from support import rendered, signed_in

from kakehashi.accounts.models import Role
from kakehashi.demo.loader import seed_demo
from kakehashi.directory.indexing import capability_text
from kakehashi.directory.models.needs import Capability, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation, PartnerKind
from kakehashi.taxonomy.models import Field

_group = partial(directory.group, area="東地区", **PRIVATE_CONTACT)
"""This file's groups: in 東地区, each with a private contact that visitors must not see."""


def _card_titles(html: str) -> list[str]:
    return re.findall(r'<li class="card">\s*<a href="/[a-z]+/\d+">([^<]+)</a>', html)


async def test_groups_list_shows_cards_and_the_count(client: httpx.AsyncClient) -> None:
    await _group("見守りの会", kind=PartnerKind.NPO, fields=("welfare", "welfare.elderly"),
                 description="ひとり暮らしの高齢者を訪ねています。")
    response = await client.get("/groups")
    assert response.status_code == 200
    page = rendered(response)
    assert page.template == "browse/groups.html"
    assert [card.name for card in page.context["listing"].page.items] == ["見守りの会"]
    assert "1件中 1–1件" in response.text
    assert _card_titles(response.text) == ["見守りの会"]
    for shown in ("NPO法人", "東地区", "高齢者", "ひとり暮らしの高齢者を訪ねています。"):
        assert shown in response.text


async def test_groups_filter_by_field_with_sub_areas_kind_and_area(
    client: httpx.AsyncClient,
) -> None:
    await _group("見守りの会", kind=PartnerKind.NPO, fields=("welfare.elderly",))
    await _group("西の見守り隊", kind=PartnerKind.NPO, area="西地区",
                 fields=("welfare.elderly",))
    await _group("花壇の会", fields=("environment.beautification",))
    welfare = await client.get("/groups?field=welfare")
    assert sorted(_card_titles(welfare.text)) == ["西の見守り隊", "見守りの会"]
    assert '<option value="welfare" selected>' in welfare.text
    narrowed = await client.get("/groups", params={"kind": "npo", "area": "西地区"})
    assert _card_titles(narrowed.text) == ["西の見守り隊"]
    assert '<option value="西地区" selected>' in narrowed.text


async def test_a_field_and_a_sub_area_together_narrow_to_both(
    client: httpx.AsyncClient,
) -> None:
    await _group("見守りの会", fields=("welfare", "welfare.elderly"))
    await _group("防犯パトロール隊", fields=("disaster.crime",))
    both = await client.get("/groups", params={"field": "welfare", "sub_area": "welfare.elderly"})
    assert _card_titles(both.text) == ["見守りの会"]
    apart = await client.get("/groups", params={"field": "welfare", "sub_area": "disaster.crime"})
    assert _card_titles(apart.text) == []


async def test_bad_filter_values_do_not_break_the_lists(client: httpx.AsyncClient) -> None:
    await _group("見守りの会")
    nasty = {"field": "<script>x</script>", "sub_area": "welfare", "kind": "9999",
             "area": "' OR 1=1 --", "status": "deleted", "owner": "cat", "page": "abc",
             "q": "%_\\"}
    for path in ("/groups", "/departments", "/needs", "/capabilities"):
        response = await client.get(path, params=nasty)
        assert response.status_code == 200, path
        assert "<script>x</script>" not in response.text
    assert _card_titles((await client.get("/groups", params={"kind": "alien"})).text) == [
        "見守りの会"
    ]
    assert (await client.get("/groups/99999999999999")).status_code == 404


async def test_pages_link_to_each_other_and_clamp(client: httpx.AsyncClient) -> None:
    for number in range(25):
        await _group(f"団体{number:02d}")
    first = await client.get("/groups")
    assert "25件中 1–20件" in first.text
    assert len(_card_titles(first.text)) == 20
    assert 'href="?page=2"' in first.text
    second = await client.get("/groups?page=2")
    assert "25件中 21–25件" in second.text
    assert _card_titles(second.text) == [f"団体{n}" for n in range(20, 25)]
    assert (await client.get("/groups?page=500")).text.count('<li class="card">') == 5
    assert "25件中 1–20件" in (await client.get("/groups?page=-3")).text


async def test_a_pending_group_is_hidden_from_the_public(client: httpx.AsyncClient) -> None:
    pending = await _group("承認待ちの会", status=ApprovalStatus.PENDING)
    hidden_need = await directory.need("承認待ちの会の募集", organisation=pending)
    assert "承認待ちの会" not in (await client.get("/groups")).text
    assert (await client.get(f"/groups/{pending.id}")).status_code == 404
    assert "承認待ちの会の募集" not in (await client.get("/needs")).text
    assert (await client.get(f"/needs/{hidden_need.id}")).status_code == 404
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    assert "承認待ちの会" in (await client.get("/groups")).text
    page = await client.get(f"/groups/{pending.id}")
    assert page.status_code == 200
    assert "承認待ち" in page.text


async def test_members_see_their_own_pending_group(client: httpx.AsyncClient) -> None:
    pending = await _group("承認待ちの会", status=ApprovalStatus.PENDING)
    await signed_in(client, "member@example.jp", Role.GROUP, "承認待ちの会")
    page = await client.get(f"/groups/{pending.id}")
    assert page.status_code == 200
    assert "協働推進の窓口が承認するまで" in page.text


async def test_private_contact_only_for_the_coordinator_and_members(
    client: httpx.AsyncClient,
) -> None:
    group = await _group("見守りの会", public_contact="毎週月曜 集会所にて")
    await _group("ほかの会")
    public = await client.get(f"/groups/{group.id}")
    assert "毎週月曜 集会所にて" in public.text
    assert PRIVATE_CONTACT["contact_email"] not in public.text
    assert "連絡先（非公開）" not in public.text
    await signed_in(client, "other@example.jp", Role.GROUP, "ほかの会")
    assert PRIVATE_CONTACT["contact_email"] not in (await client.get(f"/groups/{group.id}")).text
    client.cookies.clear()
    await signed_in(client, "member@example.jp", Role.GROUP, "見守りの会")
    member_view = await client.get(f"/groups/{group.id}")
    assert "連絡先（非公開）" in member_view.text
    assert PRIVATE_CONTACT["contact_email"] in member_view.text
    assert f'href="/groups/{group.id}/edit"' in member_view.text
    assert f'href="/groups/{group.id}/history"' in member_view.text
    client.cookies.clear()
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    assert PRIVATE_CONTACT["contact_email"] in (await client.get(f"/groups/{group.id}")).text


async def test_department_contact_only_for_its_staff(client: httpx.AsyncClient) -> None:
    department = await Department.create(
        name="福祉課", section="健康福祉部", public_phone="0123-45-6789",
        contact_email="fukushi-tanto@city.example", description="高齢者の暮らしを支えます。",
    )
    public = await client.get(f"/departments/{department.id}")
    assert "0123-45-6789" in public.text and "健康福祉部" in public.text
    assert "fukushi-tanto@city.example" not in public.text
    assert "/edit" not in public.text
    await signed_in(client, "staff@city.example", Role.DEPARTMENT, "福祉課")
    staff = await client.get(f"/departments/{department.id}")
    assert "fukushi-tanto@city.example" in staff.text
    assert f'href="/departments/{department.id}/edit"' in staff.text


async def test_a_group_profile_shows_its_facts_criteria_needs_and_offers(
    client: httpx.AsyncClient,
) -> None:
    group = await _group(
        "見守りの会", furigana="みまもりのかい", founded_year=1970, size=24,
        criteria_declared=["voluntary", "non_profit"], criteria_confirmed=["voluntary"],
        activities="毎週水曜に訪問しています。",
    )
    await directory.need("見守りの協力者募集", organisation=group)
    await directory.need("下書きの募集", organisation=group, status=NeedStatus.DRAFT)
    await Capability.create(title="傾聴の研修", organisation=group,
                            search_text=capability_text("傾聴の研修", ""))
    page = await client.get(f"/groups/{group.id}")
    for shown in ("みまもりのかい", "1970年(昭和45年)", "24人", "毎週水曜に訪問しています。",
                  "見守りの協力者募集", "傾聴の研修", "自主性", "確認済み"):
        assert shown in page.text, shown
    assert "下書きの募集" not in page.text
    assert page.text.count("申告あり") == 2
    assert "/edit" not in page.text


async def test_html_in_a_description_is_shown_as_text(client: httpx.AsyncClient) -> None:
    group = await _group("見守りの会", description='<script>alert("x")</script><b>太字</b>')
    for path in ("/groups", f"/groups/{group.id}"):
        text = (await client.get(path)).text
        assert "<script>alert" not in text and "<b>太字</b>" not in text
        assert "&lt;script&gt;alert(" in text


async def test_a_need_page_shows_owner_period_fields_and_status(
    client: httpx.AsyncClient,
) -> None:
    department = await Department.create(name="防災課")
    need = await directory.need("避難訓練の協力者", department=department, area="東地区",
                       period_start=date(2026, 12, 1), period_end=date(2027, 1, 31),
                       status=NeedStatus.CLOSED, close_reason="filled")
    await need.fields_.add(*await Field.filter(code="disaster.prevention"))
    page = await client.get(f"/needs/{need.id}")
    assert page.status_code == 200
    for shown in (f'href="/departments/{department.id}">防災課', "東地区", "防災", "募集終了",
                  "協働相手が決定", "2026/12/01", "2027/01/31"):
        assert shown in page.text, shown
    assert "協働推進の窓口にご相談ください" not in page.text
    assert "避難訓練の協力者" in (await client.get("/needs?status=closed")).text
    assert "避難訓練の協力者" not in (await client.get("/needs")).text


async def test_a_draft_need_is_404_except_for_owners_and_the_coordinator(
    client: httpx.AsyncClient,
) -> None:
    department = await Department.create(name="福祉課")
    draft = await directory.need("下書きの募集", department=department, status=NeedStatus.DRAFT)
    assert (await client.get(f"/needs/{draft.id}")).status_code == 404
    assert "下書きの募集" not in (await client.get("/needs")).text
    await signed_in(client, "staff@city.example", Role.DEPARTMENT, "福祉課")
    page = await client.get(f"/needs/{draft.id}")
    assert page.status_code == 200
    assert "下書き" in page.text and f'href="/needs/{draft.id}/edit"' in page.text


async def test_capabilities_list_and_detail(client: httpx.AsyncClient) -> None:
    group = await _group("見守りの会")
    pending = await _group("承認待ちの会", status=ApprovalStatus.PENDING)
    offer = await Capability.create(title="傾聴の研修", description="講師を派遣できます。",
                                    organisation=group,
                                    search_text=capability_text("傾聴の研修", "講師"))
    hidden = await Capability.create(title="非公開の提供", organisation=pending,
                                     search_text=capability_text("非公開の提供", ""))
    listing = await client.get("/capabilities?owner=group")
    assert _card_titles(listing.text) == ["傾聴の研修"]
    assert _card_titles((await client.get("/capabilities?owner=department")).text) == []
    detail = await client.get(f"/capabilities/{offer.id}")
    assert "講師を派遣できます。" in detail.text
    assert f'href="/groups/{group.id}">見守りの会' in detail.text
    assert (await client.get(f"/capabilities/{hidden.id}")).status_code == 404


async def test_departments_list_filters_by_field(client: httpx.AsyncClient) -> None:
    welfare = await Department.create(name="福祉課", section="健康福祉部")
    await welfare.fields_.add(*await Field.filter(code="welfare.elderly"))
    await Department.create(name="環境課", section="市民環境部")
    response = await client.get("/departments?field=welfare")
    assert _card_titles(response.text) == ["福祉課"]
    assert len(_card_titles((await client.get("/departments")).text)) == 2


async def test_pages_render_in_english(client: httpx.AsyncClient) -> None:
    group = await _group("見守りの会", kind=PartnerKind.NPO, founded_year=2019)
    department = await Department.create(name="福祉課")
    need = await directory.need("見守りの協力者", department=department)
    offer = await Capability.create(title="傾聴の研修", organisation=group,
                                    search_text=capability_text("傾聴の研修", ""))
    listing = await client.get("/groups?lang=en")  # this page in English
    assert "1–1 of 1" in listing.text and "NPO corporation" in listing.text
    await client.post("/language", data={"lang": "en"})  # and from now on
    profile = await client.get(f"/groups/{group.id}")
    assert "Marks of a capable partner" in profile.text and "Founded" in profile.text
    assert "令和" not in profile.text
    for path in ("/departments", f"/departments/{department.id}", "/needs",
                 f"/needs/{need.id}", "/capabilities", f"/capabilities/{offer.id}",
                 "/search?q=見守り", "/search?q=zzz"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="en">' in response.text


async def test_the_demo_city_paginates_its_groups(client: httpx.AsyncClient) -> None:
    summary = await seed_demo()
    public = await Organisation.filter(status=ApprovalStatus.APPROVED).count()
    assert summary.groups >= 300
    first = await client.get("/groups")
    assert f"{public}件中 1–20件" in first.text
    last_page = -(-public // 20)
    last = await client.get(f"/groups?page={last_page}")
    assert f"{public}件中 {(last_page - 1) * 20 + 1}–{public}件" in last.text
    welfare = await client.get("/groups?field=welfare&page=2")
    assert welfare.status_code == 200 and "件中 21–" in welfare.text
