"""In a real browser: the coordinator searches the introduction queue in kana, orders it by
fit, dismisses two ticked pairs at once, brings one back with a reason, and leaves a note on a
group that only the office can read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import run_sql, screenshot, sign_in
from kakehashi.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator@kakehashi.example"


def _queue_watch_groups(url: str, unique: str) -> list[str]:
    """Two strong suggestions of 福祉課 with the demo city's 見守り groups (the live server runs
    no matching worker, so the journey puts them in the queue itself)."""
    groups = run_sql(url, "SELECT o.id FROM organisation o WHERE o.status = 'approved' AND "
                          "o.search_text LIKE '%見守り%' AND NOT EXISTS (SELECT 1 FROM "
                          "queue_item q WHERE q.status = 'open' AND o.id IN (q.party_a_id, "
                          "q.party_b_id)) ORDER BY o.id DESC LIMIT 2")  # pairs not waiting yet
    ids = []
    for (group_id,), score in zip(groups, (0.86, 0.93), strict=True):
        run_sql(url, "INSERT INTO queue_item (origin, status, party_a_kind, party_a_id, "
                     "party_b_kind, party_b_id, score, reasons, message, dismiss_note, "
                     "created_at) SELECT 'suggestion', 'open', 'organisation', ?, 'department', "
                     "d.id, ?, '[]', ?, '', (SELECT MIN(created_at) FROM queue_item) "
                     "FROM department d WHERE d.name = '福祉課'", group_id, score, unique)
        ((item_id,),) = run_sql(url, "SELECT MAX(id) FROM queue_item")
        ids.append(str(item_id))
    return ids


def test_the_coordinator_searches_and_acts_on_many_items(
        page: Page, server_env: dict[str, str], unique: str) -> None:
    ids = _queue_watch_groups(server_env["KAKEHASHI_DATABASE_URL"], unique)
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto("/coordinator/queue")
    page.get_by_label("キーワード").fill("みまもり")
    page.get_by_label("並び順").select_option("fit")
    page.get_by_role("button", name="絞り込む").click()
    expect(page).to_have_url(re.compile(r"q=%E3%81%BF%E3%81%BE%E3%82%82%E3%82%8A.*sort=fit"))
    cards = page.locator("ul.queue > li.card")
    expect(cards.first).to_be_visible()
    fits = [int(x) for x in re.findall(r"適合度 (\d+)%", page.locator("ul.queue").inner_text())]
    assert fits == sorted(fits, reverse=True), fits
    screenshot(page, "queue-1-search")

    for item_id in ids:
        page.locator(f"#tick-{item_id}").check()
    page.get_by_label("操作").select_option("dismiss")
    page.get_by_role("button", name="チェックした項目に適用する").click()
    expect(page.locator("#bulk-reason-error, .field-error").first).to_be_visible()  # no reason
    expect(page.locator(f"#tick-{ids[0]}")).to_be_checked()
    page.get_by_label("見送る理由").select_option("already_working")
    page.get_by_role("button", name="チェックした項目に適用する").click()
    expect(page.get_by_text("2件を見送りました。")).to_be_visible()
    for item_id in ids:
        expect(page.locator(f"#tick-{item_id}")).to_have_count(0)

    page.goto("/coordinator/queue?status=dismissed&q=みまもり")
    for item_id in ids:
        page.locator(f"#tick-{item_id}").check()
    page.get_by_label("操作").select_option("restore")
    page.get_by_label("理由(項目に記録されます)").fill(f"担当課から再検討の依頼 {unique}")
    page.get_by_role("button", name="チェックした項目に適用する").click()
    expect(page.get_by_text("2件を紹介待ちに戻しました。")).to_be_visible()

    page.goto("/coordinator/queue?q=みまもり&sort=fit")
    card = page.locator("ul.queue > li.card").filter(has=page.locator(f"#tick-{ids[0]}"))
    expect(card.get_by_text(f"担当課から再検討の依頼 {unique}")).to_be_visible()
    about = card.get_by_label("対象")
    about.select_option(index=1)  # the group of the pair
    card.get_by_label(re.compile("^メモ")).fill(f"代表者が来月交代 {unique}")
    card.get_by_role("button", name="メモを保存する").click()
    expect(page.get_by_text("メモを保存しました。コーディネーターだけが読めます。")).to_be_visible()
    expect(page.get_by_text(f"代表者が来月交代 {unique}").first).to_be_visible()
    screenshot(page, "queue-2-notes")
    group_link = card.locator("a").first.get_attribute("href") or ""
    page.context.clear_cookies()
    page.goto(group_link)
    expect(page.get_by_text(f"代表者が来月交代 {unique}")).to_have_count(0)
