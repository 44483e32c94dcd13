"""The search page and the ``q`` of each list: Japanese spellings, ranking and no-result help."""

from __future__ import annotations

import re
from datetime import date

import httpx
from factories import directory
from support import rendered

from kakehashi.directory.models.needs import NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, PartnerKind


async def _city() -> Department:
    """A small city: one department, a call, a group and an offer about 見守り, and others."""
    department = await directory.department("福祉課", section="",
                                            description="高齢者の見守り活動を支えています。")
    await directory.need("見守りボランティア募集", department=department,
                         description="高齢者の見守り活動に参加しませんか。")
    await directory.need("花壇の手入れ", description="公園の花壇を手入れします。",
                         department=department)
    group = await directory.group("NPO法人 ささえあい", kind=PartnerKind.NPO,
                                  description="高齢者の見守り活動を続けています。")
    await directory.capability("傾聴の研修", description="見守りに役立つ傾聴を教えます。",
                               organisation=group)
    return department


def _card_titles(html: str) -> list[str]:
    return re.findall(r'<li class="card">\s*<a href="/[a-z]+/\d+">([^<]+)</a>', html)


async def test_search_shows_each_kind_with_counts_and_links(client: httpx.AsyncClient) -> None:
    await _city()
    response = await client.get("/search", params={"q": "見守り"})
    assert response.status_code == 200
    page = rendered(response)
    assert page.template == "browse/search.html"
    results = page.context["results"]
    assert results.q == "見守り"
    assert [p.total for p in (results.needs, results.groups, results.departments,
                              results.capabilities)] == [1, 1, 1, 1]
    assert "「見守り」に該当するものが4件見つかりました。" in response.text
    titles = _card_titles(response.text)
    assert titles == ["見守りボランティア募集", "NPO法人 ささえあい", "福祉課", "傾聴の研修"]
    assert "花壇の手入れ" not in response.text
    for link in ("/needs?q=%E8%A6%8B%E5%AE%88%E3%82%8A", "/groups?q=%E8%A6%8B%E5%AE%88%E3%82%8A"):
        assert link in response.text


async def test_kana_spellings_and_full_width_letters_find_the_same_records(
    client: httpx.AsyncClient,
) -> None:
    await _city()
    for query in ("みまもり", "ミマモリ", "高齢者 見守り"):
        titles = _card_titles((await client.get("/search", params={"q": query})).text)
        assert "見守りボランティア募集" in titles and "NPO法人 ささえあい" in titles, query
    npo = await client.get("/search", params={"q": "ＮＰＯ"})
    assert _card_titles(npo.text) == ["NPO法人 ささえあい"]


async def test_list_pages_search_with_q_and_rank_titles_first(client: httpx.AsyncClient) -> None:
    department = await _city()
    await directory.need("地域の集い", description="見守り見守り見守りの話をします。",
                         department=department)
    response = await client.get("/needs", params={"q": "ミマモリ"})
    assert _card_titles(response.text) == ["見守りボランティア募集", "地域の集い"]
    assert 'value="ミマモリ"' in response.text
    assert "2件中 1–2件" in response.text


async def test_nothing_found_suggests_fields_to_browse(client: httpx.AsyncClient) -> None:
    await _city()
    response = await client.get("/search", params={"q": "宇宙旅行"})
    assert response.status_code == 200
    assert "「宇宙旅行」に該当するものは見つかりませんでした。" in response.text
    assert "分野から探す" in response.text
    assert 'href="/needs?field=welfare"' in response.text
    assert 'href="/groups?field=welfare"' in response.text
    assert _card_titles(response.text) == []


async def test_an_empty_query_shows_the_search_page_without_results(
    client: httpx.AsyncClient,
) -> None:
    await _city()
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = await client.get("/search", params=params)
        assert response.status_code == 200
        assert _card_titles(response.text) == []
        assert "見つかりませんでした" not in response.text


async def test_an_overlong_query_is_trimmed(client: httpx.AsyncClient) -> None:
    await _city()
    response = await client.get("/search", params={"q": "見守り " + "あ" * 5000})
    assert response.status_code == 200
    value = re.search(r'id="search-q" type="search" name="q" value="([^"]*)"', response.text)
    assert value is not None and len(value.group(1)) == 100


async def test_the_query_is_shown_escaped(client: httpx.AsyncClient) -> None:
    response = await client.get("/search", params={"q": '<img src=x onerror="alert(1)">'})
    assert response.status_code == 200
    assert "<img src=x" not in response.text
    assert "&lt;img src=x" in response.text


async def test_search_keeps_drafts_and_pending_groups_hidden(client: httpx.AsyncClient) -> None:
    department = await _city()
    await directory.need("見守りの下書き", department=department, status=NeedStatus.DRAFT)
    await directory.group("見守り準備会", kind=PartnerKind.NPO, status=ApprovalStatus.PENDING)
    response = await client.get("/search", params={"q": "見守り"})
    assert "見守りの下書き" not in response.text
    assert "見守り準備会" not in response.text


async def test_a_found_record_shows_the_same_card_as_in_its_list(
    client: httpx.AsyncClient,
) -> None:
    """A search reads its cards in the ranking's own statement: dates, owner, kind and field tags
    come out as the list pages show them."""
    department = await _city()
    group = await directory.group("見守りの会", kind=PartnerKind.NEIGHBOURHOOD, area="北区",
                                  description="見守りを続けています。", fields=("welfare",))
    await directory.need("見守り訪問の協力", organisation=group, area="北区",
                         description="見守り訪問です。", fields=("welfare", "disaster"),
                         period_start=date(2027, 1, 10), period_end=date(2027, 3, 31))
    await directory.capability("見守りの手引き", department=department, fields=("welfare",),
                               description="見守りの手引きを配ります。")
    results = rendered(await client.get("/search", params={"q": "見守り"})).context["results"]
    for kind, found in (("needs", results.needs), ("groups", results.groups),
                        ("departments", results.departments),
                        ("capabilities", results.capabilities)):
        listed = rendered(await client.get(f"/{kind}")).context["listing"].page.items
        assert found.items, kind
        for card in found.items:
            assert card in listed, (kind, card)
    call = next(card for card in results.needs.items if card.title == "見守り訪問の協力")
    assert (call.period_start, call.period_end) == (date(2027, 1, 10), date(2027, 3, 31))
    assert call.owner.name == "見守りの会" and len(call.fields) == 2
    assert "2027" in (await client.get("/search", params={"q": "見守り訪問"})).text
