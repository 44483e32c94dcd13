"""Invitations by mail: members join a group only by accepting, can leave, and the yearly
handover of a 町内会 works end to end without help from the office."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from factories.accounts import account
from support import post_form, sign_in

from kakehashi.accounts.models import Invitation, Membership, Role, User
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.notifications import outbox
from kakehashi.notifications.models import Notification, OutboxMail
from kakehashi.settings import Settings


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    outbox.use_settings(settings)


def _link(mail: OutboxMail) -> str:
    found = re.search(r"https?://[^/\s]+(/invitations/accept/\S+)", mail.body_text)
    assert found, mail.body_text
    return found.group(1)


async def _association() -> tuple[Organisation, User]:
    group = await Organisation.create(name="本町町内会", kind="neighbourhood",
                                      status=ApprovalStatus.APPROVED)
    officer = await account("yamada@example.jp", Role.GROUP, "本町町内会",
                            display_name="山田 一郎")
    return group, officer


async def _invite(client: httpx.AsyncClient, group: Organisation, email: str) -> httpx.Response:
    page = f"/groups/{group.id}/members"
    return await post_form(client, page, page, {"email": email})


async def test_invitee_creates_an_account_and_the_link_works_once(
    client: httpx.AsyncClient,
) -> None:
    group, _ = await _association()
    await sign_in(client, "yamada@example.jp")
    sent = await _invite(client, group, "Suzuki@Example.jp")
    assert sent.status_code == 303
    listing = await client.get(f"/groups/{group.id}/members")
    assert "suzuki@example.jp" in listing.text and "回答待ちの招待" in listing.text
    assert not await User.exists(email="suzuki@example.jp")  # nobody joined without consent
    mail = await OutboxMail.get(kind="invitation")
    assert mail.to_address == "suzuki@example.jp" and mail.user_id is None
    assert "本町町内会" in mail.subject and "山田 一郎" in mail.body_text
    link = _link(mail)
    client.cookies.clear()
    page = await client.get(link)
    assert page.status_code == 200 and "本町町内会" in page.text
    refused = await post_form(client, link, link, {
        "action": "create", "display_name": "鈴木 次郎", "reading": "鈴木", "password": "short",
    })
    assert refused.status_code == 400
    assert 'id="password-error"' in refused.text
    assert 'value="鈴木 次郎"' in refused.text
    assert not await User.exists(email="suzuki@example.jp")
    created = await post_form(client, link, link, {
        "action": "create", "display_name": "鈴木 次郎", "reading": "スズキ ジロウ",
        "password": "a long password 1",
    })
    assert created.status_code == 303
    newcomer = await User.get(email="suzuki@example.jp")
    assert newcomer.reading == "すずき じろう" and newcomer.email_verified_at is not None
    assert await Membership.exists(user_id=newcomer.id, organisation_id=group.id,
                                   is_officer=False)
    assert "本町町内会" in (await client.get("/me")).text
    again = await client.get(link)
    assert again.status_code == 400 and "このリンク" in again.text


async def test_an_existing_account_accepts_after_signing_in(client: httpx.AsyncClient) -> None:
    group, _ = await _association()
    newcomer = await account("sato@example.jp", Role.GROUP, display_name="佐藤 花子")
    await sign_in(client, "yamada@example.jp")
    await _invite(client, group, "sato@example.jp")
    mail = await OutboxMail.get(kind="invitation")
    assert mail.user_id == newcomer.id and "佐藤 花子" in mail.body_text
    assert not await Notification.exists(user_id=newcomer.id)  # mail only, not in an inbox
    link = _link(mail)
    client.cookies.clear()
    page = await client.get(link)
    assert "/login?next=" in page.text
    await sign_in(client, "sato@example.jp")
    accepted = await post_form(client, link, link, {"action": "accept"})
    assert accepted.status_code == 303
    assert await Membership.exists(user_id=newcomer.id, organisation_id=group.id)
    history = await client.get(f"/groups/{group.id}/history")
    assert "佐藤 花子" in history.text


async def test_inviting_reveals_nothing_about_accounts(client: httpx.AsyncClient) -> None:
    """Issue 18 item 6: a staff address, a group address and an unknown one look the same."""
    group, _ = await _association()
    await account("member@example.jp", Role.GROUP)
    await account("staff@city.example", Role.DEPARTMENT)
    await sign_in(client, "yamada@example.jp")
    answers = [await _invite(client, group, email) for email in
               ("member@example.jp", "staff@city.example", "nobody@example.jp")]
    assert {a.status_code for a in answers} == {303}
    flashes = [(await client.get(a.headers["location"])).text for a in answers[:1]]
    assert "招待を送りました" in flashes[0]
    assert await OutboxMail.filter(kind="invitation").count() == 3
    already = await _invite(client, group, "yamada@example.jp")
    assert already.status_code == 400 and 'id="email-error"' in already.text


async def test_staff_account_cannot_accept_a_group_invitation(
    client: httpx.AsyncClient,
) -> None:
    group, _ = await _association()
    await account("staff@city.example", Role.DEPARTMENT)
    await sign_in(client, "yamada@example.jp")
    await _invite(client, group, "staff@city.example")
    link = _link(await OutboxMail.get(kind="invitation"))
    await sign_in(client, "staff@city.example")
    refused = await post_form(client, link, link, {"action": "accept"})
    assert refused.status_code == 400 and "別の種類のアカウント" in refused.text
    assert not await Membership.filter(organisation_id=group.id).exclude(
        user__email="yamada@example.jp").exists()


async def test_resend_and_cancel(client: httpx.AsyncClient) -> None:
    group, _ = await _association()
    await sign_in(client, "yamada@example.jp")
    await _invite(client, group, "suzuki@example.jp")
    invitation = await Invitation.get(email="suzuki@example.jp")
    first = _link(await OutboxMail.get(kind="invitation"))
    page = f"/groups/{group.id}/members"
    resent = await post_form(client, page, f"/invitations/{invitation.id}/resend",
                             {"next": page})
    assert resent.status_code == 303 and resent.headers["location"] == page
    assert await OutboxMail.filter(kind="invitation").count() == 2
    await post_form(client, page, f"/invitations/{invitation.id}/resend", {"next": page})
    flooded = await post_form(client, page, f"/invitations/{invitation.id}/resend",
                              {"next": page})
    assert flooded.status_code == 303
    assert await OutboxMail.filter(kind="invitation").count() == 3  # three an hour at most
    cancelled = await post_form(client, page, f"/invitations/{invitation.id}/cancel",
                                {"next": page})
    assert cancelled.status_code == 303
    assert "回答待ちの招待はありません" in (await client.get(page)).text
    client.cookies.clear()
    dead = await client.get(first)
    assert dead.status_code == 400


async def test_an_expired_link_is_refused(client: httpx.AsyncClient,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    group, _ = await _association()
    await sign_in(client, "yamada@example.jp")
    await _invite(client, group, "suzuki@example.jp")
    link = _link(await OutboxMail.get(kind="invitation"))
    monkeypatch.setattr("kakehashi.accounts.invitations.MAX_AGE", -1)
    assert (await client.get(link)).status_code == 400


async def test_a_member_leaves_but_the_only_officer_cannot(client: httpx.AsyncClient) -> None:
    group, officer = await _association()
    member = await account("sato@example.jp", Role.GROUP, "本町町内会", officer=False)
    await sign_in(client, "yamada@example.jp")
    page = f"/groups/{group.id}/members"
    refused = await post_form(client, page, f"/groups/{group.id}/leave", {})
    assert refused.status_code == 400 and "代表者を引き継いで" in refused.text
    assert await Membership.exists(user_id=officer.id, organisation_id=group.id)
    await sign_in(client, "sato@example.jp")
    left = await post_form(client, page, f"/groups/{group.id}/leave", {})
    assert left.status_code == 303 and left.headers["location"] == "/me"
    assert not await Membership.exists(user_id=member.id, organisation_id=group.id)
    assert (await client.get(page)).status_code == 404


async def test_april_handover_through_invitations(client: httpx.AsyncClient) -> None:
    """Invite the successor → they accept → hand over → the old officer leaves."""
    group, officer = await _association()
    await sign_in(client, "yamada@example.jp")
    await _invite(client, group, "kato@example.jp")
    link = _link(await OutboxMail.get(kind="invitation"))
    client.cookies.clear()
    await post_form(client, link, link, {"action": "create", "display_name": "加藤 三郎",
                                         "reading": "かとう さぶろう",
                                         "password": "a long password 1"})
    successor = await User.get(email="kato@example.jp")
    await sign_in(client, "yamada@example.jp")
    page = f"/groups/{group.id}/members"
    handed = await post_form(client, page, f"/groups/{group.id}/handover",
                             {"to_user": str(successor.id), "note": "帳簿は公民館です"})
    assert handed.status_code == 303
    left = await post_form(client, page, f"/groups/{group.id}/leave", {})
    assert left.status_code == 303
    assert not await Membership.exists(user_id=officer.id, organisation_id=group.id)
    assert (await Membership.get(user_id=successor.id, organisation_id=group.id)).is_officer
    await sign_in(client, "kato@example.jp", "a long password 1")
    assert (await client.get(f"/groups/{group.id}/edit")).status_code == 200
    assert "帳簿は公民館です" in (await client.get(page)).text


async def test_sign_up_with_a_registered_address_says_only_that_a_mail_was_sent(
    client: httpx.AsyncClient,
) -> None:
    await account("midori@example.jp", Role.DEPARTMENT)
    answers = []
    for email, name in (("midori@example.jp", "みどりの会"), ("aozora@example.jp", "青空の会")):
        answers.append(await post_form(client, "/signup", "/signup", {
            "group_name": name, "kind": "citizen_group", "display_name": "緑 太郎",
            "email": email, "password": "a long password 1",
        }))
    taken, fresh = answers
    assert taken.status_code == fresh.status_code == 303
    assert taken.headers["location"] == fresh.headers["location"] == "/login"
    client.cookies.clear()
    assert not await Organisation.exists(name="みどりの会")
    exists_mail = await OutboxMail.get(kind="account_exists")
    assert exists_mail.to_address == "midori@example.jp"
    assert "/password/forgot" in exists_mail.body_text
    assert await OutboxMail.filter(kind="email_verification",
                                   to_address="aozora@example.jp").exists()
    assert outbox.now() - exists_mail.created_at < timedelta(minutes=5)
