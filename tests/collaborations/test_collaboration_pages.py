"""Collaborations through the pages: opening, agreement, approvals, print, check-ins,
evaluation, publication, the public list, and what outsiders and bad input get."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import httpx
from factories.introductions import World, world
from support import post_form, sign_in
from tortoise.timezone import localtime

from kakehashi.accounts.models import Membership
from kakehashi.collaborations import agreements
from kakehashi.collaborations import rules as collaborations
from kakehashi.collaborations.models import (
    AgreementVersion,
    CheckIn,
    Collaboration,
    CollaborationStatus,
    Evaluation,
)


def day(offset: int) -> str:
    """The date ``offset`` days from today in Tokyo, as a date field takes it."""
    return (localtime().date() + timedelta(days=offset)).isoformat()


def _agreement(w: World, **changes: str) -> dict[str, str]:
    a, b = f"organisation:{w.group.id}", f"department:{w.department.id}"
    return {"purpose": "見守り", "plan": "月に一度の訪問", "period_start": day(-30),
            "period_end": day(335), f"cost_{a}": "0", f"cost_note_{a}": "",
            f"role_{a}": "訪問", f"responsibility_{a}": "記録", f"cost_{b}": "１２０,０００",
            f"cost_note_{b}": "消耗品", f"role_{b}": "名簿", f"responsibility_{b}": "個人情報",
            "city_can": "会場", "city_cannot": "鍵の管理", **changes}


async def _open(client: httpx.AsyncClient, w: World) -> int:
    await sign_in(client, "coord@example.jp")
    response = await post_form(client, "/collaborations/new", "/collaborations/new", {
        "title": "見守り協働", "summary": "一緒に", "forms": ["commission", "subsidy"],
        "fields": ["welfare"],
        "parties": [f"organisation:{w.group.id}", f"department:{w.department.id}"]})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def test_a_collaboration_from_opening_to_the_public_page(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    cid = await _open(client, w)
    page = await client.get(f"/collaborations/{cid}")
    assert "最終的な責任は市にあります" in page.text  # 委託's guidance, in Japanese
    base = f"/collaborations/{cid}"
    sent = await post_form(client, base + "/agreement", base + "/agreement", _agreement(w))
    assert sent.status_code == 303
    version = await AgreementVersion.get(collaboration_id=cid)
    assert [c["amount"] for c in version.costs] == [0, 120000]
    printable = await client.get(base + "/agreement/1/print")
    assert printable.status_code == 200 and "120,000" in printable.text
    assert (await client.get(base + "/agreement/2/print")).status_code == 404

    coordinator_approves = await post_form(client, base + "/agreement", base +
                                           "/agreement/approve", {"number": "1"})
    assert coordinator_approves.status_code == 403
    for email, party in (("member@example.jp", f"organisation:{w.group.id}"),
                         ("staff@example.jp", f"department:{w.department.id}")):
        await sign_in(client, email)
        page = await client.get(base + "/agreement")
        assert "承認する" in page.text or "承認" in page.text
        approved = await post_form(client, base + "/agreement", base + "/agreement/approve",
                                   {"number": "1", "party": party})
        assert approved.status_code == 303
    assert (await Collaboration.get(id=cid)).status == CollaborationStatus.AGREED
    history = await client.get(base + "/agreement")
    assert "member" in history.text and "staff" in history.text  # who approved

    assert (await post_form(client, base, base + "/start", {"confirm": "yes"})).status_code == 303
    bad = await post_form(client, base, base + "/check-ins", {"held_on": "2027-13-01",
                                                             "done": ""})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    done = await post_form(client, base, base + "/check-ins", {
        "held_on": day(0), "done": "初回訪問を終えた", "problems": "", "next_steps": ""})
    assert done.status_code == 303
    completed = await post_form(client, base, base + "/complete", {"confirm": "yes"})
    assert completed.status_code == 303

    for email, party in (("member@example.jp", f"organisation:{w.group.id}"),
                         ("staff@example.jp", f"department:{w.department.id}")):
        await sign_in(client, email)
        scores = {f"score_{c}": "4" for c in "abcdefgh"}
        missing = await post_form(client, base, base + "/evaluation",
                                  {**scores, "score_e": "", "achieved": "x", "party": party})
        assert missing.status_code == 400 and 'aria-invalid="true"' in missing.text
        saved = await post_form(client, base, base + "/evaluation", {
            **scores, "achieved": f"{email}の成果", "to_improve": "", "party": party})
        assert saved.status_code == 303
        if email.startswith("staff"):
            continue
        await sign_in(client, "staff@example.jp")
        hidden = (await client.get(base)).text
        assert "提出済み" in hidden and "member@example.jpの成果" not in hidden
    assert await Evaluation.filter(collaboration_id=cid).count() == 2
    await sign_in(client, "coord@example.jp")
    waiting = await post_form(client, base, base + "/publish", {"confirm": "yes"})
    assert waiting.status_code == 400 and "すべての当事者の同意が必要です" in waiting.text
    for email, party in (("member@example.jp", f"organisation:{w.group.id}"),
                         ("staff@example.jp", f"department:{w.department.id}")):
        await sign_in(client, email)
        page = (await client.get(base)).text
        assert "公開に同意する" in page and "member@example.jpの成果" in page
        agreed = await post_form(client, base, base + "/publication-consent", {"party": party})
        assert agreed.status_code == 303
        assert "公開に同意する" not in (await client.get(base)).text

    client.cookies.clear()
    assert (await client.get(base)).status_code == 404
    await sign_in(client, "coord@example.jp")
    unconfirmed = await post_form(client, base, base + "/publish", {})
    assert unconfirmed.status_code == 400 and 'id="publish-confirm-error"' in unconfirmed.text
    assert (await post_form(client, base, base + "/publish", {"confirm": "yes"})).status_code == 303
    client.cookies.clear()
    public = await client.get(base)
    assert public.status_code == 200
    assert "member@example.jpの成果" in public.text and "staff@example.jpの成果" in public.text
    assert "目的の共有" in public.text and "初回訪問を終えた" not in public.text
    listing = await client.get("/collaborations?form=commission&field=welfare")
    assert "見守り協働" in listing.text
    assert "見守り協働" not in (await client.get("/collaborations?form=co_hosting")).text
    for profile in (f"/groups/{w.group.id}", f"/departments/{w.department.id}"):
        assert f'href="/collaborations/{cid}"' in (await client.get(profile)).text
    await sign_in(client, "member@example.jp")
    assert f'href="/collaborations/{cid}"' in (await client.get("/me")).text


async def test_drafts_are_listed_for_the_coordinator_and_the_parties_only(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    cid = await _open(client, w)
    assert f'href="/collaborations/{cid}"' in (await client.get("/collaborations")).text
    await sign_in(client, "staff@example.jp")
    assert f'href="/collaborations/{cid}"' in (await client.get("/me")).text
    assert f'href="/collaborations/{cid}"' not in (await client.get("/collaborations")).text
    assert f'href="/collaborations/{cid}"' not in (
        await client.get(f"/departments/{w.department.id}")).text


async def test_bad_agreement_input_is_shown_at_the_field_and_nothing_is_saved(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    cid = await _open(client, w)
    base = f"/collaborations/{cid}/agreement"
    a = f"organisation:{w.group.id}"
    for changes, message in (
        ({f"cost_{a}": "-100"}, "マイナス"),
        ({f"cost_{a}": "たくさん"}, "整数"),
        ({"period_end": day(-31)}, "開始日より前"),
        ({f"role_{a}": ""}, "入力してください"),
    ):
        response = await post_form(client, base, base, _agreement(w, **changes))
        assert response.status_code == 400
        assert message in response.text, changes
        assert 'aria-invalid="true"' in response.text
        assert "月に一度の訪問" in response.text  # what was typed is kept
    assert await AgreementVersion.all().count() == 0


async def test_outsiders_get_404_and_members_of_another_party_cannot_edit(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    cid = await _open(client, w)
    await sign_in(client, "other@example.jp")
    for path in ("", "/edit", "/agreement", "/agreement/1/print"):
        assert (await client.get(f"/collaborations/{cid}{path}")).status_code == 404
    await sign_in(client, "member@example.jp")
    page = await client.get(f"/collaborations/{cid}/edit")
    assert page.status_code == 200 and 'name="parties"' not in page.text
    assert (await client.get("/collaborations/new")).status_code == 403


async def test_a_party_cannot_write_another_partys_evaluation_or_approval(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    cid = await _open(client, w)
    base = f"/collaborations/{cid}"
    await post_form(client, base + "/agreement", base + "/agreement", _agreement(w))
    await sign_in(client, "member@example.jp")
    other = f"department:{w.department.id}"
    refused = await post_form(client, base + "/agreement", base + "/agreement/approve",
                              {"number": "1", "party": other})
    assert refused.status_code == 403
    await Collaboration.filter(id=cid).update(status=CollaborationStatus.COMPLETED)
    scores = {f"score_{c}": "3" for c in "abcdefgh"}
    refused = await post_form(client, base, base + "/evaluation",
                              {**scores, "achieved": "他課の評価", "party": other})
    assert refused.status_code == 403
    assert await Evaluation.all().count() == 0
    assert (await Collaboration.get(id=cid)).agreed_version is None


async def _active(client: httpx.AsyncClient, w: World) -> int:
    """A collaboration both parties agreed and started 30 days ago."""
    cid = await _open(client, w)
    a, b = f"organisation:{w.group.id}", f"department:{w.department.id}"
    await agreements.propose(w.coordinator, cid, agreements.Terms(
        "見守り", "訪問", localtime().date() - timedelta(days=30),
        localtime().date() + timedelta(days=300), [agreements.Cost(a, 0), agreements.Cost(b, 0)],
        [agreements.PartyRole(a, "訪問"), agreements.PartyRole(b, "名簿")]))
    await agreements.approve(w.member, cid, 1, a)
    await agreements.approve(w.staff, cid, 1, b)
    await collaborations.start(w.member, cid, localtime().date() - timedelta(days=30))
    return cid


async def test_a_check_in_dated_after_today_is_refused_at_the_date_keeping_the_text(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    cid = await _active(client, w)
    base = f"/collaborations/{cid}"
    await sign_in(client, "member@example.jp")
    for held_on, message in ((day(1), "今日より後の日付は入力できません"),
                             (day(-31), "事業開始日より前")):
        refused = await post_form(client, base, base + "/check-ins", {
            "held_on": held_on, "done": "来週の訪問の予定", "problems": "鍵",
            "next_steps": "連絡"})
        assert refused.status_code == 400
        field = refused.text.split('id="held_on-error"', 1)[1].split("</p>", 1)[0]
        assert message in field
        assert 'id="held_on"' in refused.text and f'value="{held_on}"' in refused.text
        for typed in ("来週の訪問の予定", ">鍵</textarea>", ">連絡</textarea>"):
            assert typed in refused.text
    assert await CheckIn.filter(collaboration_id=cid).count() == 0
    shared = await post_form(client, base, base + "/check-ins", {
        "held_on": day(0), "done": "今日の訪問", "problems": "", "next_steps": ""})
    assert shared.status_code == 303


class _Page(HTMLParser):
    """The ids on a page, each label's target and the form each field sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labels: list[tuple[int, str]] = []
        self.fields: dict[str, int] = {}
        self.forms = 0
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms += 1
            self.inside = True
        where = self.forms if self.inside else 0
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "label" and a.get("for"):
            self.labels.append((where, a["for"] or ""))
        if tag in ("input", "select", "textarea") and a.get("id"):
            self.fields[a["id"] or ""] = where

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def _check_ids(html: str) -> None:
    page = _Page()
    page.feed(html)
    assert len(page.ids) == len(set(page.ids)), sorted(
        i for i in set(page.ids) if page.ids.count(i) > 1)
    for form, target in page.labels:
        assert page.fields.get(target) == form, f"label for={target!r} has no field in its form"


