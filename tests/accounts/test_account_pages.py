"""Signing in and out, throttling, group sign-up, CSRF and the language switch."""

from __future__ import annotations

import httpx
from factories.accounts import PASSWORD, account
from support import post_form, sign_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation, PartnerKind


async def test_sign_in_takes_the_coordinator_to_the_desk(client: httpx.AsyncClient) -> None:
    await account("staff@city.example", Role.COORDINATOR, display_name="調整 花子")
    response = await post_form(
        client, "/login", "/login", {"email": "Staff@City.example", "password": PASSWORD}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/coordinator/desk"
    page = await client.get("/me")
    assert "調整 花子" in page.text


async def test_wrong_password_is_refused_and_keeps_the_email(client: httpx.AsyncClient) -> None:
    await account("staff@city.example", Role.COORDINATOR)
    response = await post_form(
        client, "/login", "/login", {"email": "staff@city.example", "password": "wrong one"}
    )
    assert response.status_code == 400
    assert "メールアドレスまたはパスワードが正しくありません" in response.text
    assert 'value="staff@city.example"' in response.text
    assert "wrong one" not in response.text


async def test_sign_in_is_throttled_after_repeated_failures(client: httpx.AsyncClient) -> None:
    await account("staff@city.example", Role.COORDINATOR)
    for _ in range(5):
        await post_form(client, "/login", "/login",
                        {"email": "staff@city.example", "password": "nope nope"})
    response = await post_form(
        client, "/login", "/login", {"email": "staff@city.example", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "しばらく" in response.text or "分後" in response.text
    assert (await client.get("/me")).status_code == 303


async def test_my_page_needs_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/me")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/me"


async def test_sign_in_does_not_redirect_off_site(client: httpx.AsyncClient) -> None:
    await account("staff@city.example", Role.COORDINATOR)
    response = await post_form(client, "/login?next=//evil.example", "/login", {
        "email": "staff@city.example", "password": PASSWORD, "next": "//evil.example/x",
    })
    assert response.headers["location"] == "/coordinator/desk"


async def test_a_form_without_csrf_token_is_refused(client: httpx.AsyncClient) -> None:
    await account("staff@city.example", Role.COORDINATOR)
    await client.get("/login")
    response = await client.post(
        "/login", data={"email": "staff@city.example", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "有効期限" in response.text
    cookieless = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    async with cookieless:
        forged = await cookieless.post("/signup", data={"group_name": "x"})
    assert forged.status_code == 403


async def test_group_sign_up_waits_for_approval(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/signup", "/signup", {
        "group_name": "みどりの会", "furigana": "みどりのかい", "kind": "citizen_group",
        "area": "東地区", "description": "公園の花壇を手入れしています。",
        "display_name": "緑 太郎", "email": "midori@example.jp", "password": PASSWORD,
    })
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert "確認のメールを送りました" in (await client.get("/login")).text
    organisation = await Organisation.get(name="みどりの会")
    assert organisation.status == ApprovalStatus.PENDING
    await sign_in(client, "midori@example.jp")
    page = await client.get("/me")
    assert "みどりの会" in page.text
    assert "承認待ち" in page.text


async def test_sign_up_shows_errors_at_each_field_and_keeps_input(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(client, "/signup", "/signup", {
        "group_name": "", "kind": "secret_society", "display_name": "緑 太郎",
        "email": "not-an-address", "password": "short", "description": "<script>x</script>",
    })
    assert response.status_code == 400
    text = response.text
    assert 'id="group_name-error"' in text
    assert 'id="kind-error"' in text
    assert 'id="email-error"' in text
    assert 'id="password-error"' in text  # with the others, not after they are fixed
    assert 'value="緑 太郎"' in text
    assert "<script>x</script>" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text
    assert not await Organisation.exists()


async def test_duplicate_group_name_is_refused_at_the_field(client: httpx.AsyncClient) -> None:
    await Organisation.create(name="みどりの会", kind="citizen_group")
    response = await post_form(client, "/signup", "/signup", {
        "group_name": "みどりの会", "kind": "citizen_group", "display_name": "緑 太郎",
        "email": "midori@example.jp", "password": PASSWORD,
    })
    assert response.status_code == 400
    assert 'id="group_name-error"' in response.text
    assert "既に登録" in response.text


async def test_pages_are_japanese_by_default_and_english_on_request(
    client: httpx.AsyncClient,
) -> None:
    japanese = await client.get("/login")
    assert '<html lang="ja">' in japanese.text
    assert "ログイン" in japanese.text
    english = await client.get("/login?lang=en")
    assert '<html lang="en">' in english.text
    assert "Sign in" in english.text
    assert '<html lang="ja">' in (await client.get("/")).text  # a GET remembers nothing
    chosen = await post_form(client, "/login", "/language", {"lang": "en", "next": "/needs"})
    assert chosen.headers["location"] == "/needs"
    remembered = await client.get("/")
    assert '<html lang="en">' in remembered.text


async def test_one_persons_failures_do_not_lock_out_colleagues_on_the_same_network(
    client: httpx.AsyncClient,
) -> None:
    await account("typo@city.example", Role.DEPARTMENT)
    await account("colleague@city.example", Role.COORDINATOR)
    for _ in range(5):
        await post_form(client, "/login", "/login",
                        {"email": "typo@city.example", "password": "nope nope"})
    response = await post_form(
        client, "/login", "/login", {"email": "colleague@city.example", "password": PASSWORD}
    )
    assert response.status_code == 303


async def test_sign_in_returns_to_the_page_asked_for_with_its_query(
    client: httpx.AsyncClient,
) -> None:
    await account("staff@city.example", Role.COORDINATOR)
    bounced = await client.get("/needs/new?owner=department:1")
    assert bounced.status_code == 303
    login_page = bounced.headers["location"]
    response = await post_form(client, login_page, "/login", {
        "email": "staff@city.example", "password": PASSWORD,
        "next": "/needs/new?owner=department:1",
    })
    assert response.headers["location"] == "/needs/new?owner=department:1"
    page = await client.get(login_page)
    assert 'value="/needs/new?owner=department:1"' in page.text


async def test_a_refused_group_sees_why_on_its_page(client: httpx.AsyncClient) -> None:
    from kakehashi.accounts.rules import GroupSignUp, sign_up_group
    from kakehashi.directory import approval

    user = await sign_up_group(GroupSignUp(
        email="midori@example.jp", password=PASSWORD, display_name="緑 太郎",
        group_name="みどりの会", furigana="", kind=PartnerKind.CITIZEN_GROUP, area="",
        description="",
    ))
    office = await account("office@city.example", Role.COORDINATOR)
    organisation = await Organisation.get(name="みどりの会")
    await approval.reject(organisation.id, office.id, "活動の実態が確認できませんでした。")
    await sign_in(client, user)
    page = await client.get("/me")
    assert "承認しませんでした" in page.text
    assert "活動の実態が確認できませんでした。" in page.text
