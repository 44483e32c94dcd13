"""In a real browser: a new group whose whole work is 見守り and 安否確認 signs up, is approved,
and within seconds stands among the first three candidates of 福祉課's call for 安否確認.

The matching worker runs beside the live server (``kakehashi worker``), as in production.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import CLI, run_sql, screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

CALL = "災害時の要配慮者安否確認の協力団体募集"
PROFILE = (
    "ひとり暮らしの高齢者や障がいのある方など要配慮者の見守りと安否確認を続ける住民の会です。"
    "週に一度の見守り訪問と声かけを行い、災害時には担当地区の要配慮者の安否確認に回ります。"
)


@pytest.fixture
def worker(server_env: dict[str, str]) -> Iterator[None]:
    """The matching worker, polling every half second, for the length of the journey."""
    process = subprocess.Popen([*CLI, "worker", "--interval", "0.5"], env=server_env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_for(done: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(0.5)
    return done()


def test_an_approved_group_that_fits_reaches_the_calls_top_three_within_seconds(
    page: Page, new_page: Callable[[], Page], unique: str, server_env: dict[str, str],
    worker: None,
) -> None:
    url = server_env["KAKEHASHI_DATABASE_URL"]
    ((need_id,),) = run_sql(
        url, "SELECT n.id FROM need n JOIN department d ON d.id = n.department_id "
             "WHERE n.title = ? AND d.name = '福祉課' AND n.status = 'open'", CALL)
    # the worker's first pass fills every call's candidates
    assert _wait_for(lambda: bool(run_sql(
        url, "SELECT 1 FROM suggestion WHERE source_type = 'need' AND source_id = ?", need_id,
    )), 120)

    name = f"あんしん見守りネット {unique}"
    page.goto("/")
    page.get_by_role("link", name="団体登録").click()
    page.get_by_label(re.compile(r"^団体名(\s|$)")).fill(name)
    page.get_by_label("団体の種類").select_option(label="市民活動団体")
    page.get_by_label("地区").select_option(label="中央地区")
    page.get_by_label("高齢者", exact=True).check()
    page.get_by_label(re.compile("自発性：")).check()
    page.get_by_label("団体の活動内容").fill(PROFILE)
    page.get_by_label("お名前").fill("安心 見守")
    page.get_by_label("メールアドレス").fill(f"anshin-{unique}@example.jp")
    page.get_by_label("パスワード").fill("correct-horse-battery")
    page.get_by_role("button", name="登録する").click()
    page.wait_for_url("**/login")

    coordinator = new_page()
    sign_in(coordinator, "coordinator@kakehashi.example", DEMO_PASSWORD)
    coordinator.goto("/coordinator/approvals")
    coordinator.get_by_role("region", name=name).get_by_role(
        "button", name="承認して公開する").click()
    expect(coordinator.locator("p.flash")).to_have_text(
        "団体を承認しました。団体情報は公開されています。")
    approved = time.monotonic()

    owner = new_page()
    sign_in(owner, "fukushi@kakehashi.example", DEMO_PASSWORD)

    def in_top_three() -> bool:
        owner.goto(f"/needs/{need_id}/suggestions")
        names = owner.locator("li.suggestion > a").all_inner_texts()[:3]
        return name in names

    assert _wait_for(in_top_three, 30), owner.locator("li.suggestion > a").all_inner_texts()
    waited = time.monotonic() - approved
    expect(owner.get_by_role("heading", level=1)).to_have_text("候補の団体")
    screenshot(owner, "journey-fitting-group-top-three")
    assert waited < 30
