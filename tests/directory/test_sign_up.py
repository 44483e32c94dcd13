"""Sign-up asks for the district, the fields and the capable-partner criteria, so the office's
approval card shows what the group declared rather than 「申告なし」."""

from __future__ import annotations

import httpx
from support import post_form, signed_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.orgs import Organisation
from kakehashi.taxonomy.models import District, Field


async def test_sign_up_declares_district_fields_and_criteria(client: httpx.AsyncClient) -> None:
    await District.create(name="東地区", position=1)
    await District.create(name="西地区", position=2)
    assert await Field.exists(code="welfare")  # the guideline's fields are there from the start
    form = await client.get("/signup")
    assert "東地区" in form.text and "福祉" in form.text
    assert "自発性" in form.text and "事業実施の力" in form.text  # the guideline's words
    bad = await post_form(client, "/signup", "/signup", {
        "group_name": "みどりの会", "kind": "citizen_group", "display_name": "緑 太郎",
        "email": "midori@example.jp", "password": "a long password 1",
        "area": "どこか", "criteria_declared": ["voluntary", "magic"],
    })
    assert bad.status_code == 400
    assert 'id="area-error"' in bad.text and 'id="criteria_declared-error"' in bad.text
    assert not await Organisation.exists(name="みどりの会")
    done = await post_form(client, "/signup", "/signup", {
        "group_name": "みどりの会", "kind": "citizen_group", "display_name": "緑 太郎",
        "email": "midori@example.jp", "password": "a long password 1", "area": "東地区",
        "fields": ["welfare"], "criteria_declared": ["voluntary", "non_profit"],
    })
    assert done.status_code == 303
    group = await Organisation.get(name="みどりの会")
    assert group.area == "東地区"
    assert sorted(group.criteria_declared) == ["non_profit", "voluntary"]
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    card = await client.get("/coordinator/approvals")
    assert "申告なし" not in card.text
    assert "非営利性" in card.text and "福祉" in card.text


async def test_sign_up_asks_no_district_until_the_office_lists_them(
    client: httpx.AsyncClient,
) -> None:
    assert 'name="area"' not in (await client.get("/signup")).text


async def test_the_office_edits_the_districts(client: httpx.AsyncClient) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    page = "/coordinator/districts"
    added = await post_form(client, page, page, {"name": " 東 地区 "})
    assert added.status_code == 303
    twice = await post_form(client, page, page, {"name": "東 地区"})
    assert twice.status_code == 400 and 'id="name-error"' in twice.text
    district = await District.get(name="東 地区")
    removed = await post_form(client, page, f"/coordinator/districts/{district.id}/delete", {})
    assert removed.status_code == 303
    assert not await District.exists()
