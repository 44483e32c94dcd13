"""Proposals through the pages: submit, route with suggestions, answer with a reason, publish."""

from __future__ import annotations

import httpx
from factories.introductions import World, world
from support import post_form, sign_in
from tortoise.timezone import localtime

from kakehashi.directory.models.orgs import Organisation
from kakehashi.proposals.models import Proposal, ProposalStatus

FORM = {
    "title": "見守りボランティア養成講座", "issue": "見守りの担い手が足りない",
    "plan": "養成講座を年4回開く", "expected_effect": "担い手が増える",
    "fields": ["welfare", "welfare.elderly"],
}


async def _submit(client: httpx.AsyncClient, w: World, **changes: object) -> httpx.Response:
    page = f"/proposals/new?group={w.group.id}"
    return await post_form(client, page, page, {**FORM, **changes})


async def test_a_proposal_from_submission_to_a_published_answer(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "member@example.jp")
    form = await client.get("/proposals/new")  # one group: no need to choose
    assert form.status_code == 200 and "みどりの会" in form.text and "福祉課" in form.text
    sent = await _submit(client, w, departments=[str(w.department.id)])
    assert sent.status_code == 303
    proposal = await Proposal.get(title=FORM["title"])
    assert sent.headers["location"] == f"/proposals/{proposal.id}"
    mine = await client.get("/me/proposals")
    assert FORM["title"] in mine.text and "送付待ち" in mine.text

    client.cookies.clear()
    assert (await client.get(f"/proposals/{proposal.id}")).status_code == 404
    assert FORM["title"] not in (await client.get("/proposals")).text

    await sign_in(client, "coord@example.jp")
    waiting = await client.get("/coordinator/proposals")
    assert FORM["title"] in waiting.text
    route = f"/coordinator/proposals/{proposal.id}"
    page = await client.get(route)
    assert "候補の担当課" in page.text and "(団体の想定)" in page.text
    nothing = await post_form(client, route, route, {"department": ""})
    assert nothing.status_code == 400 and "field-error" in nothing.text
    routed = await post_form(client, route, route, {"department": str(w.department.id)})
    assert routed.status_code == 303
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.ROUTED

    await sign_in(client, "staff@example.jp")
    detail = f"/proposals/{proposal.id}"
    page = (await client.get(detail)).text
    assert "提案に回答する" in page and "回答予定日" in page
    assert FORM["title"] in (await client.get("/me/proposals")).text
    early = await post_form(client, detail, f"{detail}/answer",
                            {"answer": "adopted", "reason": ""})
    assert early.status_code == 400
    assert "回答の前に、提案団体との協議を記録してください。" in early.text
    future = await post_form(client, detail, f"{detail}/consultations", {
        "held_on": "2999-01-01", "notes": "これから話す"})
    assert future.status_code == 400 and "協議は実施した後に記録してください。" in future.text
    assert "これから話す" in future.text  # what was typed is kept
    consulted = await post_form(client, detail, f"{detail}/consultations", {
        "held_on": localtime().date().isoformat(), "notes": "対象と会場を話し合った",
        "next_steps": "社協の講座と重ならないか確認する"})
    assert consulted.status_code == 303
    no_reason = await post_form(client, detail, f"{detail}/answer", {"answer": "not_adopted"})
    assert no_reason.status_code == 400
    assert "不採用とする理由を、わかりやすい言葉で書いてください。" in no_reason.text
    assert (await Proposal.get(id=proposal.id)).answer is None
    reason = "既に同様の講座を社会福祉協議会が開いているため。"
    learned = "高齢者向けの講座が平日の昼にしかない"
    answered = await post_form(client, detail, f"{detail}/answer",
                               {"answer": "not_adopted", "reason": reason,
                                "needs_learned": learned})
    assert answered.status_code == 303

    await sign_in(client, "member@example.jp")  # the group read the consultation all along
    assert "社協の講座と重ならないか確認する" in (await client.get(detail)).text
    client.cookies.clear()
    public = await client.get(detail)
    assert public.status_code == 200 and reason in public.text and "不採用" in public.text
    assert learned in public.text and "提案から把握した課題・ニーズ" in public.text
    listing = await client.get("/proposals?answer=not_adopted&field=welfare")
    assert FORM["title"] in listing.text
    assert FORM["title"] not in (await client.get("/proposals?answer=adopted")).text


async def test_bad_proposals_stay_in_the_form_with_messages(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "member@example.jp")
    response = await _submit(client, w, fields=[], plan="")
    assert response.status_code == 400
    assert "少なくとも一つ選んでください" in response.text or "field-error" in response.text
    assert FORM["issue"] in response.text  # what was typed is kept
    forged = await _submit(client, w, fields=["welfare", "nonsense"])
    assert forged.status_code == 400
    assert not await Proposal.exists()


async def test_outsiders_cannot_submit_route_or_answer(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "member@example.jp")
    await _submit(client, w)
    proposal = await Proposal.get(title=FORM["title"])
    await sign_in(client, "other@example.jp")
    assert (await client.get(f"/proposals/new?group={w.group.id}")).status_code == 403
    assert (await client.get("/proposals/new?group=99999999")).status_code == 404
    assert (await client.get("/proposals/new?group=abc")).status_code == 404
    assert (await client.get(f"/proposals/{proposal.id}")).status_code == 404
    token_page = "/me/proposals"
    refused = await post_form(client, token_page, f"/proposals/{proposal.id}/answer",
                              {"answer": "adopted"})
    assert refused.status_code == 404
    assert (await client.get(f"/coordinator/proposals/{proposal.id}")).status_code == 403
    await sign_in(client, "staff@example.jp")
    assert (await client.get(f"/proposals/{proposal.id}")).status_code == 404  # not routed yet


async def test_a_member_of_several_groups_chooses(client: httpx.AsyncClient) -> None:
    w = await world()
    from kakehashi.accounts.models import Membership, User
    second = await Organisation.create(name="第二の会", kind="npo", status="approved")
    member = await User.get(email="member@example.jp")
    await Membership.create(user=member, organisation=second)
    await sign_in(client, "member@example.jp")
    chooser = await client.get("/proposals/new")
    assert f"/proposals/new?group={second.id}" in chooser.text
    assert f"/proposals/new?group={w.group.id}" in chooser.text
    sponsor = await client.get("/sponsorships/new")
    assert f"/sponsorships/new?group={second.id}" in sponsor.text


async def test_my_page_shows_what_waits(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "member@example.jp")
    me = await client.get("/me")
    assert 'href="/proposals/new"' in me.text and 'href="/sponsorships/new"' in me.text
    await _submit(client, w)
    proposal = await Proposal.get(title=FORM["title"])
    await sign_in(client, "coord@example.jp")
    waiting = '<a href="/coordinator/proposals">対応待ちの提案</a> ({})'
    assert waiting.format(1) in (await client.get("/me")).text
    route = f"/coordinator/proposals/{proposal.id}"
    await post_form(client, route, route, {"department": str(w.department.id)})
    assert waiting.format(0) in (await client.get("/me")).text
    await sign_in(client, "staff@example.jp")
    assert "所属課の回答待ち1件" in (await client.get("/me")).text
