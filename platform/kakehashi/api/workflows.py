"""API writes for the proposal, 後援 and collaboration workflows, through the same services as
the forms: a group submits a proposal or applies for 後援, the office routes and decides, a
department answers, and a collaboration's parties add check-ins, approve the agreement and
evaluate.

Each handler: signed in (401) → the record in the path is one the user may see (404) and act
on (403) → the JSON body (400 at its fields) → the service, whose refusals stay 400/403/404 and
whose state conflicts become 409 (already answered or decided, a newer agreement version).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner, parse_owner
from kakehashi.api import records as api_records
from kakehashi.api import resources as api_resources
from kakehashi.api.consultations import consult_on_proposal
from kakehashi.api.openapi import Endpoint
from kakehashi.api.support import (
    ApiError,
    Handler,
    answers_json,
    json_form,
    party_key,
    refuse_if,
    signed_in,
)
from kakehashi.collaborations import agreements, check_ins, evaluations
from kakehashi.collaborations import permissions as collaboration_permissions
from kakehashi.collaborations.models import PRINCIPLES
from kakehashi.http.forms import Form, is_whole
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions import availability, availability_views
from kakehashi.introductions import permissions as introduction_permissions
from kakehashi.introductions.rules import MAX_SLOTS
from kakehashi.proposals import rules as proposals
from kakehashi.proposals import sponsorship_views, sponsorships
from kakehashi.proposals import views as proposal_views
from kakehashi.proposals.models import REFUSAL_GROUNDS, ProposalAnswer

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
    form = await json_form(request)
    group_id = form.record_id("group") or 0
    data = proposals.ProposalInput(
        title=form.text("title", max_length=proposals.MAX_TITLE, required=True),
        issue=form.text("issue", multiline=True, max_length=proposals.MAX_TEXT, required=True),
        plan=form.text("plan", multiline=True, max_length=proposals.MAX_TEXT, required=True),
        expected_effect=form.text("expected_effect", multiline=True,
                                  max_length=proposals.MAX_TEXT, required=True),
        fields=form.codes("fields"), departments=form.record_ids("departments"))
    refuse_if(form)
    proposal = await proposals.submit(user, group_id, data)
    return JSONResponse(await api_resources.written("proposals", proposal.id), status_code=201,
                        headers={"location": path_for("proposal", id=proposal.id)})


async def route_proposal(request: Request) -> Response:
    user = signed_in(request)
    _coordinator(user)
    proposal_id = _path_id(request)
    await proposal_views.detail(user, proposal_id)
    form = await json_form(request)
    department_id = form.record_id("department") or 0
    refuse_if(form)
    await proposals.route(user, proposal_id, department_id)
    return JSONResponse(await api_resources.written("proposals", proposal_id))


async def answer_proposal(request: Request) -> Response:
    user = signed_in(request)
    proposal_id = _path_id(request)
    await proposals.answerable(user, proposal_id)
    form = await json_form(request)
    answer = form.choice("answer", ANSWERS)
    reason = form.text("reason", multiline=True, max_length=proposals.MAX_TEXT)
    learned = form.text("needs_learned", multiline=True, max_length=proposals.MAX_TEXT)
    refuse_if(form)
    await proposals.answer(user, proposal_id, answer, reason, learned)
    return JSONResponse(await api_resources.written("proposals", proposal_id))


async def apply_for_sponsorship(request: Request) -> Response:
    user = signed_in(request)
    _in_a_group(user)
    form = await json_form(request)
    group_id = form.record_id("group") or 0
    data = sponsorships.SponsorshipInput(
        event_name=form.text("event_name", max_length=200, required=True),
        purpose=form.text("purpose", multiline=True, max_length=proposals.MAX_TEXT, required=True),
        description=form.text("description", multiline=True, max_length=proposals.MAX_TEXT),
        starts_on=form.date("starts_on", required=True),
        ends_on=form.date("ends_on", required=True),
        venue=form.text("venue", max_length=200, required=True),
        expected_attendance=form.integer("expected_attendance", minimum=0,
                                         maximum=sponsorships.MAX_ATTENDANCE),
        admission_fee=form.integer("admission_fee", minimum=0, maximum=sponsorships.MAX_FEE),
        organiser=form.text("organiser", max_length=200, required=True),
        audience=form.text("audience", multiline=True, max_length=proposals.MAX_TEXT,
                           required=True),
        name_usage=form.text("name_usage", multiline=True, max_length=proposals.MAX_TEXT,
                             required=True))
    refuse_if(form)
    application = await sponsorships.submit(user, group_id, data)
    return JSONResponse(await api_records.sponsorship(application), status_code=201,
                        headers={"location": path_for("sponsorship", id=application.id)})


def _grounds(form: Form) -> dict[str, bool | None]:
    """Each of the seven grounds answered true (applies) or false (does not apply)."""
    given = form.values.get("grounds")
    if not isinstance(given, dict) or set(given) - set(REFUSAL_GROUNDS):
        form.error("grounds", _("Please answer every one of the seven grounds with true "
                                "(applies) or false (does not apply)."))
        return {}
    grounds: dict[str, bool | None] = {}
    for ground in REFUSAL_GROUNDS:
        value = given.get(ground)
        grounds[ground] = value if isinstance(value, bool) else None
        if grounds[ground] is None:
            form.error(f"grounds.{ground}", _(
                "Please answer true (applies) or false (does not apply) for this ground."))
    return grounds


async def decide_sponsorship(request: Request) -> Response:
    user = signed_in(request)
    _coordinator(user)
    application_id = _path_id(request)
    await sponsorship_views.detail(user, application_id)
    form = await json_form(request)
    contributes = form.values.get("contributes")
    if not isinstance(contributes, bool):
        form.error("contributes", _("Please answer true or false."))
    grounds = _grounds(form)
    decision = form.choice("decision", sponsorships.DECISIONS)
    note = form.text("note", multiline=True, max_length=proposals.MAX_TEXT)
    refuse_if(form)
    application = await sponsorships.decide(user, application_id, grounds, decision, note,
                                            bool(contributes))
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
    form = await json_form(request)
    key = party_key(form)
    held_on = form.date("held_on", required=True)
    done = form.text("done", multiline=True, max_length=4000, required=True)
    problems = form.text("problems", multiline=True, max_length=4000)
    next_steps = form.text("next_steps", multiline=True, max_length=4000)
    refuse_if(form)
    assert held_on is not None
    check_in_id = await check_ins.add(user, found.collaboration.id, key,
                                      check_ins.Progress(held_on, done, problems, next_steps))
    return JSONResponse(await api_records.check_in(check_in_id), status_code=201)


async def approve_agreement(request: Request) -> Response:
    user, found = await _party_member(request)
    form = await json_form(request)
    key = party_key(form)
    version = form.record_id(
        "version", message=_("Please give the number of the agreement version you approve."))
    refuse_if(form)
    assert version is not None
    collaboration_id = found.collaboration.id
    await agreements.approve(user, collaboration_id, version, key)
    return JSONResponse(await api_records.approval(collaboration_id, version,
                                                   _spoken_for(found, key)), status_code=201)


def _scores(form: Form) -> dict[str, int]:
    given = form.values.get("scores")
    message = _("Please score each principle from 1 to 5.")
    if not isinstance(given, dict) or set(given) - set(PRINCIPLES):
        form.error("scores", message)
        return {}
    scores: dict[str, int] = {}
    for code in PRINCIPLES:
        value = given.get(code)
        if is_whole(value) and 1 <= value <= 5:
            scores[code] = value
        else:
            form.error(f"scores.{code}", message)
    return scores


async def save_evaluation(request: Request) -> Response:
    user, found = await _party_member(request)
    form = await json_form(request)
    key = party_key(form)
    scores = _scores(form)
    achieved = form.text("achieved", multiline=True, max_length=4000, required=True)
    to_improve = form.text("to_improve", multiline=True, max_length=4000)
    refuse_if(form)
    collaboration_id = found.collaboration.id
    await evaluations.save(user, collaboration_id, key,
                           evaluations.Assessment(scores, achieved, to_improve))
    return JSONResponse(await api_records.evaluation(collaboration_id, _spoken_for(found, key)))


async def mark_availability(request: Request) -> Response:
    """A party's ○ for every time it can attend (the others ×): the form's rule and grid."""
    user = signed_in(request)
    intro_id = _path_id(request)
    await introduction_permissions.answerable(user, intro_id)
    form = await json_form(request)
    slot_ids = form.record_ids("slots", max_items=MAX_SLOTS)
    comment = form.text("comment", multiline=True, max_length=1000)
    side = form.choice("side", ["a", "b"], required=False)
    refuse_if(form)
    await availability.mark_availability(
        user, intro_id, availability.Availability(frozenset(slot_ids), comment, side))
    return JSONResponse(await availability_views.as_record(intro_id))


async def decline_introduction(request: Request) -> Response:
    user = signed_in(request)
    intro_id = _path_id(request)
    await introduction_permissions.answerable(user, intro_id)
    form = await json_form(request)
    reason = form.text("reason", multiline=True, max_length=2000, required=True)
    side = form.choice("side", ["a", "b"], required=False)
    refuse_if(form)
    await availability.decline(user, intro_id, reason, side)
    return JSONResponse(await availability_views.as_record(intro_id))


_PROPOSAL = "/api/v1/proposals/{id:record}"
_INTRODUCTION = "/api/v1/introductions/{id:record}"
_SPONSORSHIP = "/api/v1/sponsorships/{id:record}"
_COLLABORATION = "/api/v1/collaborations/{id:record}"

ENDPOINTS: list[tuple[Endpoint, Handler]] = [(endpoint, answers_json(handler)) for
                                             endpoint, handler in (
    (Endpoint("/api/v1/proposals", "POST", "create", "proposals",
              "Submit a proposal for one of your groups"), submit_proposal),
    (Endpoint(f"{_PROPOSAL}/route", "POST", "update", "proposal_routing",
              "Route a proposal to a department (collaboration office)"), route_proposal),
    (Endpoint(f"{_PROPOSAL}/consultations", "POST", "create", "proposal_consultations",
              "Record a consultation with the proposing group (the routed department or "
              "the collaboration office)"), consult_on_proposal),
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
    (Endpoint(f"{_INTRODUCTION}/availability", "POST", "update", "introduction_availability",
              "Mark every offered time your party can attend"), mark_availability),
    (Endpoint(f"{_INTRODUCTION}/decline", "POST", "update", "introduction_declines",
              "Decline an introduction for your party, with a reason"), decline_introduction),
)]
