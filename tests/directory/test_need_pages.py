"""Owners writing calls for partners and offers: drafts, publishing, closing, deleting."""

from __future__ import annotations

import httpx
from support import post_form, signed_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation


async def _member_of(client: httpx.AsyncClient, name: str) -> Organisation:
    group = await Organisation.create(name=name, kind="citizen_group",
                                      status=ApprovalStatus.APPROVED)
    await signed_in(client, "member@example.jp", Role.GROUP, name, "緑 太郎")
    return group


def _need(**changes: object) -> dict[str, object]:
    return {"title": "子ども食堂のボランティア募集", "description": "毎週土曜の配膳です。",
            "area": "東地区", "fields": ["welfare.childcare"], "period_start": "2026-04-01",
            "period_end": "2026-09-30", **changes}


async def test_a_new_need_starts_as_draft_and_can_be_published(
    client: httpx.AsyncClient,
) -> None:
    group = await _member_of(client, "みどりの会")
    new = f"/needs/new?owner=organisation:{group.id}"
    response = await post_form(client, new, new, _need(intent="draft"))
    assert response.status_code == 303
    need = await Need.get(title="子ども食堂のボランティア募集")
    assert need.status == NeedStatus.DRAFT
    assert need.organisation_id == group.id  # type: ignore[attr-defined]
    assert need.opened_at is None
    assert "配膳" in need.search_text
    edit = await client.get(f"/needs/{need.id}/edit")
    assert "下書き" in edit.text
    published = await post_form(client, f"/needs/{need.id}/edit", f"/needs/{need.id}/status",
                                {"action": "open"})
    assert published.status_code == 303
    await need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    assert need.opened_at is not None
    my_page = await client.get("/me")
    assert "子ども食堂のボランティア募集" in my_page.text
    assert "募集中" in my_page.text
    assert f'href="/needs/{need.id}/edit"' in my_page.text
    assert f'href="/needs/new?owner=organisation:{group.id}"' in my_page.text
    history = await client.get(f"/needs/{need.id}/history")
    assert "緑 太郎" in history.text
    assert "作成" in history.text and "公開" in history.text


async def test_publish_button_opens_the_call_at_once(client: httpx.AsyncClient) -> None:
    group = await _member_of(client, "みどりの会")
    new = f"/needs/new?owner=organisation:{group.id}"
    response = await post_form(client, new, new, _need(intent="publish"))
    assert response.status_code == 303
    need = await Need.get(title="子ども食堂のボランティア募集")
    assert need.status == NeedStatus.OPEN
    assert need.opened_at is not None
    assert response.headers["location"] == f"/needs/{need.id}"  # the page its readers see
    landed = await client.get(response.headers["location"])
    assert "募集を公開しました。" in landed.text


async def test_date_order_error_keeps_typed_values(client: httpx.AsyncClient) -> None:
    group = await _member_of(client, "みどりの会")
    new = f"/needs/new?owner=organisation:{group.id}"
    response = await post_form(client, new, new, _need(
        period_start="2026-09-30", period_end="2026-04-01", title="<b>見守り</b>",
    ))
    assert response.status_code == 400
    assert 'id="period_end-error"' in response.text
    assert "終了日は開始日より後" in response.text
    assert 'value="2026-09-30"' in response.text
    assert 'value="2026-04-01"' in response.text
    assert "毎週土曜の配膳です。" in response.text
    assert "&lt;b&gt;見守り&lt;/b&gt;" in response.text
    assert "<b>見守り</b>" not in response.text
    assert not await Need.exists()


async def test_need_form_refuses_missing_title_fields_and_bad_dates(
    client: httpx.AsyncClient,
) -> None:
    group = await _member_of(client, "みどりの会")
    new = f"/needs/new?owner=organisation:{group.id}"
    response = await post_form(client, new, new, _need(
        title="", fields=[], period_start="2026/04/01", description="説" * 4001,
    ))
    assert response.status_code == 400
    for name in ("title", "fields", "period_start", "description"):
        assert f'id="{name}-error"' in response.text, name
    response = await post_form(client, new, new, _need(title="あ" * 201, fields=["nonsense"]))
    assert 'id="title-error"' in response.text
    assert "nonsense" in response.text
    assert not await Need.exists()
    assert not await ChangeRecord.exists()


async def test_need_lifecycle_and_closing_needs_a_reason(client: httpx.AsyncClient) -> None:
    group = await _member_of(client, "みどりの会")
    need = await Need.create(title="清掃活動", organisation=group, status=NeedStatus.OPEN)
    page = f"/needs/{need.id}/edit"
    action = f"/needs/{need.id}/status"
    refused = await post_form(client, page, action, {"action": "close", "close_reason": ""})
    assert refused.status_code == 400
    assert 'id="close_reason-error"' in refused.text
    assert "理由" in refused.text
    assert (await Need.get(id=need.id)).status == NeedStatus.OPEN
    closed = await post_form(client, page, action, {"action": "close", "close_reason": "filled"})
    assert closed.status_code == 303
    await need.refresh_from_db()
    assert (need.status, need.close_reason) == (NeedStatus.CLOSED, "filled")
    wrong = await post_form(client, page, action, {"action": "open"})
    assert wrong.status_code == 400
    assert (await Need.get(id=need.id)).status == NeedStatus.CLOSED
    reopened = await post_form(client, page, action, {"action": "reopen"})
    assert reopened.status_code == 303
    await need.refresh_from_db()
    assert (need.status, need.close_reason) == (NeedStatus.OPEN, None)
    history = await client.get(f"/needs/{need.id}/history")
    assert ("再開" in history.text and "相手が見つかった" in history.text) or "終了" in history.text


