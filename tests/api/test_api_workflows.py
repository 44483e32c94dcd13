"""The JSON API's workflow writes: a group submits a proposal, the office routes it, the
department answers; a group applies for 後援 and the office decides on all seven grounds; a
collaboration's parties approve the agreement, check in and evaluate. Each as a user would
see it: who is refused (401/403/404), which field is wrong (400, in their language), which
state conflicts (409), nothing half written, and the write visible in the public read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from factories.introductions import World, world
from support import sign_in
from tortoise.timezone import localtime

from kakehashi.accounts.models import Membership
from kakehashi.collaborations import agreements, evaluations
from kakehashi.collaborations import rules as collaborations
from kakehashi.collaborations.models import PRINCIPLES, CheckIn, Evaluation
from kakehashi.directory.models.orgs import Organisation
from kakehashi.proposals import sponsorship_opinions
from kakehashi.proposals.models import (
    REFUSAL_GROUNDS,
    Proposal,
    SponsorshipApplication,
    SponsorshipStatus,
)

MEMBER, STAFF, COORD, OUTSIDER = ("member@example.jp", "staff@example.jp", "coord@example.jp",
                                  "other@example.jp")


async def _post(client: httpx.AsyncClient, path: str, body: Any) -> httpx.Response:
    """A signed-in script's write: the session cookie and the X-CSRFToken header."""
    return await client.post(path, json=body, headers={"x-csrftoken": client.cookies["csrftoken"]})


def _refused(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] and error["message"]
    return error


def _day(offset: int) -> str:
    return (localtime().date() + timedelta(days=offset)).isoformat()


PROPOSAL = {"title": "見守り講座", "issue": "担い手が足りない", "plan": "月に一度の講座",
            "expected_effect": "担い手が増える", "fields": ["welfare"]}


