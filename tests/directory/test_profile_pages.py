"""Members, staff and coordinators keeping a group's or department's profile, with history."""

from __future__ import annotations

import httpx
from factories import directory
from support import post_form, rendered, signed_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.orgs import Department, Organisation


def _profile(name: str, **changes: object) -> dict[str, object]:
    return {"name": name, "furigana": "", "kind": "citizen_group", "area": "東地区",
            "description": "", "activities": "", "founded_year": "", "size": "",
            "public_contact": "", "contact_name": "", "contact_email": "", "contact_phone": "",
            **changes}


async def test_member_edits_own_group_and_history_shows_who(client: httpx.AsyncClient) -> None:
    group = await directory.group("みどりの会")
    await signed_in(client, "midori@example.jp", Role.GROUP, "みどりの会", "緑 太郎")
    page = await client.get(f"/groups/{group.id}/edit")
    assert page.status_code == 200
    assert rendered(page).template == "edit/organisation.html"
    assert rendered(page).context["organisation_id"] == group.id
    assert rendered(page).context["form"].values["name"] == "みどりの会"
    assert 'value="みどりの会"' in page.text
    response = await post_form(client, f"/groups/{group.id}/edit", f"/groups/{group.id}/edit",
                               _profile("みどりの会", description="公園の花壇を手入れしています。",
                                        fields=["environment", "environment.beautification"],
                                        founded_year="2001", size="25"))
    assert response.status_code == 303
    assert response.headers["location"] == f"/groups/{group.id}"
    await group.refresh_from_db()
    assert group.description == "公園の花壇を手入れしています。"
    assert group.founded_year == 2001
    assert "花壇" in group.search_text
    codes = await group.fields_.all().values_list("code", flat=True)
    assert sorted(codes) == ["environment", "environment.beautification"]
    history = await client.get(f"/groups/{group.id}/history")
    assert history.status_code == 200
    assert "緑 太郎" in history.text
    assert "団体の活動内容" in history.text or "説明" in history.text
    assert "公園の花壇を手入れしています。" in history.text
    assert "美化" in history.text


async def test_another_groups_edit_url_is_refused_and_nothing_changes(
    client: httpx.AsyncClient,
) -> None:
    await directory.group("みどりの会")
    other = await directory.group("あおぞら会", description="元の説明")
    await signed_in(client, "midori@example.jp", Role.GROUP, "みどりの会")
    assert (await client.get(f"/groups/{other.id}/edit")).status_code == 403
    response = await post_form(client, "/me", f"/groups/{other.id}/edit",
                               _profile("乗っ取り", description="書き換え"))
    assert response.status_code == 403
    await other.refresh_from_db()
    assert (other.name, other.description) == ("あおぞら会", "元の説明")
    assert not await ChangeRecord.filter(entity_id=other.id).exists()
    assert (await client.get(f"/groups/{other.id}/history")).status_code == 404


async def test_department_staff_cannot_edit_a_group(client: httpx.AsyncClient) -> None:
    group = await directory.group("みどりの会")
    await Department.create(name="福祉課")
    await signed_in(client, "fukushi@city.example", Role.DEPARTMENT, "福祉課")
    assert (await client.get(f"/groups/{group.id}/edit")).status_code == 403
    response = await post_form(client, "/me", f"/groups/{group.id}/edit", _profile("変更"))
    assert response.status_code == 403
    assert (await Organisation.get(id=group.id)).name == "みどりの会"


async def test_coordinator_can_edit_any_group_and_department(client: httpx.AsyncClient) -> None:
    group = await directory.group("みどりの会")
    department = await Department.create(name="福祉課", section="健康福祉部")
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    response = await post_form(client, f"/groups/{group.id}/edit", f"/groups/{group.id}/edit",
                               _profile("みどりの会(改称)"))
    assert response.status_code == 303
    assert (await Organisation.get(id=group.id)).name == "みどりの会(改称)"
    response = await post_form(
        client, f"/departments/{department.id}/edit", f"/departments/{department.id}/edit",
        {"section": "福祉部", "description": "高齢者の見守りを担当しています。",
         "public_phone": "0144-00-0000", "fields": ["welfare.elderly"]},
    )
    assert response.status_code == 303
    await department.refresh_from_db()
    assert department.section == "福祉部"
    assert "見守り" in department.search_text
    history = await client.get(f"/departments/{department.id}/history")
    assert "調整 花子" in history.text
    assert "部" in history.text and "健康福祉部" in history.text


