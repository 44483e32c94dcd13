"""API writes for the proposal, 後援 and collaboration workflows, through the same services as
the forms: a group submits a proposal or applies for 後援, the office routes and decides, a
department answers, and a collaboration's parties add check-ins, approve the agreement and
evaluate.

Each handler: signed in (401) → the record in the path is one the user may see (404) and act
on (403) → the JSON body (400 at its fields) → the service, whose refusals stay 400/403/404 and
whose state conflicts become 409 (already answered or decided, a newer agreement version).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner, parse_owner
from kakehashi.api import records as api_records
from kakehashi.api import resources as api_resources
from kakehashi.api.openapi import Endpoint
from kakehashi.api.support import (
    ApiError,
    Handler,
    answers_json,
    body_of,
    choice,
    codes,
    day,
    ids,
    is_whole,
    party_key,
    record_id,
    refuse_if,
    signed_in,
    text,
    whole,
)
from kakehashi.collaborations import agreements, check_ins, evaluations
from kakehashi.collaborations import permissions as collaboration_permissions
from kakehashi.collaborations.models import PRINCIPLES
from kakehashi.i18n import gettext as _
from kakehashi.proposals import rules as proposals
from kakehashi.proposals import sponsorship_views, sponsorships
from kakehashi.proposals import views as proposal_views
from kakehashi.proposals.models import REFUSAL_GROUNDS, ProposalAnswer
from kakehashi.record_ids import MAX_ID

ANSWERS = tuple(a.value for a in ProposalAnswer)


def _path_id(request: Request) -> int:
    return int(request.path_params["id"])


def _in_a_group(user: CurrentUser) -> None:
    """Proposals and 後援 come from groups: without one there is nothing to submit for."""
    if not user.organisation_ids:
        raise ApiError(403, _("Only members of a group can submit this."))


def _coordinator(user: CurrentUser) -> None:
    if not user.is_coordinator:
        raise ApiError(403, _("Only the collaboration office can do this."))


async def submit_proposal(request: Request) -> Response:
    user = signed_in(request)
    _in_a_group(user)
    body = await body_of(request)
    errors: dict[str, str] = {}
    group_id = record_id(body, "group", errors)
    data = proposals.ProposalInput(
        title=text(body, "title", errors, proposals.MAX_TITLE, required=True),
        issue=text(body, "issue", errors, proposals.MAX_TEXT, required=True),
        plan=text(body, "plan", errors, proposals.MAX_TEXT, required=True),
        expected_effect=text(body, "expected_effect", errors, proposals.MAX_TEXT,
                             required=True),
        fields=codes(body, "fields", errors), departments=ids(body, "departments", errors))
    refuse_if(errors)
    proposal = await proposals.submit(user, group_id, data)
    return JSONResponse(await api_resources.written("proposals", proposal.id), status_code=201,
                        headers={"location": f"/proposals/{proposal.id}"})


async def route_proposal(request: Request) -> Response:
    user = signed_in(request)
    _coordinator(user)
    proposal_id = _path_id(request)
    await proposal_views.detail(user, proposal_id)
    body = await body_of(request)
    errors: dict[str, str] = {}
    department_id = record_id(body, "department", errors)
    refuse_if(errors)
    await proposals.route(user, proposal_id, department_id)
    return JSONResponse(await api_resources.written("proposals", proposal_id))


async def answer_proposal(request: Request) -> Response:
    user = signed_in(request)
    proposal_id = _path_id(request)
    await proposals.answerable(user, proposal_id)
    body = await body_of(request)
    errors: dict[str, str] = {}
    answer = choice(body, "answer", ANSWERS, errors)
    reason = text(body, "reason", errors, proposals.MAX_TEXT)
    refuse_if(errors)
    await proposals.answer(user, proposal_id, answer, reason)
    return JSONResponse(await api_resources.written("proposals", proposal_id))


async def apply_for_sponsorship(request: Request) -> Response:
    user = signed_in(request)
    _in_a_group(user)
    body = await body_of(request)
    errors: dict[str, str] = {}
    group_id = record_id(body, "group", errors)
    data = sponsorships.SponsorshipInput(
        event_name=text(body, "event_name", errors, 200, required=True),
        purpose=text(body, "purpose", errors, proposals.MAX_TEXT, required=True),
        description=text(body, "description", errors, proposals.MAX_TEXT),
        starts_on=day(body, "starts_on", errors, required=True),
        ends_on=day(body, "ends_on", errors, required=True),
        venue=text(body, "venue", errors, 200, required=True),
        expected_attendance=whole(body, "expected_attendance", errors,
                                  sponsorships.MAX_ATTENDANCE),
        admission_fee=whole(body, "admission_fee", errors, sponsorships.MAX_FEE))
    refuse_if(errors)
    application = await sponsorships.submit(user, group_id, data)
    return JSONResponse(await api_records.sponsorship(application), status_code=201,
                        headers={"location": f"/sponsorships/{application.id}"})


def _grounds(body: dict[str, Any], errors: dict[str, str]) -> dict[str, bool | None]:
    """Each of the seven grounds answered true (applies) or false (does not apply)."""
    given = body.get("grounds")
    if not isinstance(given, dict) or set(given) - set(REFUSAL_GROUNDS):
        errors["grounds"] = _("Please answer every one of the seven grounds with true "
                              "(applies) or false (does not apply).")
        return {}
    grounds: dict[str, bool | None] = {}
    for ground in REFUSAL_GROUNDS:
        value = given.get(ground)
        grounds[ground] = value if isinstance(value, bool) else None
        if grounds[ground] is None:
            errors[f"grounds.{ground}"] = _(
                "Please answer true (applies) or false (does not apply) for this ground.")
    return grounds


async def decide_sponsorship(request: Request) -> Response:
    user = signed_in(request)
    _coordinator(user)
    application_id = _path_id(request)
    await sponsorship_views.detail(user, application_id)
    body = await body_of(request)
    errors: dict[str, str] = {}
    grounds = _grounds(body, errors)
    decision = choice(body, "decision", sponsorships.DECISIONS, errors)
    note = text(body, "note", errors, proposals.MAX_TEXT)
    refuse_if(errors)
    application = await sponsorships.decide(user, application_id, grounds, decision, note)
    return JSONResponse(await api_records.sponsorship(application))


async def _party_member(request: Request) -> tuple[CurrentUser, collaboration_permissions.Access]:
    """The parties write (collaborations.permissions.party_member): 403 or 404 before the body
    is read."""
    user = signed_in(request)
    return user, await collaboration_permissions.party_member(user, _path_id(request))


def _spoken_for(found: collaboration_permissions.Access, key: str) -> Owner:
    """After the service accepted ``key``: that party, or the user's only one."""
    return parse_owner(key) if key else found.mine[0]


