"""In a real browser: a group proposes a project, the coordinator routes it to 福祉課 seeing the
suggested departments, 福祉課 answers "not adopted" with a reason, and a visitor reads the
proposal and the reason (the 後援 journey is in test_sponsorship_journey.py)."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import CLI, run_sql, screenshot, sign_in
from e2e.conftest import axe_violations as _violations
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

GROUP = "group@kakehashi.example"
STAFF = "fukushi@kakehashi.example"
COORDINATOR = "coordinator@kakehashi.example"


def _open_form(page: Page, path: str) -> None:
    """Open a group's form; a member of several groups first chooses the group."""
    page.goto(path)
    if page.locator("form[method=post] button.primary").count() == 0:
        page.locator(f"a[href^='{path}?group=']").first.click()
    page.wait_for_load_state()


def _run_worker_until(env: dict[str, str], done: Callable[[], bool]) -> None:
    worker = subprocess.Popen([*CLI, "worker", "--interval", "0.5"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not done() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def test_a_proposal_routed_answered_and_published(
    page: Page, new_page: Callable[[], Page], server_env: dict[str, str], unique: str
) -> None:
    title = f"見守りボランティア養成講座 {unique}"
    reason = "同じ内容の講座を社会福祉協議会が既に開いているため、そちらへの参加をご案内します。"
    url = server_env["KAKEHASHI_DATABASE_URL"]

    # 1. The group proposes.
    sign_in(page, GROUP, DEMO_PASSWORD)
    _open_form(page, "/proposals/new")
    page.locator("#title").fill(title)
    page.locator("#issue").fill("ひとり暮らしの高齢者が増え、見守りや介護予防の担い手が足りません。")
    page.locator("#plan").fill("高齢者の見守りと福祉の担い手を育てる講座を年4回開きます。")
    page.locator("#expected_effect").fill("見守りの担い手が増え、孤立する高齢者が減ります。")
    page.locator("input[name=fields][value=welfare]").check()
    page.locator("input[name=fields][value='welfare.elderly']").check()
    page.get_by_label("福祉課", exact=True).check()
    screenshot(page, "proposal-1-group-submits")
    page.get_by_role("button", name="提案を提出する").click()
    page.wait_for_url(re.compile(r".*/proposals/\d+$"))
    proposal_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_text("まだ公開されていません")).to_be_visible()

    # The matching worker reads the proposal and suggests departments.
    def suggested() -> bool:
        rows = run_sql(url, "SELECT COUNT(*) FROM suggestion WHERE source_type = 'proposal' "
                            "AND source_id = ?", proposal_id)
        return bool(rows[0][0])

    _run_worker_until(server_env, suggested)
    assert suggested()

    # 2. The coordinator routes it to 福祉課, seeing the suggestions and reasons.
    office = new_page()
    sign_in(office, COORDINATOR, DEMO_PASSWORD)
    office.goto("/coordinator/proposals")
    office.get_by_role("link", name=title).click()
    office.wait_for_url(f"**/coordinator/proposals/{proposal_id}")
    expect(office.get_by_role("heading", name="候補の担当課")).to_be_visible()
    expect(office.locator("ol.suggestions > li").first).to_be_visible()
    ((department_id,),) = run_sql(url, "SELECT id FROM department WHERE name = ?", "福祉課")
    office.locator("select[name=department]").select_option(str(department_id))
    screenshot(office, "proposal-2-coordinator-routes")
    office.get_by_role("button", name="この課へ送付する").click()
    office.wait_for_url("**/coordinator/proposals")

    # 3. 福祉課 sees the answer date, answers too early (refused: consult first), records the
    #    consultation, which the group reads; then answers "not adopted": first without a
    #    reason (refused), then with one and the needs the city learned.
    staff = new_page()
    sign_in(staff, STAFF, DEMO_PASSWORD)
    staff.goto(f"/proposals/{proposal_id}")
    expect(staff.get_by_text("回答予定日")).to_be_visible()
    staff.locator("select[name=answer]").select_option("not_adopted")
    staff.get_by_role("button", name="回答を送る").click()
    expect(staff.get_by_text("回答の前に、提案団体との協議を記録してください。").first).to_be_visible()
    staff.get_by_label("協議した内容").fill(f"講座の対象と会場を話し合った {unique}")
    staff.get_by_label("次にすること").fill("社会福祉協議会の講座と重ならないか確認する")
    staff.get_by_role("button", name="協議を記録する").click()
    expect(staff.get_by_text("協議を記録し、提案団体に知らせました。")).to_be_visible()
    page.goto(f"/proposals/{proposal_id}")
    expect(page.locator("#consultations")).to_contain_text(f"講座の対象と会場を話し合った {unique}")
    staff.locator("select[name=answer]").select_option("not_adopted")
    staff.get_by_role("button", name="回答を送る").click()
    expect(staff.locator("#reason-error")).to_contain_text("不採用とする理由")
    staff.locator("#reason").fill(reason)
    staff.locator("#needs_learned").fill("平日の夜に参加できる講座が地域にない")
    screenshot(staff, "proposal-3-department-answers")
    staff.get_by_role("button", name="回答を送る").click()
    staff.wait_for_url(f"**/proposals/{proposal_id}")
    expect(staff.locator("section.answer")).to_contain_text(reason)

    # 4. A visitor reads the proposal, the answer and the reason.
    visitor = new_page()
    visitor.goto("/proposals?answer=not_adopted")
    visitor.get_by_role("link", name=title).click()
    visitor.wait_for_url(f"**/proposals/{proposal_id}")
    expect(visitor.get_by_text("不採用").first).to_be_visible()
    expect(visitor.locator("section.answer")).to_contain_text(reason)
    expect(visitor.locator("section.answer")).to_contain_text("平日の夜に参加できる講座が地域にない")
    expect(visitor.locator("ol.timeline")).to_contain_text("提案団体と提案内容を協議しました")
    expect(visitor.locator("ol.timeline")).to_contain_text("福祉課が回答：不採用")
    expect(visitor.get_by_role("heading", name="決定までの経過")).to_be_visible()
    screenshot(visitor, "proposal-4-visitor-reads-the-answer")


PAGES = {
    None: ("/proposals", "/proposals?answer=not_adopted"),
    GROUP: ("/proposals/new", "/sponsorships/new", "/me/proposals", "/me/sponsorships", "/me"),
    STAFF: ("/me/proposals",),
    COORDINATOR: ("/coordinator/proposals", "/coordinator/sponsorships"),
}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_proposal_and_sponsorship_pages_have_no_serious_accessibility_violation(
    checked_page: Page, language: str
) -> None:
    problems: dict[str, list[str]] = {}
    for email, pages in PAGES.items():
        checked_page.context.clear_cookies()
        if email:
            sign_in(checked_page, email, DEMO_PASSWORD)
        for address in pages:
            checked_page.goto(address + ("&" if "?" in address else "?") + f"lang={language}")
            found = _violations(checked_page)
            if found:
                problems[f"{email} {address}"] = found
    # A refused 後援 form: errors tied to their fields and announced.
    checked_page.context.clear_cookies()
    sign_in(checked_page, GROUP, DEMO_PASSWORD)
    _open_form(checked_page, "/sponsorships/new")
    checked_page.locator("#admission_fee").fill("-1")  # the rest left empty too
    checked_page.locator("form[method=post] button.primary").click()
    checked_page.wait_for_load_state()
    assert checked_page.locator("[role=alert]").first.is_visible()
    described = checked_page.locator("#admission_fee").get_attribute("aria-describedby")
    assert described and "admission_fee-error" in described
    found = _violations(checked_page)
    if found:
        problems["refused 後援 form"] = found
    assert not problems, problems