async def test_department_staff_edit_their_department_only(client: httpx.AsyncClient) -> None:
    mine = await Department.create(name="福祉課")
    other = await Department.create(name="環境課")
    await signed_in(client, "fukushi@city.example", Role.DEPARTMENT, "福祉課")
    my_page = await client.get("/me")
    assert f'href="/needs/new?owner=department:{mine.id}"' in my_page.text
    assert f'href="/capabilities/new?owner=department:{mine.id}"' in my_page.text
    assert "新しい募集を作成" in my_page.text
    response = await post_form(client, f"/departments/{mine.id}/edit",
                               f"/departments/{mine.id}/edit", {"section": "健康福祉部"})
    assert response.status_code == 303
    assert (await client.get(f"/departments/{other.id}/edit")).status_code == 403
    assert (await client.get("/departments/9999/edit")).status_code == 404


async def test_duplicate_name_is_refused_at_the_field(client: httpx.AsyncClient) -> None:
    group = await directory.group("みどりの会")
    await directory.group("あおぞら会")
    await signed_in(client, "midori@example.jp", Role.GROUP, "みどりの会")
    response = await post_form(client, f"/groups/{group.id}/edit", f"/groups/{group.id}/edit",
                               _profile("あおぞら会", area="西地区"))
    assert response.status_code == 400
    assert 'id="name-error"' in response.text
    assert "既に登録" in response.text
    assert 'value="西地区"' in response.text
    await group.refresh_from_db()
    assert (group.name, group.area) == ("みどりの会", "")


async def test_unknown_field_code_and_overlong_text_are_refused(
    client: httpx.AsyncClient,
) -> None:
    group = await directory.group("みどりの会")
    await signed_in(client, "midori@example.jp", Role.GROUP, "みどりの会")
    response = await post_form(client, f"/groups/{group.id}/edit", f"/groups/{group.id}/edit",
                               _profile("みどりの会", fields=["welfare", "astrology"],
                                        description="あ" * 4001, founded_year="1700",
                                        size="-3", contact_email="not-an-address"))
    assert response.status_code == 400
    for name in ("fields", "description", "founded_year", "size", "contact_email"):
        assert f'id="{name}-error"' in response.text, name
    assert "astrology" in response.text
    assert "4000" in response.text
    await group.refresh_from_db()
    assert group.description == ""
    assert await group.fields_.all().count() == 0
    assert not await ChangeRecord.exists()


async def test_html_is_kept_as_text_and_shown_escaped(client: httpx.AsyncClient) -> None:
    group = await directory.group("みどりの会")
    await signed_in(client, "midori@example.jp", Role.GROUP, "みどりの会")
    await post_form(client, f"/groups/{group.id}/edit", f"/groups/{group.id}/edit",
                    _profile("みどりの会", activities="<script>alert(1)</script>"))
    assert (await Organisation.get(id=group.id)).activities == "<script>alert(1)</script>"
    for page in (f"/groups/{group.id}/edit", f"/groups/{group.id}/history"):
        text = (await client.get(page)).text
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


async def test_withdrawn_declaration_loses_its_confirmation_only(
    client: httpx.AsyncClient,
) -> None:
    group = await directory.group("みどりの会", criteria_declared=["voluntary", "non_profit"],
                                  criteria_confirmed=["voluntary", "non_profit"])
    await signed_in(client, "midori@example.jp", Role.GROUP, "みどりの会")
    page = await client.get(f"/groups/{group.id}/edit")
    assert "自主的に活動している" in page.text or "自主" in page.text
    await post_form(client, f"/groups/{group.id}/edit", f"/groups/{group.id}/edit",
                    _profile("みどりの会", criteria_declared=["voluntary", "proper_accounts"]))
    await group.refresh_from_db()
    assert group.criteria_declared == ["voluntary", "proper_accounts"]
    assert group.criteria_confirmed == ["voluntary"]


async def test_edit_pages_need_sign_in_and_a_csrf_token(client: httpx.AsyncClient) -> None:
    group = await directory.group("みどりの会")
    response = await client.get(f"/groups/{group.id}/edit")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    await signed_in(client, "midori@example.jp", Role.GROUP, "みどりの会")
    forged = await client.post(f"/groups/{group.id}/edit", data=_profile("偽物"))
    assert forged.status_code == 403
    assert (await Organisation.get(id=group.id)).name == "みどりの会"
    assert (await client.get("/groups/9999/edit")).status_code == 404


async def test_editing_pages_render_in_english_too(client: httpx.AsyncClient) -> None:
    group = await directory.group("みどりの会")
    await signed_in(client, "midori@example.jp", Role.GROUP, "みどりの会")
    pages = {
        f"/groups/{group.id}/edit?lang=en": "Edit the profile of みどりの会",
        f"/groups/{group.id}/history?lang=en": "Change history of みどりの会",
        f"/groups/{group.id}/members?lang=en": "Hand over the officer role",
        f"/needs/new?owner=organisation:{group.id}&lang=en": "Save as draft",
        f"/capabilities/new?owner=organisation:{group.id}&lang=en": "New offer",
        "/me?lang=en": "New call for partners",
    }
    for page, text in pages.items():
        response = await client.get(page)
        assert response.status_code == 200, page
        assert text in response.text, page