async def test_a_proposal_from_submission_to_a_public_answer(client: httpx.AsyncClient) -> None:
    w = await world()
    body = {**PROPOSAL, "group": w.group.id, "departments": [w.department.id]}
    _refused(await client.post("/api/v1/proposals", json=body), 401)
    await sign_in(client, MEMBER)
    _refused(await client.post("/api/v1/proposals", json=body), 403)  # no CSRF header
    _refused(await _post(client, "/api/v1/proposals",
                         {**body, "group": w.outsider_group_id}), 403)
    _refused(await _post(client, "/api/v1/proposals", {**body, "group": 999_999}), 404)
    missing = _refused(await _post(client, "/api/v1/proposals",
                                   {**body, "title": " ", "plan": None, "departments": ["x"]}),
                       400)
    assert set(missing["fields"]) == {"title", "plan", "departments"}
    assert missing["fields"]["title"] == "この項目を入力してください。"  # Japanese by default
    header_injection = _refused(await _post(client, "/api/v1/proposals", {
        **body, "title": "見守り講座\r\nBcc: everyone@example.jp"}), 400)
    assert set(header_injection["fields"]) == {"title"}  # a line break never reaches a subject
    unknown = _refused(await _post(client, "/api/v1/proposals",
                                   {**body, "fields": ["nonsense"]}), 400)
    assert set(unknown["fields"]) == {"fields"}
    assert await Proposal.all().count() == 0

    sent = await _post(client, "/api/v1/proposals", body)
    assert sent.status_code == 201, sent.text
    proposal = sent.json()
    assert proposal["group"] == {"id": w.group.id, "name": "みどりの会"}
    assert (proposal["title"], proposal["fields"]) == ("見守り講座", ["welfare"])
    assert proposal["department"] is None and proposal["answer"] is None
    pid = proposal["id"]
    _refused(await client.get(f"/api/v1/proposals/{pid}"), 404)  # public once answered

    route = f"/api/v1/proposals/{pid}/route"
    _refused(await _post(client, route, {"department": w.department.id}), 403)
    await sign_in(client, COORD)
    _refused(await _post(client, "/api/v1/proposals/999999/route",
                         {"department": w.department.id}), 404)
    assert "department" in _refused(await _post(client, route, {"department": 999_999}),
                                    400)["fields"]
    assert "department" in _refused(await _post(client, route, {"department": "福祉課"}),
                                    400)["fields"]
    routed = await _post(client, route, {"department": w.department.id})
    assert routed.status_code == 200, routed.text
    assert routed.json()["department"] == {"id": w.department.id, "name": "福祉課"}

    answer = f"/api/v1/proposals/{pid}/answer"
    _refused(await _post(client, answer, {"answer": "adopted"}), 403)  # the office
    await sign_in(client, OUTSIDER)
    _refused(await _post(client, answer, {"answer": "adopted"}), 404)
    await sign_in(client, MEMBER)
    _refused(await _post(client, answer, {"answer": "adopted"}), 403)  # its own group
    await sign_in(client, STAFF)
    assert "answer" in _refused(await _post(client, answer, {"answer": "maybe"}), 400)["fields"]
    await client.post("/language", data={"lang": "en"})
    unconsulted = _refused(await _post(client, answer, {"answer": "considering"}), 400)
    assert "answer" in unconsulted["fields"]
    consult = f"/api/v1/proposals/{pid}/consultations"
    assert "held_on" in _refused(await _post(client, consult, {"notes": "話した"}), 400)["fields"]
    consulted = await _post(client, consult, {"held_on": localtime().date().isoformat(),
                                              "notes": "対象と会場を話し合った"})
    assert consulted.status_code == 201 and consulted.json()["notes"] == "対象と会場を話し合った"
    no_reason = _refused(await _post(client, answer, {"answer": "not_adopted", "reason": " "}),
                         400)
    assert no_reason["fields"] == {
        "reason": "Please explain in plain words why the proposal is not adopted."}
    considering = await _post(client, answer, {"answer": "considering"})
    assert considering.status_code == 200 and considering.json()["answer"] == "considering"
    final = await _post(client, answer, {"answer": "not_adopted", "reason": "予算が足りない",
                                         "needs_learned": "夜間の居場所が足りない"})
    assert final.status_code == 200, final.text
    again = _refused(await _post(client, answer, {"answer": "adopted"}), 409)
    assert again["message"] == "This proposal has already been answered."
    await sign_in(client, COORD)
    _refused(await _post(client, route, {"department": w.department.id}), 409)

    client.cookies.clear()
    public = (await client.get(f"/api/v1/proposals/{pid}")).json()
    assert (public["answer"], public["answer_reason"]) == ("not_adopted", "予算が足りない")
    assert public == {**final.json(), "answered_at": public["answered_at"]}


SPONSORSHIP = {"event_name": "海岸清掃", "purpose": "浜をきれいに", "starts_on": _day(30),
               "ends_on": _day(30), "venue": "東浜", "expected_attendance": 40,
               "admission_fee": 0, "organiser": "東浜を守る会", "audience": "どなたでも",
               "name_usage": "チラシに「後援：架橋市」"}


async def test_only_approved_groups_members_submit(client: httpx.AsyncClient) -> None:
    w = await world()
    pending = await Organisation.create(name="申請中の会", kind="npo")
    await Membership.create(user_id=w.member.id, organisation=pending)
    await sign_in(client, STAFF)
    _refused(await _post(client, "/api/v1/proposals", {**PROPOSAL, "group": w.group.id}), 403)
    await sign_in(client, MEMBER)
    _refused(await _post(client, "/api/v1/proposals", {**PROPOSAL, "group": pending.id}), 409)
    _refused(await _post(client, "/api/v1/sponsorships", {**SPONSORSHIP, "group": pending.id}),
             409)
    assert await Proposal.all().count() == 0


def _grounds(**applying: bool) -> dict[str, bool]:
    return {ground: applying.get(ground, False) for ground in REFUSAL_GROUNDS}


