"""The agreement's clauses, the comparison of two versions, the printable page's signature
lines, and check-ins due at the cadence the agreement sets (on the desk, until one is shared)."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from factories.introductions import World, world
from support import post_form, sign_in
from tortoise.timezone import localtime

from kakehashi.collaborations import agreements, check_ins, waiting
from kakehashi.collaborations import rules as collaborations
from kakehashi.collaborations.models import AgreementVersion, Collaboration
from kakehashi.desk import reminders


def day(offset: int) -> date:
    return localtime().date() + timedelta(days=offset)


def _form(w: World, **changes: str) -> dict[str, str]:
    a, b = f"organisation:{w.group.id}", f"department:{w.department.id}"
    return {"purpose": "見守り", "plan": "月に一度の訪問", "period_start": day(-30).isoformat(),
            "period_end": day(335).isoformat(), f"cost_{a}": "0", f"role_{a}": "訪問",
            f"cost_{b}": "120000", f"role_{b}": "名簿", "city_can": "会場",
            "personal_information": "名簿は福祉課が保管し、事業終了時に廃棄する",
            "insurance": "ボランティア保険に加入する", "evaluation_plan": "年度末に双方で評価する",
            "change_termination": "変更は新しい版で双方が承認する",
            "check_in_every": "1", "check_in_unit": "month", **changes}


async def _opened(client: httpx.AsyncClient, w: World) -> str:
    cid = await collaborations.create(w.coordinator, collaborations.Details(
        "見守り協働", "一緒に", ["cooperation"], ["welfare"], [w.a, w.b]))
    await sign_in(client, "coord@example.jp")
    return f"/collaborations/{cid}"


async def test_the_clauses_are_saved_shown_and_printed_with_signature_lines(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    base = await _opened(client, w)
    sent = await post_form(client, base + "/agreement", base + "/agreement", _form(w))
    assert sent.status_code == 303, sent.text
    version = await AgreementVersion.get(collaboration__title="見守り協働")
    assert version.insurance == "ボランティア保険に加入する"
    assert (version.check_in_every, version.check_in_unit) == (1, "month")
    page = await client.get(base + "/agreement")
    assert "名簿は福祉課が保管し" in page.text and "年度末に双方で評価する" in page.text
    assert "1か月ごと" in page.text
    printed = await client.get(base + "/agreement/1/print")
    assert "変更は新しい版で双方が承認する" in printed.text
    assert printed.text.count('class="signature-line"') == 2  # one per party
    assert "みどりの会" in printed.text.split("signature-lines")[1]
    assert "印" in printed.text and "役職" in printed.text


async def test_a_bad_cadence_is_refused_at_its_field_keeping_what_was_typed(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    base = await _opened(client, w)
    refused = await post_form(client, base + "/agreement", base + "/agreement",
                              _form(w, check_in_every="0", insurance="傷害保険"))
    assert refused.status_code == 400
    assert "1から52" in refused.text and "傷害保険" in refused.text
    no_unit = await post_form(client, base + "/agreement", base + "/agreement",
                              _form(w, check_in_unit=""))
    assert no_unit.status_code == 400
    assert not await AgreementVersion.exists(collaboration__title="見守り協働")


async def test_the_comparison_shows_what_changed_clause_by_clause(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    base = await _opened(client, w)
    await post_form(client, base + "/agreement", base + "/agreement", _form(w))
    assert (await client.get(base + "/agreement/compare")).status_code == 404  # one version
    await post_form(client, base + "/agreement", base + "/agreement",
                    _form(w, insurance="市の市民活動保険で補償する", check_in_every="2"))
    page = await client.get(base + "/agreement/compare?from=1&to=2")
    assert page.status_code == 200
    insurance = page.text.split("保険と事故")[1].split("</section>")[0]
    assert "<del>" in insurance and "ボランティア保険に加入する" in insurance
    assert "<ins>" in insurance and "市の市民活動保険で補償する" in insurance
    purpose = page.text.split("目的")[1].split("</section>")[0]
    assert "変更なし" in purpose and "<del>" not in purpose
    assert "2か月ごと" in page.text
    assert "変更点" in (await client.get(base + "/agreement")).text  # the page links to it
    await sign_in(client, "other@example.jp")
    assert (await client.get(base + "/agreement/compare")).status_code == 404


def test_due_dates_follow_the_cadence_without_drifting() -> None:
    assert check_ins.due_dates(date(2026, 1, 31), date(2026, 4, 30), 1, "month") == [
        date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert check_ins.due_dates(date(2026, 4, 1), date(2026, 4, 30), 2, "week") == [
        date(2026, 4, 15), date(2026, 4, 29)]
    schedule = [date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)]
    assert check_ins.next_due(schedule, None) == date(2026, 5, 1)
    assert check_ins.next_due(schedule, date(2026, 4, 20)) == date(2026, 6, 1)  # early counts
    assert check_ins.next_due(schedule, date(2026, 6, 1)) == date(2026, 7, 1)
    assert check_ins.next_due(schedule, date(2026, 7, 2)) is None


async def test_a_check_in_due_is_on_the_desk_until_a_party_shares_one(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    cid = await collaborations.create(w.coordinator, collaborations.Details(
        "見守り協働", "一緒に", ["cooperation"], ["welfare"], [w.a, w.b]))
    terms = agreements.Terms(
        purpose="見守り", plan="訪問", period_start=day(-60), period_end=day(300),
        costs=[agreements.Cost(w.a.key, 0), agreements.Cost(w.b.key, 0)],
        roles=[agreements.PartyRole(w.a.key, "訪問"), agreements.PartyRole(w.b.key, "名簿")],
        check_in_every=2, check_in_unit="week")
    await agreements.propose(w.coordinator, cid, terms)
    await agreements.approve(w.member, cid, 1, w.a.key)
    await agreements.approve(w.staff, cid, 1, w.b.key)
    await collaborations.start(w.member, cid, day(-20))
    await Collaboration.filter(id=cid).update(started_on=day(-20))
    steps = await waiting.check_ins_due(day(0))
    assert {s.party for s in steps} == {w.a, w.b} and steps[0].due_on == day(-6)
    assert await waiting.check_ins_due(day(-7)) == []  # not yet due a week ago
    await sign_in(client, "coord@example.jp")
    desk = await client.get("/coordinator/desk")
    assert "期日が来た進捗報告" in desk.text and f"/collaborations/{cid}#check-ins" in desk.text
    await sign_in(client, "member@example.jp")
    detail = await client.get(f"/collaborations/{cid}")
    assert "進捗報告の期日でした" in detail.text
    mypage = (await client.get("/me")).text
    assert f'href="/collaborations/{cid}#check-ins"' in mypage and "進捗を報告する" in mypage
    await sign_in(client, "other@example.jp")  # not a party: nothing waits for them
    assert f"/collaborations/{cid}#check-ins" not in (await client.get("/me")).text
    reminded = await reminders.overdue_by_person()  # the daily reminder run mails these
    for user in (w.member, w.staff):
        assert any(row.key.startswith(f"check_in:{cid}:") for _g, row in reminded[user.id])
    await check_ins.add(w.member, cid, w.a.key, check_ins.Progress(day(-1), "訪問した"))
    assert await waiting.check_ins_due(day(0)) == []
    await sign_in(client, "coord@example.jp")
    assert f"/collaborations/{cid}#check-ins" not in (await client.get("/coordinator/desk")).text
    await sign_in(client, "staff@example.jp")  # the other party's check-in met it for both
    assert f"/collaborations/{cid}#check-ins" not in (await client.get("/me")).text


async def test_the_evaluation_form_names_every_point_of_the_scale(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    cid = await collaborations.create(w.coordinator, collaborations.Details(
        "見守り協働", "一緒に", ["cooperation"], ["welfare"], [w.a, w.b]))
    await agreements.propose(w.coordinator, cid, agreements.Terms(
        purpose="見守り", plan="訪問", period_start=day(-60), period_end=day(300),
        costs=[agreements.Cost(w.a.key, 0), agreements.Cost(w.b.key, 0)],
        roles=[agreements.PartyRole(w.a.key, "訪問"), agreements.PartyRole(w.b.key, "名簿")]))
    await agreements.approve(w.member, cid, 1, w.a.key)
    await agreements.approve(w.staff, cid, 1, w.b.key)
    await collaborations.start(w.member, cid, day(-20))
    await collaborations.complete(w.staff, cid, day(-1))
    await sign_in(client, "member@example.jp")
    legend = (await client.get(f"/collaborations/{cid}")).text.split("scale-legend")[1]
    legend = legend.split("</p>")[0]
    assert "評価の目安" in legend and "1 — " in legend and "5 — 十分にできた" in legend