async def test_another_owners_need_cannot_be_edited(client: httpx.AsyncClient) -> None:
    await _member_of(client, "みどりの会")
    other = await Organisation.create(name="あおぞら会", kind="citizen_group")
    department = await Department.create(name="福祉課")
    need = await Need.create(title="元の件名", organisation=other, status=NeedStatus.OPEN)
    assert (await client.get(f"/needs/{need.id}/edit")).status_code == 403
    edited = await post_form(client, "/me", f"/needs/{need.id}/edit", _need(title="乗っ取り"))
    assert edited.status_code == 403
    closed = await post_form(client, "/me", f"/needs/{need.id}/status",
                             {"action": "close", "close_reason": "withdrawn"})
    assert closed.status_code == 403
    await need.refresh_from_db()
    assert (need.title, need.status) == ("元の件名", NeedStatus.OPEN)
    for owner in (f"organisation:{other.id}", f"department:{department.id}"):
        assert (await client.get(f"/needs/new?owner={owner}")).status_code == 403
    assert (await client.get("/needs/new?owner=planet:1")).status_code == 404
    assert (await client.get("/needs/9999/edit")).status_code == 404
    assert (await client.get(f"/needs/{need.id}/history")).status_code == 404


async def test_department_staff_keep_their_departments_needs(client: httpx.AsyncClient) -> None:
    department = await Department.create(name="福祉課")
    await signed_in(client, "fukushi@city.example", Role.DEPARTMENT, "福祉課")
    new = f"/needs/new?owner=department:{department.id}"
    response = await post_form(client, new, new, _need(intent="publish"))
    assert response.status_code == 303
    need = await Need.get(department_id=department.id)
    edit = await post_form(client, f"/needs/{need.id}/edit", f"/needs/{need.id}/edit",
                           _need(title="高齢者見守りの協力団体募集"))
    assert edit.status_code == 303
    await need.refresh_from_db()
    assert need.title == "高齢者見守りの協力団体募集"
    assert "見守り" in need.search_text


async def test_capabilities_are_added_edited_and_deleted_by_owners(
    client: httpx.AsyncClient,
) -> None:
    group = await _member_of(client, "みどりの会")
    new = f"/capabilities/new?owner=organisation:{group.id}"
    response = await post_form(client, new, new, {
        "title": "会議室の貸し出し", "description": "平日夜に使えます。", "fields": ["community"],
    })
    assert response.status_code == 303
    capability = await Capability.get(title="会議室の貸し出し")
    assert response.headers["location"] == f"/capabilities/{capability.id}"  # what readers see
    landed = await client.get(response.headers["location"])
    assert "会議室の貸し出し" in landed.text and ("公開しました" in landed.text
                                             or "承認すると" in landed.text)
    assert "会議室" in capability.search_text
    my_page = await client.get("/me")
    assert "会議室の貸し出し" in my_page.text
    assert f"/capabilities/{capability.id}/edit" in my_page.text
    edit = f"/capabilities/{capability.id}/edit"
    response = await post_form(client, edit, edit, {"title": "", "description": "x"})
    assert response.status_code == 400
    assert 'id="title-error"' in response.text
    response = await post_form(client, edit, edit, {"title": "集会所の貸し出し"})
    assert response.status_code == 303
    confirm = await client.get(f"/capabilities/{capability.id}/delete")
    assert "削除してよろしいですか" in confirm.text
    deleted = await post_form(client, confirm.url.path, f"/capabilities/{capability.id}/delete",
                              {})
    assert deleted.status_code == 303
    assert not await Capability.exists()
    actions = await ChangeRecord.filter(entity_type="capability").values_list("action", flat=True)
    assert sorted(actions) == ["created", "deleted", "edited"]


async def test_capability_delete_by_non_owner_is_refused(client: httpx.AsyncClient) -> None:
    await _member_of(client, "みどりの会")
    other = await Organisation.create(name="あおぞら会", kind="citizen_group")
    capability = await Capability.create(title="テントの貸し出し", organisation=other)
    assert (await client.get(f"/capabilities/{capability.id}/delete")).status_code == 403
    response = await post_form(client, "/me", f"/capabilities/{capability.id}/delete", {})
    assert response.status_code == 403
    assert await Capability.exists(id=capability.id)
    assert (await client.get(f"/capabilities/{capability.id}/edit")).status_code == 403


async def test_coordinator_can_keep_any_need(client: httpx.AsyncClient) -> None:
    group = await Organisation.create(name="あおぞら会", kind="citizen_group")
    need = await Need.create(title="清掃活動", organisation=group)
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    response = await post_form(client, f"/needs/{need.id}/edit", f"/needs/{need.id}/status",
                               {"action": "open"})
    assert response.status_code == 303
    assert (await Need.get(id=need.id)).status == NeedStatus.OPEN


async def test_a_pending_group_is_told_its_call_is_not_public_yet(
    client: httpx.AsyncClient,
) -> None:
    group = await Organisation.create(name="新しい会", kind="citizen_group",
                                      status=ApprovalStatus.PENDING)
    await signed_in(client, "new@example.jp", Role.GROUP, "新しい会", "新 花子")
    new = f"/needs/new?owner=organisation:{group.id}"
    response = await post_form(client, new, new, _need(intent="publish"))
    landed = await client.get(response.headers["location"])
    assert landed.status_code == 200  # the group sees its own call
    assert "承認されると" in landed.text
    assert "募集を公開しました。" in landed.text
    client.cookies.clear()
    assert (await client.get(response.headers["location"])).status_code == 404  # not yet public
