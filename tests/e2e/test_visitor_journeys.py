"""In a real browser: a visitor finds calls for partners by searching and by browsing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def _search_from_header(page: Page, words: str) -> None:
    header = page.get_by_role("banner")
    header.get_by_role("searchbox", name="検索").fill(words)
    header.get_by_role("button", name="検索").click()
    page.wait_for_url("**/search?*")


def _section(page: Page, heading: str) -> object:
    """The results section under a heading such as 「協働相手の募集 (12件)」."""
    return page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("^" + re.escape(heading)))
    )


def _field_filter(page: Page) -> object:
    return page.get_by_role("form", name="一覧の絞り込み").get_by_label("分野", exact=True)


def _call_links(page: Page) -> list[str]:
    """The addresses of the calls listed (titles repeat in the demo city; addresses do not)."""
    return page.locator(".cards .card > a").evaluate_all(  # type: ignore[no-any-return]
        "links => links.map(link => link.getAttribute('href'))"
    )


def test_visitor_searches_in_kanji_and_katakana_and_is_helped_when_nothing_matches(
    page: Page, unique: str
) -> None:
    page.goto("/")
    _search_from_header(page, "見守り")
    screenshot(page, "journey1-01-search-mimamori-kanji")
    expect(page.get_by_role("heading", name="検索", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("「見守り」に該当するものが")
    calls = _section(page, "協働相手の募集")
    assert calls.locator(".card").count() >= 1  # type: ignore[attr-defined]
    assert page.get_by_label("キーワード").input_value() == "見守り"

    _search_from_header(page, "ミマモリ")
    screenshot(page, "journey1-02-search-mimamori-katakana")
    expect(page.get_by_role("status")).to_contain_text("「ミマモリ」に該当するものが")
    assert _section(page, "協働相手の募集").locator(".card").count() >= 1  # type: ignore[attr-defined]

    nonsense = f"ぬぬぬ{unique}ぽぽぽ"
    _search_from_header(page, nonsense)
    screenshot(page, "journey1-03-search-nothing-found")
    expect(page.get_by_role("status")).to_contain_text(
        f"「{nonsense}」に該当するものは見つかりませんでした"
    )
    expect(page.get_by_role("heading", name="分野から探す")).to_be_visible()
    page.get_by_role("link", name="福祉の協働相手募集", exact=True).click()
    page.wait_for_url("**/needs?field=welfare")
    screenshot(page, "journey1-04-welfare-calls-from-the-field-link")
    expect(page.get_by_role("heading", name="協働相手の募集", level=1)).to_be_visible()
    expect(_field_filter(page)).to_have_value("welfare")  # type: ignore[arg-type]
    assert page.locator(".cards .card").count() >= 1


def test_visitor_filters_calls_by_field_pages_on_and_opens_one(page: Page) -> None:
    page.goto("/needs")
    expect(page.get_by_role("heading", name="協働相手の募集", level=1)).to_be_visible()
    _field_filter(page).select_option(label="福祉")  # type: ignore[attr-defined]
    page.get_by_role("button", name="この条件で表示").click()
    page.wait_for_url(re.compile(r"/needs\?.*field=welfare"))
    screenshot(page, "journey2-01-welfare-calls")
    summary = page.locator(".result-count").inner_text()
    total = int(re.search(r"(\d+)件中", summary).group(1))  # type: ignore[union-attr]
    first_page = _call_links(page)
    assert first_page
    assert total > len(first_page), "the demo city should have more than one page of 福祉 calls"

    page.get_by_role("navigation", name="ページ").get_by_role("link", name="2", exact=True).click()
    page.wait_for_url(re.compile(r"page=2"))
    screenshot(page, "journey2-02-welfare-calls-page-2")
    expect(_field_filter(page)).to_have_value("welfare")  # type: ignore[arg-type]
    expect(page.locator("[aria-current=page]")).to_have_text("2")
    expect(page.locator(".result-count")).to_contain_text(f"{total}件中 {len(first_page) + 1}–")
    second_page = _call_links(page)
    assert second_page and not set(second_page) & set(first_page)

    first_card = page.locator(".cards .card > a").first
    title = first_card.inner_text()
    first_card.click()
    page.wait_for_url("**" + second_page[0])
    screenshot(page, "journey2-03-call-detail")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("link", name="募集をすべて見る")).to_be_visible()
