"""Accessibility (JIS X 8341-3 / WCAG 2.1 AA): axe-core in Chromium on every page type, in
Japanese and in English, as a visitor and as each kind of signed-in user.

axe-core comes from the npm registry (``make test`` runs ``npm ci``); the pages themselves
load no script, so axe is evaluated in a context that bypasses the page's CSP. Serious and
critical violations fail the test with the rule, the page and the offending elements.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from e2e.conftest import axe_violations as _violations
from e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "kakehashi-demo"

VISITOR_PAGES = (
    "/", "/groups", "/departments", "/needs", "/capabilities", "/search?q=見守り",
    "/search?q=zzzzqqqq", "/login", "/signup", "/no-such-page", "{group}", "{department}",
    "{need}", "{capability}",
)
GROUP_PAGES = (
    "/me", "{edit_group}", "{group_history}", "{group_members}", "{new_need}",
    "{group_suggestions}",
)
DEPARTMENT_PAGES = ("/me", "{edit_department}", "{department_suggestions}")
COORDINATOR_PAGES = (
    "/me", "/coordinator/approvals", "/coordinator/fields", "/coordinator/csv",
    "/coordinator/suggestions", "/coordinator/desk", "/coordinator/queue",
    "/collaborations/new",
)
ACCOUNTS = {
    "visitor": (None, VISITOR_PAGES),
    "group": ("group@kakehashi.example", GROUP_PAGES),
    "department": ("fukushi@kakehashi.example", DEPARTMENT_PAGES),
    "coordinator": ("coordinator@kakehashi.example", COORDINATOR_PAGES),
}


def _first_link(page: Page, listing: str, pattern: str) -> str:
    page.goto(listing)
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return next(h for h in hrefs if h and re.fullmatch(pattern, h))


def _addresses(page: Page, account: str) -> dict[str, str]:
    """Real records of the demo city for the placeholders of each account's pages."""
    if account == "visitor":
        return {
            "group": _first_link(page, "/groups", r"/groups/\d+"),
            "department": _first_link(page, "/departments", r"/departments/\d+"),
            "need": _first_link(page, "/needs", r"/needs/\d+"),
            "capability": _first_link(page, "/capabilities", r"/capabilities/\d+"),
        }
    if account == "group":
        edit = _first_link(page, "/me", r"/groups/\d+/edit")
        group = edit.removesuffix("/edit")
        return {"edit_group": edit, "group_history": f"{group}/history",
                "group_members": f"{group}/members",
                "new_need": f"/needs/new?owner=organisation:{group.rsplit('/', 1)[1]}",
                "group_suggestions": f"{group}/suggestions"}
    if account == "department":
        edit = _first_link(page, "/me", r"/departments/\d+/edit")
        return {"edit_department": edit,
                "department_suggestions": edit.replace("/edit", "/suggestions")}
    return {}


def _with_language(address: str, language: str) -> str:
    return address + ("&" if "?" in address else "?") + f"lang={language}"


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("account", list(ACCOUNTS))
def test_every_page_type_has_no_serious_accessibility_violation(
    checked_page: Page, account: str, language: str
) -> None:
    email, pages = ACCOUNTS[account]
    if email:
        sign_in(checked_page, email, DEMO_PASSWORD)
    values = _addresses(checked_page, account)
    problems: dict[str, list[str]] = {}
    for template in pages:
        address = _with_language(template.format(**values), language)
        checked_page.goto(address)
        assert checked_page.locator("html").get_attribute("lang") == language
        found = _violations(checked_page)
        if found:
            problems[address] = found
    assert not problems, problems


def test_a_refused_form_announces_its_errors(checked_page: Page) -> None:
    """Errors are tied to their fields and announced, so a screen reader user hears them."""
    checked_page.goto("/signup")
    checked_page.get_by_role("button", name=re.compile("登録|申請")).first.click()
    alert = checked_page.locator("[role=alert]").first
    assert alert.is_visible()
    invalid = checked_page.locator("[aria-invalid=true]")
    assert invalid.count() >= 1
    described = invalid.first.get_attribute("aria-describedby")
    assert described and checked_page.locator(f"#{described.split()[0]}").is_visible()
    assert not _violations(checked_page)


def test_the_checker_itself_reports_a_page_that_is_not_accessible(checked_page: Page) -> None:
    """A guard against a silent checker: an unlabelled input and an image without text."""
    checked_page.goto("/")
    checked_page.set_content('<main><img src="/static/x.png"><input type="text"></main>')
    found = " ".join(_violations(checked_page))
    assert "image-alt" in found and "label" in found
