"""The agreement pages (協定書・役割分担): writing a version, each party's approval, and the print
layout of the agreed version."""

from __future__ import annotations

import unicodedata
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import current_user, require_user
from kakehashi.collaborations import agreement_diff, agreements
from kakehashi.collaborations import views as collaboration_views
from kakehashi.errors import DomainError, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, show_error
from kakehashi.http.pages import redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _


def _amount(form: Form, name: str) -> int | None:
    text = unicodedata.normalize("NFKC", form.text(name, required=True, max_length=20))
    text = text.replace(",", "").replace("円", "").replace("¥", "").strip()
    if not text or name in form.errors:
        return None
    sign = text.startswith("-")
    if not text.lstrip("-").isdigit():
        form.error(name, _("Please enter the amount in yen as a whole number."))
        return None
    if sign:
        form.error(name, _("The amount cannot be negative."))
        return None
    value = int(text)
    if value > agreements.MAX_AMOUNT:
        form.error(name, _("Please enter the amount in yen as a whole number."))
        return None
    return value


def _terms(form: Form, keys: list[str]) -> agreements.Terms | None:
    purpose = form.text("purpose", multiline=True, required=True, max_length=4000)
    plan = form.text("plan", multiline=True, required=True, max_length=8000)
    start_on = form.date("period_start", required=True)
    end_on = form.date("period_end", required=True)  # its order is agreements.check_terms's
    costs, roles = [], []
    for key in keys:
        amount = _amount(form, f"cost_{key}")
        note = form.text(f"cost_note_{key}", max_length=500)
        role = form.text(f"role_{key}", multiline=True, required=True, max_length=2000)
        responsibility = form.text(f"responsibility_{key}", multiline=True, max_length=2000)
        if amount is not None:
            costs.append(agreements.Cost(key, amount, note))
        roles.append(agreements.PartyRole(key, role, responsibility))
    city_can = form.text("city_can", multiline=True, max_length=4000)
    city_cannot = form.text("city_cannot", multiline=True, max_length=4000)
    clauses = {name: form.text(name, multiline=True, max_length=4000)
               for name in agreements.CLAUSES}
    every = form.integer("check_in_every", minimum=1, maximum=agreements.MAX_CHECK_IN_EVERY)
    unit = form.choice("check_in_unit", agreements.CHECK_IN_UNITS, required=every is not None)
    if not form.ok or start_on is None or end_on is None:
        return None
    return agreements.Terms(purpose, plan, start_on, end_on, costs, roles, city_can,
                            city_cannot, **clauses, check_in_every=every,
                            check_in_unit=unit if every else "")


def _prefill(view: collaboration_views.CollaborationDetail) -> Form:
    latest = view.latest
    if latest is None:
        return Form({"purpose": view.summary})
    values: dict[str, Any] = {
        "purpose": latest.purpose, "plan": latest.plan,
        "period_start": latest.period_start.isoformat(),
        "period_end": latest.period_end.isoformat(),
        "city_can": latest.city_can, "city_cannot": latest.city_cannot,
        **latest.clauses,
        "check_in_every": str(latest.check_in[0]) if latest.check_in else "",
        "check_in_unit": latest.check_in[1] if latest.check_in else "",
    }
    for row in latest.costs:
        values[f"cost_{row['party'].key}"] = str(row.get("amount", ""))
        values[f"cost_note_{row['party'].key}"] = row.get("note", "")
    for row in latest.roles:
        values[f"role_{row['party'].key}"] = row.get("role", "")
        values[f"responsibility_{row['party'].key}"] = row.get("responsibility", "")
    return Form(values)


async def agreement(request: Request) -> Response:
    user = require_user(request)
    collaboration_id = path_id(request)
    view = await authorised(collaboration_views.detail(user, collaboration_id))
    if not view.may_act:
        raise HTTPException(403)
    status, approve_form = 200, Form()
    form = _prefill(view)
    if request.method == "POST":
        form = Form(await request.form())
        terms = _terms(form, [p.key for p in view.parties])
        if terms is not None:
            try:
                number = await agreements.propose(user, collaboration_id, terms)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("Version %(number)s has been sent to every party for approval.",
                                 number=number))
                return redirect(path_for("collaboration_agreement", id=collaboration_id))
        status = 400
    return _agreement_page(request, view, form, approve_form, status)


def _agreement_page(request: Request, view: collaboration_views.CollaborationDetail,
                    form: Form, approve_form: Form, status: int) -> Response:
    latest = view.latest
    approved = {a["party"].key for a in latest.approvals} if latest else set()
    return render(request, "collaborations/agreement.html", {
        "c": view, "form": form, "approve_form": approve_form,
        "can_edit": view.status in ("draft", "agreed"),
        "to_approve": [p for p in view.mine if p.key not in approved]
        if latest and view.status == "draft" else [],
        "waiting": [p for p in view.parties if p.key not in approved],
        "unit_options": agreement_diff.unit_options(), **_clause_words(),
    }, status_code=status)


def _clause_words() -> dict[str, Any]:
    return {"clause_labels": agreement_diff.clause_labels(),
            "cadence_text": agreement_diff.cadence_text}


async def approve(request: Request) -> Response:
    user = require_user(request)
    collaboration_id = path_id(request)
    form = Form(await request.form())
    number = form.integer("number", required=True, minimum=1)
    if form.ok and number is not None:
        try:
            agreed = await agreements.approve(user, collaboration_id, number, form.raw("party"))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("Every party has approved: the agreement is agreed.") if agreed
                  else _("Your approval has been recorded."))
            return redirect(path_for("collaboration_agreement", id=collaboration_id))
    if "approve" not in form.errors and not form.ok:
        form.error("approve", _("Please approve the latest version of the agreement."))
    view = await authorised(collaboration_views.detail(user, collaboration_id))
    if not view.may_speak:
        raise HTTPException(403)  # a coordinator does not approve for the parties
    return _agreement_page(request, view, _prefill(view), form, 400)


async def print_page(request: Request) -> Response:
    user = current_user(request)
    view = await authorised(collaboration_views.detail(user, path_id(request)))
    try:
        version = collaboration_views.require_version(view, request.path_params["number"])
    except NotFound as error:
        raise HTTPException(404) from error
    return render(request, "collaborations/print.html",
                  {"c": view, "v": version, **_clause_words()})


async def compare_page(request: Request) -> Response:
    """Two versions side by side, clause by clause (``?from=1&to=2``; default: the latest
    against the one before), so a party sees what a new version asks them to approve."""
    user = require_user(request)
    view = await authorised(collaboration_views.detail(user, path_id(request)))
    if not view.may_act or len(view.versions) < 2:
        raise HTTPException(404)
    form = Form(request.query_params)
    latest = view.versions[-1].number
    new = form.integer("to", minimum=1) or latest
    old = form.integer("from", minimum=1) or max(new - 1, 1)
    try:
        before = collaboration_views.require_version(view, old)
        after = collaboration_views.require_version(view, new)
    except NotFound as error:
        raise HTTPException(404) from error
    return render(request, "collaborations/compare.html", {
        "c": view, "before": before, "after": after,
        "clauses": agreement_diff.compare(before, after),
        "numbers": [v.number for v in view.versions],
    })