async def test_applying_for_sponsorship_and_the_decision_on_every_ground(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    body = {**SPONSORSHIP, "group": w.group.id}
    _refused(await client.post("/api/v1/sponsorships", json=body), 401)
    await sign_in(client, COORD)
    _refused(await _post(client, "/api/v1/sponsorships", body), 403)  # in no group
    await sign_in(client, MEMBER)
    _refused(await _post(client, "/api/v1/sponsorships",
                         {**body, "group": w.outsider_group_id}), 403)
    bad = _refused(await _post(client, "/api/v1/sponsorships", {
        **body, "starts_on": "someday", "venue": "", "expected_attendance": -1}), 400)
    assert set(bad["fields"]) == {"starts_on", "venue", "expected_attendance"}
    past = _refused(await _post(client, "/api/v1/sponsorships", {**body,
                                                                 "starts_on": _day(-1)}), 400)
    assert set(past["fields"]) == {"starts_on"}
    assert await SponsorshipApplication.all().count() == 0
    sent = await _post(client, "/api/v1/sponsorships", body)
    assert sent.status_code == 201, sent.text
    application = sent.json()
    assert (application["status"], application["grounds"], application["venue"]) == (
        "submitted", {}, "東浜")
    decision = f"/api/v1/sponsorships/{application['id']}/decision"
    _refused(await _post(client, decision, {"contributes": True, "grounds": _grounds(),
                                            "decision": "approve"}), 403)

    await sign_in(client, COORD)
    undecided = _refused(await _post(client, decision, {"grounds": _grounds(),
                                                        "decision": "approve"}), 400)
    assert set(undecided["fields"]) == {"contributes"}
    early = await _post(client, decision, {"contributes": True, "grounds": _grounds(),
                                           "decision": "approve"})
    assert early.status_code == 409  # the department concerned has not given its opinion
    await sponsorship_opinions.ask(w.coordinator, application["id"], w.department.id, "")
    await sponsorship_opinions.give(w.staff, application["id"], True, "施策に合う")
    _refused(await _post(client, "/api/v1/sponsorships/999999/decision",
                         {"grounds": _grounds(), "decision": "approve"}), 404)
    six = {g: False for g in REFUSAL_GROUNDS[:-1]}
    unanswered = _refused(await _post(client, decision, {
        "contributes": True, "grounds": six, "decision": "approve"}), 400)
    assert set(unanswered["fields"]) == {f"grounds.{REFUSAL_GROUNDS[-1]}"}
    vague = _refused(await _post(client, decision, {"contributes": True,
        "grounds": {**_grounds(), "unsafe": "no"}, "decision": "approve"}), 400)
    assert set(vague["fields"]) == {"grounds.unsafe"}
    _refused(await _post(client, decision, {
        "contributes": True, "grounds": True, "decision": "approve"}), 400)
    applying = _refused(await _post(client, decision, {"contributes": True,
        "grounds": _grounds(for_profit=True), "decision": "approve"}), 400)
    assert set(applying["fields"]) == {"decision"}
    groundless = _refused(await _post(client, decision, {"contributes": True, "grounds": _grounds(),
                                                         "decision": "refuse"}), 400)
    assert set(groundless["fields"]) == {"decision"}
    stored = await SponsorshipApplication.get(id=application["id"])
    assert (stored.status, stored.grounds) == (SponsorshipStatus.SUBMITTED, {})

    refused = await _post(client, decision, {"contributes": True,
                                             "grounds": _grounds(for_profit=True),
                                             "decision": "refuse", "note": "入場料で利益"})
    assert refused.status_code == 200, refused.text
    assert refused.json()["status"] == "refused"
    assert refused.json()["grounds"] == _grounds(for_profit=True)
    assert refused.json()["decision_note"] == "入場料で利益"
    assert refused.json()["contributes"] is True
    _refused(await _post(client, decision, {"contributes": True, "grounds": _grounds(),
                                            "decision": "approve"}), 409)


async def _collaboration(w: World) -> int:
    """A draft between the group and the department, with version 1 of its agreement."""
    cid = await collaborations.create(w.coordinator, collaborations.Details(
        "見守り協働", "一緒に", ["commission"], ["welfare"], [w.a, w.b]))
    await agreements.propose(w.coordinator, cid, _terms(w, "見守り"))
    return cid


def _terms(w: World, purpose: str) -> agreements.Terms:
    today = localtime().date()
    return agreements.Terms(
        purpose, "月に一度の訪問", today - timedelta(days=30), today + timedelta(days=300),
        [agreements.Cost(w.a.key, 0), agreements.Cost(w.b.key, 120_000)],
        [agreements.PartyRole(w.a.key, "訪問"), agreements.PartyRole(w.b.key, "名簿")])


GROUP = {"type": "group"}
DEPARTMENT = {"type": "department"}


async def test_parties_approve_the_version_they_read(client: httpx.AsyncClient) -> None:
    w = await world()
    cid = await _collaboration(w)
    approvals = f"/api/v1/collaborations/{cid}/agreement/approvals"
    _refused(await client.post(approvals, json={"version": 1}), 401)
    await sign_in(client, OUTSIDER)
    _refused(await _post(client, approvals, {"version": 1}), 404)  # a draft is not public
    await sign_in(client, COORD)
    _refused(await _post(client, approvals, {"version": 1}), 403)  # not a party
    await sign_in(client, MEMBER)
    _refused(await _post(client, "/api/v1/collaborations/999999/agreement/approvals",
                         {"version": 1}), 404)
    assert "version" in _refused(await _post(client, approvals, {}), 400)["fields"]
    _refused(await _post(client, approvals, {
        "version": 1, "party": {**DEPARTMENT, "id": w.department.id}}), 403)
    first = await _post(client, approvals, {"version": 1})
    assert first.status_code == 201, first.text
    assert first.json() == {"collaboration_id": cid, "version": 1, "agreed": False,
                            "status": "draft",
                            "party": {**GROUP, "id": w.group.id, "name": "みどりの会"}}
    _refused(await _post(client, approvals, {"version": 1}), 409)  # approved already

    await agreements.propose(w.coordinator, cid, _terms(w, "見守りと配食"))  # an edit between
    await sign_in(client, STAFF)
    stale = _refused(await _post(client, approvals, {"version": 1}), 409)
    assert set(stale["fields"]) == {"version"}
    staff = await _post(client, approvals, {"version": 2,
                                            "party": {**DEPARTMENT, "id": w.department.id}})
    assert staff.status_code == 201 and staff.json()["agreed"] is False
    await sign_in(client, MEMBER)
    agreed = await _post(client, approvals, {"version": 2})
    assert (agreed.json()["agreed"], agreed.json()["status"]) == (True, "agreed")
    _refused(await _post(client, approvals, {"version": 2}), 409)


async def test_check_ins_while_the_work_is_under_way(client: httpx.AsyncClient) -> None:
    w = await world()
    cid = await _collaboration(w)
    check_ins = f"/api/v1/collaborations/{cid}/check-ins"
    body = {"held_on": _day(0), "done": "初回訪問", "problems": "名簿が古い"}
    await sign_in(client, MEMBER)
    _refused(await _post(client, check_ins, body), 409)  # not started
    for user in (w.member, w.staff):
        await agreements.approve(user, cid, 1, "")
    await collaborations.start(w.member, cid)

    bad = _refused(await _post(client, check_ins, {"held_on": "昨日", "done": ""}), 400)
    assert set(bad["fields"]) == {"held_on", "done"}
    _refused(await _post(client, check_ins, {
        **body, "party": {**DEPARTMENT, "id": w.department.id}}), 403)
    assert "party" in _refused(await _post(client, check_ins, {**body, "party": "me"}),
                               400)["fields"]
    assert await CheckIn.all().count() == 0
    added = await _post(client, check_ins, body)
    assert added.status_code == 201, added.text
    assert {k: added.json()[k] for k in ("held_on", "done", "problems", "party")} == {
        "held_on": body["held_on"], "done": "初回訪問", "problems": "名簿が古い",
        "party": {**GROUP, "id": w.group.id, "name": "みどりの会"}}
    await sign_in(client, OUTSIDER)
    _refused(await _post(client, check_ins, body), 404)
    await sign_in(client, COORD)
    _refused(await _post(client, check_ins, body), 403)
    assert await CheckIn.all().count() == 1


def _scores(value: int = 4) -> dict[str, int]:
    return dict.fromkeys(PRINCIPLES, value)


async def test_each_party_writes_only_its_own_evaluation(client: httpx.AsyncClient) -> None:
    w = await world()
    cid = await _collaboration(w)
    evaluation = f"/api/v1/collaborations/{cid}/evaluation"
    body = {"scores": _scores(), "achieved": "見守りが続いた", "to_improve": "連絡を早く"}
    for user in (w.member, w.staff):
        await agreements.approve(user, cid, 1, "")
    await collaborations.start(w.member, cid)
    await sign_in(client, MEMBER)
    _refused(await _post(client, evaluation, body), 409)  # still under way
    await collaborations.complete(w.member, cid)

    seven = {c: 4 for c in PRINCIPLES[:-1]}
    short = _refused(await _post(client, evaluation, {**body, "scores": seven}), 400)
    assert set(short["fields"]) == {f"scores.{PRINCIPLES[-1]}"}
    wrong = _refused(await _post(client, evaluation, {
        **body, "scores": {**_scores(), "a": 6, "b": True}, "achieved": ""}), 400)
    assert set(wrong["fields"]) == {"scores.a", "scores.b", "achieved"}
    theirs = {**body, "party": {**DEPARTMENT, "id": w.department.id}}
    _refused(await _post(client, evaluation, theirs), 403)
    saved = await _post(client, evaluation, body)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"party_kind": "organisation", "party_id": w.group.id,
                            "scores": _scores(), "achieved": "見守りが続いた",
                            "to_improve": "連絡を早く"}
    corrected = await _post(client, evaluation, {**body, "scores": _scores(5)})
    assert corrected.json()["scores"] == _scores(5)

    await sign_in(client, STAFF)
    _refused(await _post(client, evaluation, {
        **body, "scores": _scores(1), "party": {**GROUP, "id": w.group.id}}), 403)
    staff = await _post(client, evaluation, {**body, "achieved": "名簿が整った"})
    assert staff.status_code == 200 and staff.json()["party_kind"] == "department"
    await sign_in(client, COORD)
    _refused(await _post(client, evaluation, body), 403)
    group_row = await Evaluation.get(collaboration_id=cid, party_kind="organisation")
    assert (group_row.scores, group_row.achieved) == (_scores(5), "見守りが続いた")

    for user, owner in ((w.member, f"organisation:{w.group.id}"),
                        (w.staff, f"department:{w.department.id}")):
        await evaluations.consent_to_publish(user, cid, owner)
    await evaluations.publish(w.coordinator, cid)
    await sign_in(client, MEMBER)
    _refused(await _post(client, evaluation, body), 409)  # published
    client.cookies.clear()
    public = (await client.get(f"/api/v1/collaborations/{cid}")).json()
    assert {(e["party_kind"], e["achieved"]) for e in public["evaluations"]} == {
        ("organisation", "見守りが続いた"), ("department", "名簿が整った")}


async def test_the_document_describes_each_workflow_write(client: httpx.AsyncClient) -> None:
    document = (await client.get("/api/openapi.json")).json()
    writes = {
        ("/api/v1/proposals", "201"), ("/api/v1/proposals/{id}/route", "200"),
        ("/api/v1/proposals/{id}/answer", "200"), ("/api/v1/sponsorships", "201"),
        ("/api/v1/sponsorships/{id}/decision", "200"),
        ("/api/v1/collaborations/{id}/check-ins", "201"),
        ("/api/v1/collaborations/{id}/agreement/approvals", "201"),
        ("/api/v1/collaborations/{id}/evaluation", "200"),
    }
    for path, success in writes:
        operation = document["paths"][path]["post"]
        assert operation["requestBody"]["content"]["application/json"]["schema"]["required"]
        assert {success, "400", "401", "403", "404", "409"} <= set(operation["responses"]), path
    decision = document["paths"]["/api/v1/sponsorships/{id}/decision"]["post"]
    grounds = decision["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert sorted(grounds["grounds"]["required"]) == sorted(REFUSAL_GROUNDS)
