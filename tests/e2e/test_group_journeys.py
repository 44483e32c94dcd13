"""In a real browser: a group signs up and is approved; an officer edits its profile and calls.

Each journey names what it creates with its own token, so the journeys share the one live
server without depending on each other or on their order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator@kakehashi.example"
GROUP_OFFICER = "group@kakehashi.example"
GROUP_OFFICER_NAME = "架橋市社会福祉協議会 代表"


def _flash(page: Page) -> object:
    return page.locator("p.flash")


def _search_list(page: Page, path: str, words: str) -> None:
    """Type words into a list's keyword box and show the list, as a visitor would."""
    page.goto(path)
    filters = page.get_by_role("form", name="一覧の絞り込み")
    filters.get_by_label("キーワード").fill(words)
    filters.get_by_role("button", name="この条件で表示").click()
    page.wait_for_url(f"**{path}?*")


def test_new_group_is_public_once_the_coordinator_has_approved_it(
    page: Page, new_page: Callable[[], Page], unique: str
) -> None:
    name = f"みどり見守り隊 {unique}"
    page.goto("/")
    page.get_by_role("link", name="団体登録").click()
    page.get_by_label(re.compile(r"^団体名(\s|$)")).fill(name)
    page.get_by_label("団体の種類").select_option(label="市民活動団体")
    page.get_by_label("地区").select_option(label="桜ヶ丘地区")
    page.get_by_label(re.compile("自発性：")).check()
    page.get_by_label("団体の活動内容").fill("高齢者の見守りと声かけをしています。")
    page.get_by_label("お名前").fill("緑川 みどり")
    page.get_by_label("メールアドレス").fill(f"midori-{unique}@example.jp")
    page.get_by_label("パスワード").fill("correct-horse-battery")
    screenshot(page, "journey3-01-signup-form")
    page.get_by_role("button", name="登録する").click()
    page.wait_for_url("**/login")
    expect(_flash(page)).to_contain_text("確認のメールを送りました")  # type: ignore[arg-type]
    sign_in(page, f"midori-{unique}@example.jp", "correct-horse-battery")
    screenshot(page, "journey3-02-my-page-waiting-for-approval")
    card = page.locator(".card").filter(has=page.get_by_role("link", name=name, exact=True))
    expect(card.locator(".badge")).to_have_text("承認待ち")

    visitor = new_page()
    _search_list(visitor, "/groups", unique)
    expect(visitor.locator(".result-count")).to_have_text("この条件に該当するものはありません。")
    expect(visitor.get_by_role("link", name=name)).to_have_count(0)
    group_path = card.get_by_role("link", name=name, exact=True).get_attribute("href")
    response = visitor.goto(str(group_path))
    assert response is not None and response.status == 404
    expect(visitor.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")

    coordinator = new_page()
    sign_in(coordinator, COORDINATOR, DEMO_PASSWORD)  # lands on the desk, which lists the group
    coordinator.get_by_role("link", name=name).click()
    coordinator.wait_for_url(re.compile(r".*/coordinator/approvals#group-\d+$"))  # its card
    application = coordinator.get_by_role("region", name=name)
    expect(application).to_contain_text("高齢者の見守りと声かけをしています。")
    expect(application).to_contain_text(f"midori-{unique}@example.jp")
    screenshot(coordinator, "journey3-03-coordinator-approvals")
    application.get_by_role("button", name="承認して公開する").click()
    coordinator.wait_for_url("**/coordinator/approvals")
    expect(_flash(coordinator)).to_have_text(  # type: ignore[arg-type]
        "団体を承認しました。団体情報は公開されています。"
    )
    expect(coordinator.get_by_role("region", name=name)).to_have_count(0)
    screenshot(coordinator, "journey3-04-coordinator-approved")

    _search_list(visitor, "/groups", unique)
    screenshot(visitor, "journey3-05-visitor-finds-the-group")
    visitor.get_by_role("link", name=name, exact=True).click()
    visitor.wait_for_url(f"**{group_path}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(name)
    expect(visitor.get_by_text("高齢者の見守りと声かけをしています。")).to_be_visible()
    expect(visitor.get_by_text("承認待ち")).to_have_count(0)


def test_officer_edits_the_profile_and_publishes_a_call_that_visitors_then_find(
    page: Page, new_page: Callable[[], Page], unique: str
) -> None:
    sign_in(page, GROUP_OFFICER, DEMO_PASSWORD)
    page.get_by_role("link", name="プロフィールを編集").click()
    page.wait_for_url(re.compile(r"/groups/\d+/edit$"))
    description = f"地域の見守り活動と配食サービスを続けています。(更新 {unique})"
    page.get_by_label("団体の活動内容").fill(description)
    screenshot(page, "journey4-01-edit-profile")
    page.get_by_role("button", name="変更を保存").click()
    page.wait_for_url(re.compile(r"/groups/\d+$"))
    group_url = page.url
    expect(_flash(page)).to_have_text("変更を保存しました。")  # type: ignore[arg-type]
    screenshot(page, "journey4-02-profile-saved")

    visitor = new_page()
    visitor.goto(group_url)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("架橋市社会福祉協議会")
    expect(visitor.get_by_text(description)).to_be_visible()

    page.get_by_role("link", name="変更履歴").click()
    page.wait_for_url(re.compile(r"/groups/\d+/history$"))
    screenshot(page, "journey4-03-history")
    entry = page.get_by_role("row").filter(has_text=description)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(GROUP_OFFICER_NAME)
    expect(entry.get_by_role("cell").nth(2)).to_have_text("編集")
    expect(entry.get_by_role("term")).to_have_text("説明")

    title = f"配食ボランティアの仲間を募集 {unique}"
    page.goto("/me")
    page.get_by_role("link", name="新しい募集を作成").click()
    page.get_by_label("件名").fill(title)
    page.get_by_label("募集内容").fill("週に一度、お弁当を届けてくださる方を探しています。")
    page.get_by_label("福祉", exact=True).check()
    page.get_by_label("地区", exact=True).fill("中央地区")
    page.get_by_role("button", name="下書きとして保存").click()
    page.wait_for_url(re.compile(r"/needs/\d+/edit$"))
    edit_url = page.url
    expect(_flash(page)).to_have_text("募集を下書きとして保存しました。")  # type: ignore[arg-type]
    expect(page.get_by_text("下書き", exact=True)).to_be_visible()
    screenshot(page, "journey4-04-call-saved-as-draft")

    _search_list(visitor, "/needs", unique)
    expect(visitor.get_by_role("link", name=title)).to_have_count(0)
    response = visitor.goto(edit_url.removesuffix("/edit"))
    assert response is not None and response.status == 404
    expect(visitor.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")

    status = page.locator("section").filter(has=page.get_by_role("heading", name="状態"))
    expect(status).to_contain_text("この募集は下書きです")
    status.get_by_role("button", name="公開する").click()
    page.wait_for_url(edit_url)
    expect(_flash(page)).to_have_text("募集を公開しました。")  # type: ignore[arg-type]
    screenshot(page, "journey4-05-call-published")

    _search_list(visitor, "/needs", unique)
    screenshot(visitor, "journey4-06-visitor-finds-the-call")
    visitor.get_by_role("link", name=title, exact=True).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.get_by_text("週に一度、お弁当を届けてくださる方を探しています。")).to_be_visible()
    expect(visitor.get_by_role("link", name="架橋市社会福祉協議会")).to_be_visible()


def test_call_form_shows_a_missing_title_at_the_field_and_keeps_what_was_typed(
    page: Page, new_page: Callable[[], Page], unique: str
) -> None:
    sign_in(page, GROUP_OFFICER, DEMO_PASSWORD)
    page.get_by_role("link", name="新しい募集を作成").click()
    description = f"夏祭りの受付を手伝ってくださる方を探しています。({unique})"
    page.get_by_label("募集内容").fill(description)
    page.get_by_label("福祉", exact=True).check()
    page.get_by_label("地区", exact=True).fill("川辺地区")
    page.get_by_role("button", name="公開する").click()
    screenshot(page, "journey5-01-call-without-title")

    expect(page.get_by_role("alert")).to_contain_text("入力内容に誤りがあります。")
    title = page.get_by_label("件名")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description("この項目を入力してください。")
    expect(page.locator("#title-error")).to_have_text("この項目を入力してください。")
    expect(page.get_by_label("募集内容")).to_have_value(description)
    expect(page.get_by_label("地区", exact=True)).to_have_value("川辺地区")
    expect(page.get_by_label("福祉", exact=True)).to_be_checked()

    visitor = new_page()
    _search_list(visitor, "/needs", unique)
    expect(visitor.locator(".result-count")).to_have_text("この条件に該当するものはありません。")
