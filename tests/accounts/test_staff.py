"""The collaboration office invites and manages department staff and coordinators in the UI."""

from __future__ import annotations

import re

import httpx
import pytest
from factories.accounts import PASSWORD, account
from support import post_form, sign_in

from kakehashi.accounts.models import Invitation, Membership, Role, User, UserSession
from kakehashi.directory.models.orgs import Department
from kakehashi.notifications import outbox
from kakehashi.notifications.models import OutboxMail
from kakehashi.settings import Settings

PAGE = "/coordinator/staff"


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    outbox.use_settings(settings)


def _link(mail: OutboxMail) -> str:
    found = re.search(r"https?://[^/\s]+(/invitations/accept/\S+)", mail.body_text)
    assert found, mail.body_text
    return found.group(1)


async def _office() -> tuple[Department, Department]:
    welfare = await Department.create(name="高齢者支援課", section="福祉部")
    parks = await Department.create(name="公園緑地課", section="都市整備部")
    await account("office@city.example", Role.COORDINATOR, display_name="窓口 一子")
    return welfare, parks


async def test_coordinator_invites_department_staff_who_accepts(
    client: httpx.AsyncClient,
) -> None:
    welfare, _ = await _office()
    await sign_in(client, "office@city.example")
    missing = await post_form(client, PAGE, PAGE, {"email": "kimura@city.example",
                                                   "role": "department"})
    assert missing.status_code == 400 and 'id="department-error"' in missing.text
    assert 'value="kimura@city.example"' in missing.text
    sent = await post_form(client, PAGE, PAGE, {"email": "kimura@city.example",
                                                "role": "department",
                                                "department": str(welfare.id)})
    assert sent.status_code == 303
    listing = await client.get(PAGE)
    assert "kimura@city.example" in listing.text and "回答待ちの招待" in listing.text
    mail = await OutboxMail.get(kind="staff_invitation")
    assert "高齢者支援課" in mail.body_text
    link = _link(mail)
    client.cookies.clear()
    accepted = await post_form(client, link, link, {
        "action": "create", "display_name": "木村 四郎", "reading": "きむら しろう",
        "password": "a long password 1",
    })
    assert accepted.status_code == 303
    staff = await User.get(email="kimura@city.example")
    assert staff.role == Role.DEPARTMENT
    assert await Membership.exists(user_id=staff.id, department_id=welfare.id)
    assert (await client.get(f"/departments/{welfare.id}/edit")).status_code == 200
    await sign_in(client, "office@city.example")
    listing = await client.get(PAGE)
    assert "木村 四郎" in listing.text and "回答待ちの招待はありません" in listing.text


async def test_coordinator_invites_another_coordinator(client: httpx.AsyncClient) -> None:
    await _office()
    await sign_in(client, "office@city.example")
    await post_form(client, PAGE, PAGE, {"email": "second@city.example", "role": "coordinator"})
    invitation = await Invitation.get(email="second@city.example")
    assert invitation.role == Role.COORDINATOR and invitation.department_id is None
    resent = await post_form(client, PAGE, f"/invitations/{invitation.id}/resend",
                             {"next": PAGE})
    assert resent.status_code == 303 and resent.headers["location"] == PAGE
    assert await OutboxMail.filter(kind="staff_invitation").count() == 2
    link = _link(await OutboxMail.filter(kind="staff_invitation").order_by("-id").first())
    client.cookies.clear()
    await post_form(client, link, link, {"action": "create", "display_name": "二番 次子",
                                         "reading": "にばん つぎこ",
                                         "password": "a long password 1"})
    assert (await User.get(email="second@city.example")).role == Role.COORDINATOR
    assert (await client.get(PAGE)).status_code == 200


async def test_deactivate_ends_sessions_and_reactivate_restores(
    client: httpx.AsyncClient,
) -> None:
    welfare, parks = await _office()
    staff = await account("kimura@city.example", Role.DEPARTMENT, "高齢者支援課",
                          display_name="木村 四郎")
    await sign_in(client, "kimura@city.example")
    assert await UserSession.exists(user_id=staff.id)
    await sign_in(client, "office@city.example")
    off = await post_form(client, PAGE, f"/coordinator/staff/{staff.id}/deactivate", {})
    assert off.status_code == 303
    assert not await UserSession.exists(user_id=staff.id)
    assert "利用停止中" in (await client.get(PAGE)).text
    client.cookies.clear()
    refused = await post_form(client, "/login", "/login",
                              {"email": "kimura@city.example", "password": PASSWORD})
    assert refused.status_code == 400
    await sign_in(client, "office@city.example")
    moved = await post_form(client, PAGE, f"/coordinator/staff/{staff.id}/department",
                            {"department": str(parks.id)})
    assert moved.status_code == 303
    assert await Membership.exists(user_id=staff.id, department_id=parks.id)
    assert not await Membership.exists(user_id=staff.id, department_id=welfare.id)
    on = await post_form(client, PAGE, f"/coordinator/staff/{staff.id}/reactivate", {})
    assert on.status_code == 303
    await sign_in(client, "kimura@city.example")
    assert (await client.get(f"/departments/{parks.id}/edit")).status_code == 200
    assert (await client.get(f"/departments/{welfare.id}/edit")).status_code == 403


async def test_a_coordinator_cannot_deactivate_themselves_nor_group_accounts(
    client: httpx.AsyncClient,
) -> None:
    await _office()
    me = await User.get(email="office@city.example")
    group_user = await account("group@example.jp", Role.GROUP)
    await sign_in(client, "office@city.example")
    own = await post_form(client, PAGE, f"/coordinator/staff/{me.id}/deactivate", {})
    assert own.status_code == 303
    assert (await User.get(id=me.id)).is_active
    assert "ご自身のアカウント" in (await client.get(PAGE)).text
    other = await post_form(client, PAGE, f"/coordinator/staff/{group_user.id}/deactivate", {})
    assert other.status_code == 404
    assert (await User.get(id=group_user.id)).is_active