async def add_check_in(request: Request) -> Response:
    user, found = await _party_member(request)
    body = await body_of(request)
    errors: dict[str, str] = {}
    key = party_key(body, errors)
    held_on = day(body, "held_on", errors, required=True)
    done = text(body, "done", errors, 4000, required=True)
    problems = text(body, "problems", errors, 4000)
    next_steps = text(body, "next_steps", errors, 4000)
    refuse_if(errors)
    assert held_on is not None
    check_in_id = await check_ins.add(user, found.collaboration.id, key,
                                      check_ins.Progress(held_on, done, problems, next_steps))
    return JSONResponse(await api_records.check_in(check_in_id), status_code=201)


async def approve_agreement(request: Request) -> Response:
    user, found = await _party_member(request)
    body = await body_of(request)
    errors: dict[str, str] = {}
    key = party_key(body, errors)
    version = body.get("version")
    if not is_whole(version) or not 1 <= version <= MAX_ID:
        errors["version"] = _("Please give the number of the agreement version you approve.")
    refuse_if(errors)
    collaboration_id = found.collaboration.id
    await agreements.approve(user, collaboration_id, version, key)
    return JSONResponse(await api_records.approval(collaboration_id, version,
                                                   _spoken_for(found, key)), status_code=201)


def _scores(body: dict[str, Any], errors: dict[str, str]) -> dict[str, int]:
    given = body.get("scores")
    message = _("Please score each principle from 1 to 5.")
    if not isinstance(given, dict) or set(given) - set(PRINCIPLES):
        errors["scores"] = message
        return {}
    scores: dict[str, int] = {}
    for code in PRINCIPLES:
        value = given.get(code)
        if is_whole(value) and 1 <= value <= 5:
            scores[code] = value
        else:
            errors[f"scores.{code}"] = message
    return scores


async def save_evaluation(request: Request) -> Response:
    user, found = await _party_member(request)
    body = await body_of(request)
    errors: dict[str, str] = {}
    key = party_key(body, errors)
    scores = _scores(body, errors)
    achieved = text(body, "achieved", errors, 4000, required=True)
    to_improve = text(body, "to_improve", errors, 4000)
    refuse_if(errors)
    collaboration_id = found.collaboration.id
    await evaluations.save(user, collaboration_id, key,
                           evaluations.Assessment(scores, achieved, to_improve))
    return JSONResponse(await api_records.evaluation(collaboration_id, _spoken_for(found, key)))


_PROPOSAL = "/api/v1/proposals/{id:record}"
_SPONSORSHIP = "/api/v1/sponsorships/{id:record}"
_COLLABORATION = "/api/v1/collaborations/{id:record}"

ENDPOINTS: list[tuple[Endpoint, Handler]] = [(endpoint, answers_json(handler)) for
                                             endpoint, handler in (
    (Endpoint("/api/v1/proposals", "POST", "create", "proposals",
              "Submit a proposal for one of your groups"), submit_proposal),
    (Endpoint(f"{_PROPOSAL}/route", "POST", "update", "proposal_routing",
              "Route a proposal to a department (collaboration office)"), route_proposal),
    (Endpoint(f"{_PROPOSAL}/answer", "POST", "update", "proposal_answers",
              "Answer a proposal routed to your department"), answer_proposal),
    (Endpoint("/api/v1/sponsorships", "POST", "create", "sponsorships",
              "Apply for 後援 for one of your groups' events"), apply_for_sponsorship),
    (Endpoint(f"{_SPONSORSHIP}/decision", "POST", "update", "sponsorship_decisions",
              "Decide a 後援 application, every refusal ground checked (collaboration office)"),
     decide_sponsorship),
    (Endpoint(f"{_COLLABORATION}/check-ins", "POST", "create", "check_ins",
              "Add a check-in for your party"), add_check_in),
    (Endpoint(f"{_COLLABORATION}/agreement/approvals", "POST", "create", "agreement_approvals",
              "Approve the current agreement version for your party"), approve_agreement),
    (Endpoint(f"{_COLLABORATION}/evaluation", "POST", "update", "evaluations",
              "Write or correct your own party's evaluation"), save_evaluation),
)]
