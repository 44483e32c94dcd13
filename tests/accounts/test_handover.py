"""A group's officer hands the officer role on, as 町内会 do every year."""

from __future__ import annotations

import httpx
from factories.accounts import account
from support import post_form, sign_in

from kakehashi.accounts.models import Handover, Membership, Role, User
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation


async def _association() -> tuple[Organisation, User, User]:
    """A 町内会 with its officer 山田 and an ordinary member 佐藤."""
    group = await Organisation.create(name="本町町内会", kind="neighbourhood",
                                      status=ApprovalStatus.APPROVED)
    officer = await account("yamada@example.jp", Role.GROUP,
                            display_name="山田 一郎", affiliation="本町町内会")
    member = await account("sato@example.jp", Role.GROUP,
                           display_name="佐藤 花子", affiliation="本町町内会", officer=False)
    return group, officer, member


async def test_handover_is_recorded_and_permissions_move_with_it(
    client: httpx.AsyncClient,
) -> None:
    group, officer, member = await _association()
    await sign_in(client, "yamada@example.jp")
    page = f"/groups/{group.id}/members"
    response = await post_form(client, page, f"/groups/{group.id}/handover", {
        "to_user": str(member.id), "note": "会計帳簿は公民館の棚にあります。<b>よろしく</b>",
    })
    assert response.status_code == 303
    old = await Membership.get(user_id=officer.id, organisation_id=group.id)
    new = await Membership.get(user_id=member.id, organisation_id=group.id)
    assert (old.is_officer, new.is_officer) == (False, True)
    handover = await Handover.get(organisation_id=group.id)
    assert (handover.from_user_id, handover.to_user_id) == (officer.id, member.id)  # type: ignore[attr-defined]
    listing = await client.get(page)
    assert "山田 一郎" in listing.text and "佐藤 花子" in listing.text
    assert "会計帳簿は公民館の棚にあります。&lt;b&gt;よろしく&lt;/b&gt;" in listing.text
    again = await post_form(client, page, f"/groups/{group.id}/handover",
                            {"to_user": str(member.id), "note": ""})
    assert again.status_code == 403
    assert (await client.get(f"/groups/{group.id}/edit")).status_code == 200
    await sign_in(client, "sato@example.jp")
    back = await post_form(client, page, f"/groups/{group.id}/handover",
                           {"to_user": str(officer.id), "note": "来年度もお願いします"})
    assert back.status_code == 303
    assert await Handover.filter(organisation_id=group.id).count() == 2


async def test_old_officer_may_leave_the_group_when_handing_over(
    client: httpx.AsyncClient,
) -> None:
    group, officer, member = await _association()
    await sign_in(client, "yamada@example.jp")
    response = await post_form(client, f"/groups/{group.id}/members",
                               f"/groups/{group.id}/handover",
                               {"to_user": str(member.id), "leave_group": "on"})
    assert response.status_code == 303
    assert response.headers["location"] == "/me"
    assert not await Membership.exists(user_id=officer.id, organisation_id=group.id)
    assert (await client.get(f"/groups/{group.id}/edit")).status_code == 403


async def test_handing_over_to_a_non_member_is_refused_at_the_field(
    client: httpx.AsyncClient,
) -> None:
    group, officer, _ = await _association()
    outsider = await account("other@example.jp", Role.GROUP)
    await sign_in(client, "yamada@example.jp")
    response = await post_form(client, f"/groups/{group.id}/members",
                               f"/groups/{group.id}/handover",
                               {"to_user": str(outsider.id), "note": "引継ぎメモ"})
    assert response.status_code == 400
    assert 'id="to_user-error"' in response.text
    assert "団体のメンバーを選んでください" in response.text
    assert "引継ぎメモ" in response.text
    assert (await Membership.get(user_id=officer.id, organisation_id=group.id)).is_officer
    assert not await Handover.exists()


async def test_ordinary_members_and_outsiders_cannot_hand_over(
    client: httpx.AsyncClient,
) -> None:
    group, officer, member = await _association()
    await account("other@example.jp", Role.GROUP)
    await sign_in(client, "sato@example.jp")
    listing = await client.get(f"/groups/{group.id}/members")
    assert listing.status_code == 200
    assert f'action="/groups/{group.id}/handover"' not in listing.text
    refused = await post_form(client, "/me", f"/groups/{group.id}/handover",
                              {"to_user": str(member.id)})
    assert refused.status_code == 403
    added = await post_form(client, "/me", f"/groups/{group.id}/members",
                            {"email": "other@example.jp"})
    assert added.status_code == 403
    await sign_in(client, "other@example.jp")
    assert (await client.get(f"/groups/{group.id}/members")).status_code == 404
    assert not await Handover.exists()
    assert (await Membership.get(user_id=officer.id, organisation_id=group.id)).is_officer


async def test_coordinator_hands_over_on_the_groups_behalf(client: httpx.AsyncClient) -> None:
    group, officer, member = await _association()
    await account("office@city.example", Role.COORDINATOR)
    await sign_in(client, "office@city.example")
    response = await post_form(client, f"/groups/{group.id}/members",
                               f"/groups/{group.id}/handover", {"to_user": str(member.id)})
    assert response.status_code == 303
    assert not (await Membership.get(user_id=officer.id, organisation_id=group.id)).is_officer
    assert (await Membership.get(user_id=member.id, organisation_id=group.id)).is_officer


async def test_handover_without_csrf_token_is_refused(client: httpx.AsyncClient) -> None:
    group, officer, member = await _association()
    await sign_in(client, "yamada@example.jp")
    await client.get(f"/groups/{group.id}/members")
    forged = await client.post(f"/groups/{group.id}/handover", data={"to_user": str(member.id)})
    assert forged.status_code == 403
    assert (await Membership.get(user_id=officer.id, organisation_id=group.id)).is_officer
