"""In a real browser, from a meeting to a published result: the coordinator records the demo
city's held meeting as "collaborate", sets the parties and forms, writes the agreement, the
group and 福祉課 each approve it, start the work, share a check-in, complete it and evaluate it
against the eight principles; the coordinator publishes, and a visitor reads both
evaluations side by side."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import pick_party, run_sql, screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

GROUP = "group@kakehashi.example"
STAFF = "fukushi@kakehashi.example"
COORDINATOR = "coordinator@kakehashi.example"
HELD_AGENDA = "子育てサロンの共催について"


def _evaluate(page: Page, address: str, score: str, achieved: str) -> None:
    page.goto(address)
    for code in "abcdefgh":
        page.locator(f"select[name=score_{code}]").select_option(score)
    page.get_by_label("成果").fill(achieved)
    page.get_by_role("button", name="評価を保存する").click()
    expect(page.get_by_text("評価を保存しました。")).to_be_visible()


def test_a_meeting_becomes_a_published_collaboration(
    page: Page, new_page: Callable[[], Page], server_env: dict[str, str], unique: str,
) -> None:
    url = server_env["KAKEHASHI_DATABASE_URL"]
    ((intro_id,),) = run_sql(url, "SELECT id FROM introduction WHERE agenda = ?", HELD_AGENDA)
    ((group_id, group_name),) = run_sql(
        url, "SELECT o.id, o.name FROM organisation o JOIN membership m ON m.organisation_id "
        "= o.id JOIN user_account u ON u.id = m.user_id WHERE u.email = ?", GROUP)

    # 1. The coordinator records the outcome of yesterday's meeting: a draft opens.
    office = page
    sign_in(office, COORDINATOR, DEMO_PASSWORD)
    office.goto(f"/introductions/{intro_id}")
    office.get_by_label(re.compile("^結果")).select_option(label="協働に進む")
    office.get_by_label("議事メモ").fill("子育てサロンを一緒に開く方向で合意。")
    office.get_by_role("button", name="結果を記録する").click()
    office.wait_for_url(re.compile(r".*/collaborations/\d+$"))
    address = "/" + office.url.split("://", 1)[1].split("/", 1)[1]

    # 2. The coordinator names the project, picks its forms and sets the parties.
    office.get_by_role("link", name="内容を編集").click()
    office.locator("[name=title]").fill(f"子育てサロン {unique}")
    office.get_by_label("共催", exact=True).check()
    office.get_by_label("補助・助成", exact=True).check()
    for box in office.locator("input[name=parties][value^=organisation]:checked").all():
        box.uncheck()
    pick_party(office, group_name, f"organisation:{group_id}")
    office.get_by_role("button", name="変更を保存").click()
    expect(office.get_by_text("期限や使い道の制限を設けます")).to_be_visible()  # 補助's note
    expect(office.get_by_role("link", name=group_name)).to_be_visible()
    screenshot(office, "collaboration-1-draft")

    # 3. The agreement, version 1, with a bad amount first.
    office.get_by_role("link", name="取り決め", exact=True).click()
    office.get_by_label("目的").fill("子育て中の親子が気軽に集える場を地域につくる")
    office.get_by_label("計画").fill("毎月第2土曜に市民活動センターでサロンを開く")
    # The work may start once the agreed period has begun: it begins today (Tokyo time).
    office.locator("[name=period_start]").fill(datetime.now(ZoneInfo("Asia/Tokyo")).date()
                                               .isoformat())
    office.locator("[name=period_end]").fill("2028-03-31")
    costs = office.locator("input[name^=cost_organisation], input[name^=cost_department]")
    costs.nth(0).fill("-5000")
    costs.nth(1).fill("50000")
    roles = office.locator("textarea[name^=role_]")
    roles.nth(0).fill("サロンの運営と参加者の受付")
    roles.nth(1).fill("会場の確保と広報")
    office.locator("[name=city_cannot]").fill("参加者の送迎")
    office.get_by_role("button", name="保存して全員に承認をお願いする").click()
    expect(office.get_by_text("金額をマイナスにすることはできません。")).to_be_visible()
    costs.nth(0).fill("0")
    office.get_by_role("button", name="保存して全員に承認をお願いする").click()
    expect(office.get_by_text("第1版をすべての当事者に送り")).to_be_visible()
    screenshot(office, "collaboration-2-agreement")

    # 4. Each party approves for itself.
    group = new_page()
    sign_in(group, GROUP, DEMO_PASSWORD)
    group.goto(address + "/agreement")
    group.get_by_role("button", name=re.compile("第1版を承認する")).click()
    expect(group.get_by_text("承認を記録しました。")).to_be_visible()
    staff = new_page()
    sign_in(staff, STAFF, DEMO_PASSWORD)
    staff.goto(address + "/agreement")
    staff.get_by_role("button", name=re.compile("第1版を承認する")).click()
    expect(staff.get_by_text("取り決めが合意されました")).to_be_visible()
    screenshot(staff, "collaboration-3-agreed")
    staff.goto(address + "/agreement/1/print")
    staff.emulate_media(media="print")
    screenshot(staff, "collaboration-4-print")
    staff.emulate_media(media="screen")

    # 5. Start, a check-in, completion.
    group.goto(address)
    group.get_by_role("button", name="事業を開始する").click()  # not yet confirmed: refused
    expect(group.get_by_text("取り消せない操作です")).to_be_visible()
    group.get_by_label("協定の期間内で、本日から事業を始めます").check()
    group.get_by_role("button", name="事業を開始する").click()
    expect(group.get_by_text("事業を開始しました。")).to_be_visible()
    # A check-in records what was done, so it is dated today at the latest (Tokyo time).
    today = datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat()
    group.locator("[name=held_on]").fill(today)
    group.get_by_label("実施したこと").fill("第1回サロンに親子12組が参加")
    group.get_by_label("次にすること").fill("託児ボランティアを募る")
    group.get_by_role("button", name="報告を共有する").click()
    expect(group.get_by_text("第1回サロンに親子12組が参加")).to_be_visible()
    staff.goto(address)
    expect(staff.get_by_text("第1回サロンに親子12組が参加")).to_be_visible()
    staff.get_by_label("事業を終えました").check()
    staff.get_by_role("button", name="事業を完了にする").click()
    expect(staff.get_by_text("各当事者が評価を記入できます")).to_be_visible()

    # 6. Both evaluate, each unseen by the other until both have; both agree to publication;
    #    the coordinator publishes.
    _evaluate(group, address, "4", "地域の親子のつながりができた")
    staff.goto(address)
    expect(staff.get_by_text("すべての当事者が提出した後に互いに表示されます")).to_be_visible()
    expect(staff.get_by_text("地域の親子のつながりができた")).to_have_count(0)
    expect(staff.locator("table.evaluation-status").get_by_text("提出済み")).to_be_visible()
    screenshot(staff, "collaboration-4b-evaluation-hidden")
    _evaluate(staff, address, "5", "行政だけでは届かない家庭に情報が届いた")
    for party in (group, staff):
        party.goto(address)
        expect(party.locator("table.evaluation").get_by_text("地域の親子のつながりができた")
               ).to_be_visible()
        party.get_by_role("button", name="公開に同意する").click()
        expect(party.get_by_text("公開に同意しました。")).to_be_visible()
    screenshot(staff, "collaboration-4c-publication-agreed")
    office.goto(address)
    office.get_by_label("結果が公開されることを当事者に伝えました").check()
    office.get_by_role("button", name="結果を公開する").click()
    expect(office.get_by_text("協働事業を公開しました。")).to_be_visible()

    # 7. A visitor finds it in the public list and reads both evaluations.
    visitor = new_page()
    visitor.goto("/collaborations")
    visitor.get_by_role("link", name=f"子育てサロン {unique}").click()
    table = visitor.locator("table.evaluation")
    expect(table.get_by_text("地域の親子のつながりができた")).to_be_visible()
    expect(table.get_by_text("行政だけでは届かない家庭に情報が届いた")).to_be_visible()
    expect(table.get_by_role("columnheader", name=group_name)).to_be_visible()
    expect(visitor.get_by_text("目的の共有")).to_be_visible()
    screenshot(visitor, "collaboration-5-published")
