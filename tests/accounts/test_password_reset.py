"""Forgotten passwords and address confirmation, end to end through the mail outbox."""

from __future__ import annotations

import re

import httpx
import pytest
from mail_support import user
from support import post_form, sign_in

from kakehashi.accounts import mail_links as account_mail
from kakehashi.accounts.auth import hash_password, verify_password
from kakehashi.accounts.models import User
from kakehashi.notifications import outbox
from kakehashi.notifications.models import OutboxMail
from kakehashi.settings import Settings


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    outbox.use_settings(settings)


def _link(mail: OutboxMail, path: str) -> str:
    found = re.search(rf"http://127\.0\.0\.1:8000({path}/\S+)", mail.body_text)
    assert found, mail.body_text
    return found.group(1)


async def _forgot(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await post_form(client, "/password/forgot", "/password/forgot", {"email": email})


async def test_a_forgotten_password_is_reset_by_the_mailed_link_once(
    client: httpx.AsyncClient,
) -> None:
    account = await user("midori@example.jp", verified=False)
    login = await client.get("/login")
    assert 'href="/password/forgot"' in login.text
    answer = await _forgot(client, "Midori@Example.jp")
    assert "メールをご確認ください" in answer.text
    mail = await OutboxMail.get(kind="password_reset")
    assert mail.subject == "【架け橋】パスワードの再設定"
    link = _link(mail, "/password/reset")
    short = await post_form(client, link, link, {"password": "short", "password_again": "short"})
    assert short.status_code == 400 and "10" in short.text
    differ = await post_form(client, link, link,
                             {"password": "a new long password", "password_again": "other one"})
    assert differ.status_code == 400 and "一致しません" in differ.text
    done = await post_form(client, link, link, {"password": "a new long password",
                                                "password_again": "a new long password"})
    assert done.status_code == 303 and done.headers["location"] == "/me"
    saved = await User.get(id=account.id)
    assert verify_password(saved.password_hash, "a new long password")
    assert saved.email_verified_at is not None  # the link reached the mailbox
    again = await client.get(link)
    assert again.status_code == 400 and "このリンクは正しくありません" in again.text


async def test_unknown_addresses_get_the_same_answer_and_no_mail(
    client: httpx.AsyncClient,
) -> None:
    await user("midori@example.jp")
    known = await _forgot(client, "midori@example.jp")
    unknown = await _forgot(client, "nobody@example.jp")
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace("midori", "X") == unknown.text.replace("nobody", "X")
    assert await OutboxMail.filter(to_address="nobody@example.jp").count() == 0


async def test_reset_mails_reach_unsubscribed_users_but_not_the_inbox(
    client: httpx.AsyncClient,
) -> None:
    account = await user("midori@example.jp", mail_unsubscribed=True)
    await _forgot(client, account.email)
    assert await OutboxMail.filter(kind="password_reset").count() == 1
    assert await account.notifications.all().count() == 0  # type: ignore[attr-defined]


async def test_tampered_and_expired_reset_links_are_refused_clearly(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = await user("midori@example.jp")
    await User.filter(id=account.id).update(password_hash=hash_password("old password 123"))
    await _forgot(client, account.email)
    link = _link(await OutboxMail.get(kind="password_reset"), "/password/reset")
    tampered = await client.get(link[:-3] + "abc")
    assert tampered.status_code == 400 and "このリンクは正しくありません" in tampered.text
    monkeypatch.setattr(account_mail, "RESET_MAX_AGE", -1)
    expired = await client.get(link)
    assert expired.status_code == 400 and "有効期限が切れています" in expired.text
    posted = await client.post(link, data={"password": "x" * 12, "password_again": "x" * 12})
    assert posted.status_code in (400, 403)
    assert verify_password((await User.get(id=account.id)).password_hash, "old password 123")


async def test_sign_up_sends_a_confirmation_mail_and_the_link_confirms(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(client, "/signup", "/signup", {
        "group_name": "あおぞらの会", "kind": "citizen_group", "display_name": "青空 花子",
        "email": "aozora@example.jp", "password": "a long password 1",
    })
    assert response.status_code == 303
    await sign_in(client, "aozora@example.jp", "a long password 1")
    me = await client.get("/me")
    assert "メールアドレスの確認をお願いします" in me.text
    mail = await OutboxMail.get(kind="email_verification")
    assert mail.to_address == "aozora@example.jp"
    confirmed = await client.get(_link(mail, "/verify"))
    assert confirmed.status_code == 303
    assert (await User.get(email="aozora@example.jp")).email_verified_at is not None
    assert "メールアドレスの確認をお願いします" not in (await client.get("/me")).text
    broken = await client.get(_link(mail, "/verify")[:-4] + "AAAA")
    assert broken.status_code == 400


async def test_the_confirmation_mail_can_be_sent_again(client: httpx.AsyncClient) -> None:
    await sign_in(client, await user("midori@example.jp", verified=False))
    response = await post_form(client, "/me/notifications", "/me/notifications/verify", {})
    assert response.status_code == 303
    assert await OutboxMail.filter(kind="email_verification").count() == 1


async def test_reset_mails_to_one_address_are_limited_per_hour(
    client: httpx.AsyncClient,
) -> None:
    await user("midori@example.jp")
    for _ in range(5):
        answer = await _forgot(client, "midori@example.jp")
        assert answer.status_code == 200
    assert await OutboxMail.filter(kind="password_reset").count() == account_mail.MAILS_PER_HOUR


async def test_mails_written_during_a_request_use_the_sites_address_and_key(
    db: str, settings: Settings
) -> None:
    from dataclasses import replace

    from kakehashi.app import create_app

    outbox.current_settings.set(None)
    site = replace(settings, base_url="https://city.example.jp", secret_key="another-key" * 4)
    app = create_app(site, manage_database=False)
    await user("midori@example.jp")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await _forgot(client, "midori@example.jp")
        mail = await OutboxMail.get(kind="password_reset")
        link = re.search(r"https://city\.example\.jp(/password/reset/\S+)", mail.body_text)
        assert link
        assert (await client.get(link.group(1))).status_code == 200
