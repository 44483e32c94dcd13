"""Proposals (提案型協働事業): submitting, routing, answering, and the public list."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tortoise.timezone import localtime

from kakehashi.accounts.auth import CurrentUser, current_user, require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, show_error
from kakehashi.http.pages import page_number, redirect, render, settings_of
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.proposals import consultations
from kakehashi.proposals import rules as proposals
from kakehashi.proposals import views as proposal_views
from kakehashi.taxonomy.choices import field_codes, field_options


async def _group_of(
    request: Request, user: CurrentUser
) -> tuple[int | None, list[tuple[int, str]]]:
    """The ``?group=`` a form works for; None when the member must still choose."""
    groups = await proposals.submittable_groups(user)
    text = request.query_params.get("group", "")
    if text:
        if not text.isdigit() or len(text) > 9:
            raise HTTPException(404)
        return int(text), groups
    if len(groups) == 1:
        return groups[0][0], groups
    return None, groups


async def choose_group_or_none(
    request: Request, user: CurrentUser, action: str, title: str
) -> tuple[int | None, Response | None]:
    """Shared by the proposal and 後援 forms: pick the group, or answer instead with the
    chooser (several groups) or a message on my page (a group that may not submit)."""
    group_id, groups = await _group_of(request, user)
    if group_id is None:
        if not groups and not user.organisation_ids:
            raise HTTPException(403)
        return None, render(request, "proposals/choose_group.html", {
            "groups": groups, "action": action, "title": title})
    try:
        await authorised(proposals.require_submitter(user, group_id))
    except DomainError as error:
        flash(request, _(error.message))
        return None, redirect(path_for("my_page"))
    return group_id, None


def _input(form: Form, allowed: list[tuple[str, str, bool]],
           departments: list[tuple[str, str]]) -> proposals.ProposalInput:
    return proposals.ProposalInput(
        title=form.text("title", required=True, max_length=proposals.MAX_TITLE),
        issue=form.text("issue", multiline=True, required=True, max_length=proposals.MAX_TEXT),
        plan=form.text("plan", multiline=True, required=True, max_length=proposals.MAX_TEXT),
        expected_effect=form.text("expected_effect", multiline=True, required=True,
                                  max_length=proposals.MAX_TEXT),
        fields=field_codes(form, allowed, required=True),
        departments=tuple(int(d) for d in form.choices(
            "departments", [value for value, _label in departments])),
    )


async def new(request: Request) -> Response:
    user = require_user(request)
    group_id, chooser = await choose_group_or_none(
        request, user, path_for("new_proposal"), _("New proposal"))
    if chooser is not None:
        return chooser
    assert group_id is not None
    allowed = await field_options()
    departments = await proposal_views.department_choices()
    form, status = Form(), 200
    if request.method == "POST":
        form = Form(await request.form())
        data = _input(form, allowed, departments)
        if form.ok:
            try:
                proposal = await proposals.submit(user, group_id, data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("Your proposal has been sent to the collaboration office."))
                return redirect(path_for("proposal", id=proposal.id))
        status = 400
    groups = dict(await proposals.submittable_groups(user))
    return render(request, "proposals/new.html", {
        "form": form, "group_id": group_id, "group_name": groups.get(group_id, ""),
        "field_options": allowed,
        "department_options": [(v, t, False) for v, t in departments],
    }, status_code=status)


async def public_list(request: Request) -> Response:
    field = request.query_params.get("field", "")[:100]
    answer = request.query_params.get("answer", "")[:20]
    page = await proposal_views.public_page(field, answer, page_number(request),
                                            settings_of(request).page_size)
    return render(request, "proposals/list.html", {
        "page": page, "field": field, "answer": answer,
        "answers": list(proposal_views.answer_labels().items()),
        "fields": [(code, label) for code, label, sub in await field_options() if not sub],
    })


async def _detail(request: Request, proposal_id: int, answer_form: Form | None = None,
                  status: int = 200, consult_form: Form | None = None) -> Response:
    view = await authorised(proposal_views.detail(current_user(request), proposal_id))
    return render(request, "proposals/detail.html", {
        "proposal": view, "answer_form": answer_form or Form(),
        "consult_form": consult_form or Form({"held_on": localtime().date().isoformat()}),
        "answers": list(proposal_views.answer_labels().items()),
    }, status_code=status)


async def detail(request: Request) -> Response:
    return await _detail(request, path_id(request))


async def answer(request: Request) -> Response:
    user = require_user(request)
    proposal_id = path_id(request)
    view = await authorised(proposal_views.detail(user, proposal_id))
    if not view.may_answer:
        raise HTTPException(403)
    form = Form(await request.form())
    choice = form.choice("answer", [a for a, _label in proposal_views.answer_labels().items()])
    reason = form.text("reason", multiline=True, max_length=proposals.MAX_TEXT)
    learned = form.text("needs_learned", multiline=True, max_length=proposals.MAX_TEXT)
    if form.ok:
        try:
            await proposals.answer(user, proposal_id, choice, reason, learned)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("Your answer has been recorded and sent to the group."))
            return redirect(path_for("proposal", id=proposal_id))
    return await _detail(request, proposal_id, form, 400)


async def consult(request: Request) -> Response:
    """Record a consultation held with the group (the routed department or the office)."""
    user = require_user(request)
    proposal_id = path_id(request)
    await authorised(consultations.consultable(user, proposal_id))
    form = Form(await request.form())
    held_on = form.date("held_on", required=True)
    notes = form.text("notes", multiline=True, required=True, max_length=proposals.MAX_TEXT)
    next_steps = form.text("next_steps", multiline=True, max_length=proposals.MAX_TEXT)
    if form.ok and held_on:
        try:
            await consultations.record(user, proposal_id,
                                       consultations.Consultation(held_on, notes, next_steps))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The consultation has been recorded and the group told."))
            return redirect(path_for("proposal", id=proposal_id) + "#consultations")
    return await _detail(request, proposal_id, status=400, consult_form=form)


async def mine(request: Request) -> Response:
    user = require_user(request)
    return render(request, "proposals/mine.html", {
        "own": await proposal_views.of_groups(user),
        "for_departments": await proposal_views.for_departments(user),
        "groups": await proposals.submittable_groups(user),
    })


async def coordinator_list(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    to_route, with_departments = await proposal_views.waiting(user)
    return render(request, "proposals/coordinator.html", {
        "to_route": to_route, "with_departments": with_departments,
    })


async def route_page(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    proposal_id = path_id(request)
    view = await authorised(proposal_views.detail(user, proposal_id))
    departments = await proposal_views.department_choices()
    form, status = Form(), 200
    if view.row.routed_to:
        form = Form({"department": str(view.row.routed_to.id)})
    if request.method == "POST":
        form = Form(await request.form())
        choice = form.choice("department", [value for value, _label in departments])
        if form.ok:
            try:
                await proposals.route(user, proposal_id, int(choice))
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("The proposal has been sent to the department."))
                return redirect(path_for("coordinator_proposals"))
        status = 400
    in_mind = await proposal_views.in_mind_ids(proposal_id)
    suggested = await proposal_views.suggested_departments(proposal_id)
    return render(request, "proposals/route.html", {
        "proposal": view, "form": form, "departments": departments, "in_mind": in_mind,
        "suggestions": suggested,
    }, status_code=status)