def _form_of(html: str, form_id: str) -> str:
    return html.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]


async def test_a_member_of_two_parties_approves_and_evaluates_for_each_separately(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await Membership.create(user_id=w.member.id, department_id=w.department.id)
    cid = await _open(client, w)
    base = f"/collaborations/{cid}"
    a, b = f"organisation:{w.group.id}", f"department:{w.department.id}"
    await post_form(client, base + "/agreement", base + "/agreement", _agreement(w))
    await sign_in(client, "member@example.jp")
    page = await client.get(base + "/agreement")
    _check_ids(page.text)
    assert "みどりの会として第1版を承認する" in page.text
    assert "福祉課として第1版を承認する" in page.text
    for party in (a, b):
        approved = await post_form(client, base + "/agreement", base + "/agreement/approve",
                                   {"number": "1", "party": party})
        assert approved.status_code == 303
    assert (await Collaboration.get(id=cid)).status == CollaborationStatus.AGREED
    assert (await post_form(client, base, base + "/start", {"confirm": "yes"})).status_code == 303
    page = await client.get(base)
    _check_ids(page.text)
    completed = await post_form(client, base, base + "/complete", {"confirm": "yes"})
    assert completed.status_code == 303

    page = await client.get(base)
    _check_ids(page.text)
    group_form, department_form = (f"evaluation-organisation-{w.group.id}",
                                   f"evaluation-department-{w.department.id}")
    assert "みどりの会" in _form_of(page.text, group_form)
    assert "福祉課" in _form_of(page.text, department_form)
    scores = {f"score_{c}": "4" for c in "abcdefgh"}
    missing = await post_form(client, base, base + "/evaluation", {
        **scores, "score_e": "", "achieved": "会として", "to_improve": "", "party": a})
    assert missing.status_code == 400
    _check_ids(missing.text)
    assert 'aria-invalid="true"' in _form_of(missing.text, group_form)
    assert "会として" in _form_of(missing.text, group_form)
    assert 'aria-invalid="true"' not in _form_of(missing.text, department_form)
    assert "会として" not in _form_of(missing.text, department_form)
    for party, achieved in ((a, "会としての成果"), (b, "課としての成果")):
        saved = await post_form(client, base, base + "/evaluation",
                                {**scores, "achieved": achieved, "to_improve": "", "party": party})
        assert saved.status_code == 303
    rows = await Evaluation.filter(collaboration_id=cid).order_by("party_kind").values(
        "party_kind", "achieved")
    assert rows == [{"party_kind": "department", "achieved": "課としての成果"},
                    {"party_kind": "organisation", "achieved": "会としての成果"}]
    page = await client.get(base)
    _check_ids(page.text)
    assert "会としての成果" in _form_of(page.text, group_form)
    assert "課としての成果" in _form_of(page.text, department_form)


async def test_starting_needs_a_confirmation_and_the_agreed_period(
    client: httpx.AsyncClient,
) -> None:
    """Start and completion cannot be undone: without the box ticked, or before the agreed
    period begins, nothing changes and the page says why at the field."""
    from datetime import date as _date

    from kakehashi.collaborations import rules as collaborations
    from kakehashi.collaborations.models import AgreementVersion, Collaboration
    from kakehashi.errors import DomainError

    w = await world()
    cid = await _open(client, w)
    a, b = f"organisation:{w.group.id}", f"department:{w.department.id}"
    await agreements.propose(w.coordinator, cid, agreements.Terms(
        "見守り", "訪問", localtime().date() - timedelta(days=1),
        localtime().date() + timedelta(days=300), [agreements.Cost(a, 0), agreements.Cost(b, 0)],
        [agreements.PartyRole(a, "訪問"), agreements.PartyRole(b, "名簿")]))
    await agreements.approve(w.member, cid, 1, a)
    await agreements.approve(w.staff, cid, 1, b)
    base = f"/collaborations/{cid}"
    await sign_in(client, w.member)
    unconfirmed = await post_form(client, base, base + "/start", {})
    assert unconfirmed.status_code == 400 and 'id="confirm-error"' in unconfirmed.text
    assert (await Collaboration.get(id=cid)).status == "agreed"
    version = await AgreementVersion.get(collaboration_id=cid)
    await AgreementVersion.filter(id=version.id).update(period_start=_date(2099, 4, 1),
                                                        period_end=_date(2099, 9, 30))
    early = await post_form(client, base, base + "/start", {"confirm": "yes"})
    assert early.status_code == 400 and "2099" in early.text
    assert (await Collaboration.get(id=cid)).status == "agreed"
    try:
        await collaborations.start(w.member, cid)
    except DomainError as refusal:
        assert refusal.field == "status"
    else:
        raise AssertionError("the API's path keeps the same period rule")


async def test_a_check_in_dated_before_the_agreed_period_is_refused(
    client: httpx.AsyncClient,
) -> None:
    from kakehashi.collaborations import check_ins
    from kakehashi.errors import DomainError

    w = await world()
    cid = await _active(client, w)
    before = localtime().date() - timedelta(days=31)
    try:
        await check_ins.add(w.member, cid, f"organisation:{w.group.id}",
                            check_ins.Progress(before, "準備"))
    except DomainError as refusal:
        assert refusal.field == "held_on"
    else:
        raise AssertionError("a check-in before the agreed period was accepted")
