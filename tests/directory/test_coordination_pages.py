"""The collaboration office's pages: approving groups, confirming criteria, the taxonomy."""

from __future__ import annotations

import httpx
import pytest
from support import post_form, rendered, signed_in

from kakehashi.accounts.models import Role
from kakehashi.directory.approval import rejection_reason
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.taxonomy.models import Field


async def _pending(name: str = "みどりの会", **values: object) -> Organisation:
    return await Organisation.create(
        name=name, kind="citizen_group", area="東地区", status=ApprovalStatus.PENDING,
        contact_name="緑 太郎", contact_email="midori@example.jp", contact_phone="090-0000-0000",
        **values,
    )


async def test_approvals_list_shows_waiting_groups_with_private_contact(
    client: httpx.AsyncClient,
) -> None:
    await _pending(description="<script>alert(1)</script>")
    await Organisation.create(name="承認済みの会", kind="npo", status=ApprovalStatus.APPROVED)
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    page = await client.get("/coordinator/approvals")
    assert page.status_code == 200
    assert rendered(page).template == "coordinator/approvals.html"
    assert [g.name for g in rendered(page).context["groups"]] == ["みどりの会"]
    assert "みどりの会" in page.text and "承認済みの会" not in page.text
    assert "midori@example.jp" in page.text and "090-0000-0000" in page.text
    assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text


