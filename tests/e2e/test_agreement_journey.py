"""In a real browser: the coordinator writes an agreement with the guideline's clauses and a
check-in cadence, then a second version that changes the insurance clause; a party compares
the two versions clause by clause, and prints the agreement with its signature lines."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import pick_party, run_sql, screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

GROUP = "group@kakehashi.example"
STAFF = "fukushi@kakehashi.example"
COORDINATOR = "coordinator@kakehashi.example"


def test_an_agreement_compared_across_versions_and_printed(
    page: Page, new_page: Callable[[], Page], server_env: dict[str, str], unique: str,
) -> None:
    url = server_env["KAKEHASHI_DATABASE_URL"]
    ((group_id,),) = run_sql(
        url, "SELECT o.id FROM organisation o JOIN membership m ON m.organisation_id = o.id "
        "JOIN user_account u ON u.id = m.user_id WHERE u.email = ?", GROUP)
    ((department_id,),) = run_sql(url, "SELECT id FROM department WHERE name = ?", "福祉課")

    office = page
    sign_in(office, COORDINATOR, DEMO_PASSWORD)
    office.goto("/collaborations/new")
    office.locator("[name=title]").fill(f"見守り協定 {unique}")
    office.get_by_label("協定", exact=True).check()
    ((group_name,),) = run_sql(url, "SELECT name FROM organisation WHERE id = ?", group_id)
    pick_party(office, str(group_name), f"organisation:{group_id}")
    pick_party(office, "福祉課", f"department:{department_id}")
    office.get_by_role("button", name="協働事業を作成する").click()
    office.wait_for_url(re.compile(r".*/collaborations/\d+$"))
    address = "/" + office.url.split("://", 1)[1].split("/", 1)[1]

    # Version 1: the clauses the guideline expects, and check-ins every month.
    office.goto(address + "/agreement")
    office.get_by_label("目的").fill("一人暮らしの高齢者を地域で見守る")
    office.get_by_label("計画").fill("月に一度、訪問して声をかける")
    office.locator("[name=period_start]").fill("2026-04-01")
    office.locator("[name=period_end]").fill("2027-03-31")
    office.locator("input[name^=cost_organisation]").first.fill("0")
    office.locator("input[name^=cost_department]").first.fill("30000")
    roles = office.locator("textarea[name^=role_]")
    roles.nth(0).fill("訪問と声かけ")
    roles.nth(1).fill("名簿の提供")
    office.get_by_label("個人情報の取扱い").fill("名簿は福祉課が保管し、終了時に廃棄する")
    office.get_by_label("保険と事故の対応").fill("ボランティア保険に加入する")
    office.get_by_label("評価の方法と時期").fill("年度末に双方で評価する")
    office.get_by_label("変更と解除").fill("変更は新しい版で双方が承認する")
    office.get_by_label("間隔").fill("0")
    office.get_by_label("単位").select_option("month")
    office.get_by_role("button", name="保存して全員に承認をお願いする").click()
    expect(office.locator(".field-error").get_by_text(re.compile("1から52"))).to_be_visible()
    expect(office.get_by_label("保険と事故の対応")).to_have_value("ボランティア保険に加入する")
    screenshot(office, "agreement-0-refused-cadence")
    office.get_by_label("間隔").fill("1")
    office.get_by_role("button", name="保存して全員に承認をお願いする").click()
    expect(office.get_by_text("第1版をすべての当事者に送り")).to_be_visible()

    # Version 2 changes only the insurance clause.
    office.get_by_label("保険と事故の対応").fill("市の市民活動保険で補償する")
    office.get_by_role("button", name="保存して全員に承認をお願いする").click()
    expect(office.get_by_text("第2版をすべての当事者に送り")).to_be_visible()

    # 福祉課 sees what changed before approving, then prints the agreement for its 決裁.
    staff = new_page()
    sign_in(staff, STAFF, DEMO_PASSWORD)
    staff.goto(address + "/agreement")
    staff.get_by_role("link", name="第1版からの変更点").click()
    changed = staff.locator("section.clause.changed")
    expect(changed).to_have_count(1)
    expect(changed.locator("del")).to_contain_text("ボランティア保険に加入する")
    expect(changed.locator("ins")).to_contain_text("市の市民活動保険で補償する")
    screenshot(staff, "agreement-1-compare")
    staff.goto(address + "/agreement/2/print")
    expect(staff.locator("tr.signature-line")).to_have_count(2)
    expect(staff.get_by_text("1か月ごと")).to_be_visible()
    staff.emulate_media(media="print")
    screenshot(staff, "agreement-2-print")
    staff.emulate_media(media="screen")
