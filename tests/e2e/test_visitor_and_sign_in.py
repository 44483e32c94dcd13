"""In a real browser: the demo city greets a visitor in Japanese, and each role can sign in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_visitor_sees_the_living_city_in_japanese_and_can_switch_to_english(page: Page) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ja"
    counts = page.locator(".counts").inner_text()
    groups = int(re.search(r"(\d+)\s*団体", counts).group(1))  # type: ignore[union-attr]
    assert groups >= 300
    assert page.locator(".cards .card").count() >= 1
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "groups" in page.locator(".counts").inner_text()


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("coordinator@kakehashi.example", "今日の仕事"),
        ("fukushi@kakehashi.example", "福祉課"),
        ("group@kakehashi.example", "架橋市社会福祉協議会"),
    ],
)
def test_each_demo_account_signs_in_to_its_page(page: Page, email: str, expected: str) -> None:
    page.goto("/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r".*/(me|coordinator/desk)$"))  # the desk for coordinators
    assert expected in page.locator("main").inner_text()


def test_sign_up_errors_appear_at_the_field_and_keep_what_was_typed(page: Page) -> None:
    page.goto("/signup")
    page.get_by_label("お名前").fill("架橋 花子")
    page.get_by_label("メールアドレス").fill("not-an-address")
    page.get_by_role("button", name="登録する").click()
    assert page.locator("#group_name-error").is_visible()
    assert page.locator("#email-error").is_visible()
    assert page.get_by_label("お名前").input_value() == "架橋 花子"