async def _public_sees(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """The page as a visitor who is not signed in sees it."""
    visitor = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    async with visitor:
        return await visitor.get(path)


async def test_approving_makes_the_group_public_and_records_who(
    client: httpx.AsyncClient,
) -> None:
    group = await _pending()
    assert "みどりの会" not in (await _public_sees(client, "/groups")).text
    assert (await _public_sees(client, f"/groups/{group.id}")).status_code == 404
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    response = await post_form(client, "/coordinator/approvals",
                               f"/coordinator/approvals/{group.id}", {"action": "approve"})
    assert response.status_code == 303
    assert (await Organisation.get(id=group.id)).status == ApprovalStatus.APPROVED
    page = await client.get("/coordinator/approvals")
    assert "承認しました" in page.text
    assert "みどりの会" not in page.text.split("承認しました", 1)[1]
    assert await ChangeRecord.filter(entity_id=group.id, action="approved").exists()
    assert "みどりの会" in (await _public_sees(client, "/groups")).text
    assert (await _public_sees(client, f"/groups/{group.id}")).status_code == 200
    again = await post_form(client, "/coordinator/approvals",
                            f"/coordinator/approvals/{group.id}", {"action": "approve"})
    assert again.status_code == 400


async def test_refusing_needs_a_reason_that_the_group_can_read(
    client: httpx.AsyncClient,
) -> None:
    group = await _pending()
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    empty = await post_form(client, "/coordinator/approvals",
                            f"/coordinator/approvals/{group.id}",
                            {"action": "reject", "reason": "   "})
    assert empty.status_code == 400
    assert f'id="reason-{group.id}-error"' in empty.text
    assert "理由を入力してください" in empty.text
    assert (await Organisation.get(id=group.id)).status == ApprovalStatus.PENDING
    refused = await post_form(client, "/coordinator/approvals",
                              f"/coordinator/approvals/{group.id}",
                              {"action": "reject", "reason": "活動内容が確認できませんでした。"})
    assert refused.status_code == 303
    assert (await Organisation.get(id=group.id)).status == ApprovalStatus.REJECTED
    assert await rejection_reason(group.id) == "活動内容が確認できませんでした。"
    page = await client.get("/coordinator/approvals")
    assert "みどりの会" not in page.text
    assert (await _public_sees(client, f"/groups/{group.id}")).status_code == 404


async def test_an_overlong_reason_is_refused_and_kept(client: httpx.AsyncClient) -> None:
    group = await _pending()
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    response = await post_form(client, "/coordinator/approvals",
                               f"/coordinator/approvals/{group.id}",
                               {"action": "reject", "reason": "理" * 2001})
    assert response.status_code == 400
    assert "2000文字以内" in response.text and "理" * 2001 in response.text
    assert (await Organisation.get(id=group.id)).status == ApprovalStatus.PENDING


async def test_unknown_group_and_unknown_action(client: httpx.AsyncClient) -> None:
    group = await _pending()
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    missing = await post_form(client, "/coordinator/approvals", "/coordinator/approvals/9999",
                              {"action": "approve"})
    assert missing.status_code == 404
    odd = await post_form(client, "/coordinator/approvals",
                          f"/coordinator/approvals/{group.id}", {"action": "delete"})
    assert odd.status_code == 400
    assert (await Organisation.get(id=group.id)).status == ApprovalStatus.PENDING


@pytest.mark.parametrize("path", [
    "/coordinator/approvals", "/coordinator/fields", "/coordinator/csv",
    "/coordinator/csv/export/groups", "/coordinator/groups/1/criteria",
    "/coordinator/fields/welfare/edit",
])
async def test_only_coordinators_may_open_the_office_pages(
    client: httpx.AsyncClient, path: str,
) -> None:
    anonymous = await client.get(path)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")
    await Organisation.create(name="見守り隊", kind="neighbourhood",
                              status=ApprovalStatus.APPROVED)
    await signed_in(client, "group@city.example", Role.GROUP, "見守り隊")
    assert (await client.get(path)).status_code == 403


async def test_group_member_cannot_approve_its_own_group(client: httpx.AsyncClient) -> None:
    group = await _pending()
    await signed_in(client, "group@city.example", Role.GROUP, "みどりの会")
    response = await post_form(client, "/me", f"/coordinator/approvals/{group.id}",
                               {"action": "approve"})
    assert response.status_code == 403
    assert (await Organisation.get(id=group.id)).status == ApprovalStatus.PENDING


async def test_only_declared_criteria_can_be_confirmed(client: httpx.AsyncClient) -> None:
    group = await _pending(criteria_declared=["voluntary", "non_profit"])
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    page_url = f"/coordinator/groups/{group.id}/criteria"
    page = await client.get(page_url)
    assert page.status_code == 200
    assert "自主性" in page.text and "申告あり" in page.text
    refused = await post_form(client, page_url, page_url,
                              {"confirmed": ["voluntary", "proper_accounts"]})
    assert refused.status_code == 400
    assert 'id="confirmed-error"' in refused.text
    assert "自己申告した項目だけ" in refused.text
    assert (await Organisation.get(id=group.id)).criteria_confirmed == []
    saved = await post_form(client, page_url, page_url, {"confirmed": ["non_profit", "voluntary"]})
    assert saved.status_code == 303
    assert (await Organisation.get(id=group.id)).criteria_confirmed == [
        "voluntary", "non_profit"
    ]
    record = await ChangeRecord.get(entity_id=group.id, action="criteria_confirmed")
    assert record.changes["criteria_confirmed"] == [[], ["voluntary", "non_profit"]]
    unknown = await post_form(client, page_url, page_url, {"confirmed": ["rich"]})
    assert unknown.status_code == 400
    assert (await client.get("/coordinator/groups/9999/criteria")).status_code == 404


async def test_taxonomy_page_lists_codes_and_both_labels(client: httpx.AsyncClient) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    page = await client.get("/coordinator/fields")
    assert page.status_code == 200
    assert "welfare.elderly" in page.text and "高齢者" in page.text
    assert "Older people" in page.text


async def test_adding_a_sub_area_and_refusing_bad_or_duplicate_codes(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    added = await post_form(client, "/coordinator/fields", "/coordinator/fields", {
        "parent": "welfare", "code": "lunch", "label_ja": "子ども食堂",
        "label_en": "Children's cafeterias",
    })
    assert added.status_code == 303
    assert await Field.exists(code="welfare.lunch")
    bad = await post_form(client, "/coordinator/fields", "/coordinator/fields", {
        "parent": "", "code": "Health Care", "label_ja": "健康", "label_en": "Health",
    })
    assert bad.status_code == 400
    assert 'id="code-error"' in bad.text and "小文字" in bad.text
    assert 'value="健康"' in bad.text
    duplicate = await post_form(client, "/coordinator/fields", "/coordinator/fields", {
        "parent": "welfare", "code": "lunch", "label_ja": "食堂", "label_en": "Cafeteria",
    })
    assert duplicate.status_code == 400
    assert "既に使われています" in duplicate.text
    missing = await post_form(client, "/coordinator/fields", "/coordinator/fields", {
        "parent": "", "code": "health", "label_ja": "", "label_en": "x" * 101,
    })
    assert missing.status_code == 400
    assert 'id="label_ja-error"' in missing.text and 'id="label_en-error"' in missing.text
    assert not await Field.exists(code="health")


async def test_editing_labels_and_order(client: httpx.AsyncClient) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    url = "/coordinator/fields/welfare.childcare/edit"
    form = await client.get(url)
    assert 'value="3"' in form.text
    saved = await post_form(client, url, url, {
        "label_ja": "子育て", "label_en": "Parenting", "position": "1",
    })
    assert saved.status_code == 303
    listing = await client.get("/coordinator/fields")
    assert listing.text.index("welfare.childcare") < listing.text.index("welfare.elderly")
    assert "子育て" in listing.text
    empty = await post_form(client, url, url, {"label_ja": "", "label_en": "Parenting"})
    assert empty.status_code == 400
    assert (await Field.get(code="welfare.childcare")).label_ja == "子育て"
    assert (await client.get("/coordinator/fields/nothing/edit")).status_code == 404


async def test_deleting_a_field_in_use_is_refused_with_a_clear_message(
    client: httpx.AsyncClient,
) -> None:
    group = await Organisation.create(name="みどりの会", kind="npo")
    await group.fields_.add(await Field.get(code="environment.waste"))
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    refused = await post_form(client, "/coordinator/fields",
                              "/coordinator/fields/environment.waste/delete", {})
    assert refused.status_code == 400
    assert "団体1件" in refused.text and "削除できません" in refused.text
    parent = await post_form(client, "/coordinator/fields",
                             "/coordinator/fields/culture/delete", {})
    assert parent.status_code == 400 and "小分野" in parent.text
    deleted = await post_form(client, "/coordinator/fields",
                              "/coordinator/fields/culture.festival/delete", {})
    assert deleted.status_code == 303
    assert not await Field.exists(code="culture.festival")
    assert await Field.exists(code="environment.waste")


async def test_the_refused_group_can_read_the_reason(client: httpx.AsyncClient) -> None:
    group = await _pending()
    await signed_in(client, "office@city.example", Role.COORDINATOR, display_name="調整 花子")
    await post_form(client, "/coordinator/approvals", f"/coordinator/approvals/{group.id}",
                    {"action": "reject", "reason": "活動の実態が確認できませんでした。"})
    member = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    async with member:
        await signed_in(member, "group@city.example", Role.GROUP, "みどりの会")
        history = await member.get(f"/groups/{group.id}/history")
    assert history.status_code == 200
    assert "活動の実態が確認できませんでした。" in history.text
