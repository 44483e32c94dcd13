"""Collaboration pages: the public list and page, the draft's details, the versioned agreement
and its printable page, start and completion, check-ins, the joint evaluation, publication."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kakehashi.accounts.auth import current_user, require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations import cards as collaboration_cards
from kakehashi.collaborations import check_ins, evaluations
from kakehashi.collaborations import rules as collaborations
from kakehashi.collaborations import views as collaboration_views
from kakehashi.collaborations.models import PRINCIPLES
from kakehashi.directory import parties
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, show_error
from kakehashi.http.pages import page_number, redirect, render, settings_of
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.taxonomy.choices import field_codes, field_options


def _form_options() -> list[tuple[str, str, bool]]:
    return [(code, name, False) for code, (name, _g) in collaboration_views.form_labels().items()]


def _guidance() -> dict[str, str]:
    return {code: text for code, (_n, text) in collaboration_views.form_labels().items()}


async def list_page(request: Request) -> Response:
    form = request.query_params.get("form", "")
    field = request.query_params.get("field", "")
    forms = _form_options()
    fields = await field_options()
    form = form if form in {c for c, _n, _i in forms} else ""
    field = field if field in {c for c, _n, _i in fields} else ""
    user = current_user(request)
    page = await collaboration_cards.published_page(
        form, field, page_number(request), settings_of(request).page_size,
        everything=bool(user and user.is_coordinator))
    return render(request, "collaborations/list.html", {
        "page": page, "form": form, "field": field, "forms": forms, "fields": fields,
    })


def _details(form: Form, allowed_fields: list[tuple[str, str, bool]], *,
             with_parties: bool, picked: list[parties.Party]) -> collaborations.Details:
    title = form.text("title", required=True, max_length=200)
    summary = form.text("summary", multiline=True, max_length=4000)
    codes = form.choices("forms", [c for c, _n, _i in _form_options()], required=True)
    owners: list[Owner] = []
    if with_parties:
        owners = [p.owner for p in picked]
        if {o.kind for o in owners} != {"organisation", "department"}:
            form.error("parties", _("Please choose at least one group and one department."))
    return collaborations.Details(title, summary, codes,
                                  field_codes(form, allowed_fields, required=False), owners)


async def _party_picker(form: Form, *, finding: bool) -> parties.Picking:
    """The picked parties (kept checked), and, when the coordinator asked, the parties found by
    name, reading, kind, field and area (the page works without the picker's script)."""
    return await parties.picking(form.raw_list("parties"), parties.finder_of(form.raw),
                                 finding=finding)


async def new(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    form, status = Form(), 200
    fields = await field_options()
    finding = False
    if request.method == "POST":
        form = Form(await request.form())
        finding = bool(form.raw("find"))
    picker = await _party_picker(form, finding=finding)
    if request.method == "POST" and not finding:
        details = _details(form, fields, with_parties=True, picked=picker.picked)
        if form.ok:
            try:
                collaboration_id = await collaborations.create(user, details)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("The collaboration has been opened."))
                return redirect(path_for("collaboration", id=collaboration_id))
        status = 400
    return render(request, "collaborations/edit.html", {
        "form": form, "collaboration": None, "with_parties": True, "picker": picker,
        "field_options": fields, "form_options": _form_options(),
        "action": path_for("new_collaboration"), "guidance": _guidance(),
    }, status_code=status)


async def edit(request: Request) -> Response:
    """The service authorises a change; the page's view authorises showing the form."""
    user = require_user(request)
    collaboration_id = path_id(request)
    fields = await field_options()
    status, finding = 200, False
    form = Form()
    if request.method == "POST":
        form = Form(await request.form())
        finding = bool(form.raw("find")) and user.is_coordinator
        picked = (await parties.chosen(form.raw_list("parties"))
                  if user.is_coordinator else [])
        if not finding:
            details = _details(form, fields, with_parties=user.is_coordinator, picked=picked)
            if form.ok:
                try:
                    await collaborations.update(user, collaboration_id, details)
                except DomainError as error:
                    show_error(form, error)
                else:
                    flash(request, _("Your changes have been saved."))
                    return redirect(path_for("collaboration", id=collaboration_id))
            status = 400
    view = await authorised(collaboration_views.detail(user, collaboration_id))
    if not view.may_act:
        raise HTTPException(403)
    if request.method != "POST":
        form = Form({"title": view.title, "summary": view.summary,
                     "forms": [c for c, _n, _g in view.forms], "fields": view.field_codes,
                     "parties": [p.key for p in view.parties]})
    picker = await _party_picker(form, finding=finding) if user.is_coordinator else None
    return render(request, "collaborations/edit.html", {
        "form": form, "collaboration": view, "with_parties": user.is_coordinator,
        "picker": picker,
        "field_options": fields, "form_options": _form_options(),
        "action": path_for("collaboration_edit", id=collaboration_id),
        "guidance": _guidance(),
    }, status_code=status)


async def find_parties(request: Request) -> Response:
    """JSON for the picker's script: the parties matching what the coordinator types."""
    require_role(request, Role.COORDINATOR)
    params = request.query_params
    found = await parties.find(parties.PartyQuery(
        words=params.get("q", "")[:100], kind=params.get("kind", ""),
        field=params.get("field", "")[:64], area=params.get("area", "")[:100]))
    return JSONResponse([{"key": p.key, "name": p.name, "kind": p.kind} for p in found])


async def _detail_page(request: Request, collaboration_id: int,
                       forms: dict[str, Form] | None = None, status: int = 200, *,
                       speaking: bool = False) -> Response:
    """The page; ``speaking``: a party's form was refused before its service, so refuse (403)
    who may not speak for a party, as the service would have."""
    user = current_user(request)
    view = await authorised(collaboration_views.detail(user, collaboration_id))
    if speaking and not view.may_speak:
        raise HTTPException(403)
    forms = forms or {}
    evaluation_forms = {}
    for party in view.mine:
        posted = forms.get("evaluation")
        if posted is not None and posted.raw("party") == party.key:
            evaluation_forms[party.key] = posted
            continue
        existing = view.evaluation_of(party.key)
        values: dict[str, Any] = {"party": party.key}
        if existing:
            values.update({f"score_{c}": str(existing.scores.get(c, "")) for c in PRINCIPLES})
            values.update(achieved=existing.achieved, to_improve=existing.to_improve)
        evaluation_forms[party.key] = Form(values)
    return render(request, "collaborations/detail.html", {
        "c": view, "forms": forms, "evaluation_forms": evaluation_forms,
        "check_in_form": forms.get("check_in", Form()), "status_form": forms.get("status", Form()),
        "consent_form": forms.get("consent", Form()),
        "principles": collaboration_views.principle_labels(),
        "statuses": collaboration_views.status_labels(),
        "party_options": [(p.key, p.name) for p in view.mine],
        "score_options": collaboration_views.score_options(),
        "check_in_schedule": check_ins.schedule_of(view),
        "principle_guidance": collaboration_views.principle_guidance(),
    }, status_code=status)


async def detail(request: Request) -> Response:
    return await _detail_page(request, path_id(request))


async def _act(request: Request, name: str, work: Any, message: str) -> Response:
    """Run a status step; a refusal re-renders the page with the message."""
    collaboration_id = path_id(request)
    form = Form(await request.form())
    try:
        await work
    except DomainError as error:
        show_error(form, error)
        return await _detail_page(request, collaboration_id, {name: form}, 400)
    flash(request, message)
    return redirect(path_for("collaboration", id=collaboration_id))


async def _confirmed(request: Request) -> bool:
    return (await request.form()).get("confirm") == "yes"


async def start(request: Request) -> Response:
    user = require_user(request)
    confirmed = await _confirmed(request)
    return await _act(request, "status", collaborations.start(
        user, path_id(request), confirmed=confirmed), _("The work has started."))


async def complete(request: Request) -> Response:
    user = require_user(request)
    confirmed = await _confirmed(request)
    return await _act(request, "status", collaborations.complete(
        user, path_id(request), confirmed=confirmed),
        _("The work is completed. Each party can now write its evaluation."))


async def publish(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    confirmed = await _confirmed(request)
    return await _act(request, "status", evaluations.publish(
        user, path_id(request), confirmed=confirmed), _("The collaboration has been published."))


async def consent_to_publish(request: Request) -> Response:
    """A party agrees that the evaluated result may be published (公開について協議)."""
    user = require_user(request)
    party = str((await request.form()).get("party", ""))
    return await _act(request, "consent", evaluations.consent_to_publish(
        user, path_id(request), party), _("Your party has agreed to publication."))


async def add_check_in(request: Request) -> Response:
    user = require_user(request)
    collaboration_id = path_id(request)
    form = Form(await request.form())
    held_on = form.date("held_on", required=True)
    done = form.text("done", multiline=True, required=True, max_length=4000)
    problems = form.text("problems", multiline=True, max_length=4000)
    next_steps = form.text("next_steps", multiline=True, max_length=4000)
    if form.ok and held_on:
        try:
            await check_ins.add(user, collaboration_id, form.raw("party"),
                                check_ins.Progress(held_on, done, problems, next_steps))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("Your check-in has been shared with the other parties."))
            return redirect(path_for("collaboration", id=collaboration_id) + "#check-ins")
    return await _detail_page(request, collaboration_id, {"check_in": form}, 400, speaking=True)


async def save_evaluation(request: Request) -> Response:
    user = require_user(request)
    collaboration_id = path_id(request)
    form = Form(await request.form())
    scores: dict[str, int] = {}
    for code in PRINCIPLES:
        value = form.choice(f"score_{code}", [str(n) for n in range(1, 6)])
        if value:
            scores[code] = int(value)
    achieved = form.text("achieved", multiline=True, required=True, max_length=4000)
    to_improve = form.text("to_improve", multiline=True, max_length=4000)
    if form.ok:
        try:
            await evaluations.save(user, collaboration_id, form.raw("party"),
                                   evaluations.Assessment(scores, achieved, to_improve))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("Your party's evaluation has been saved."))
            return redirect(path_for("collaboration", id=collaboration_id) + "#evaluations")
    return await _detail_page(request, collaboration_id, {"evaluation": form}, 400,
                              speaking=True)
