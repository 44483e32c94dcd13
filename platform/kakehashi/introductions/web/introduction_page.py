"""One introduction's page and the forms on it: the parties mark their availability or
decline, the coordinator confirms a time or records the outcome, anyone concerned cancels
(the coordinator) or withdraws (a party)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, show_error
from kakehashi.http.pages import redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions import availability, permissions
from kakehashi.introductions import outcome as meeting_outcome
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions import views as introduction_views
from kakehashi.introductions.rules import MAX_SLOTS


async def detail_page(request: Request, intro_id: int, forms: dict[str, Form] | None = None,
                      status: int = 200) -> Response:
    user = require_user(request)
    view = await authorised(introduction_views.detail(user, intro_id))
    forms = forms or {}
    offered = {"answer": view.can_answer, "decline": view.can_answer,
               "confirm": view.can_confirm, "cancel": view.can_change,
               "outcome": view.can_record_outcome}
    for name, form in forms.items():
        if form.errors and not offered[name]:
            # The introduction moved on (the other side's answer, a cancel, a double click):
            # the form is gone from the page, so say why on the page as it is now.
            flash(request, next(iter(form.errors.values())))
            return redirect(path_for("introduction", id=intro_id))
    # The form starts from the reader's earlier answer, so changing it is one tick.
    answer_form = forms.get("answer") or Form({
        "slots": [str(i) for i in view.grid.mine], "comment": view.grid.my_comment})
    return render(request, "introductions/detail.html", {
        "intro": view, "answer_form": answer_form,
        "decline_form": forms.get("decline", Form()),
        "confirm_form": forms.get("confirm", Form()),
        "cancel_form": forms.get("cancel", Form()),
        "outcome_form": forms.get("outcome", Form()),
        "outcomes": list(introduction_views.outcome_labels().items()),
    }, status_code=status)


async def detail(request: Request) -> Response:
    return await detail_page(request, path_id(request))


async def answer(request: Request) -> Response:
    """The service decides who answers (the parties only); a form refused before reaching it
    asks the same rule, so a coordinator or an outsider never sees the form's errors."""
    user = require_user(request)
    intro_id = path_id(request)
    form = Form(await request.form())
    slot_ids = form.record_ids("slots", max_items=MAX_SLOTS)
    comment = form.text("comment", multiline=True, max_length=1000)
    if not form.ok:
        await authorised(permissions.answerable(user, intro_id))
    else:
        try:
            await availability.mark_availability(user, intro_id, availability.Availability(
                frozenset(slot_ids), comment, form.raw("side")))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("Your availability has been sent."))
            return redirect(path_for("introduction", id=intro_id))
    return await detail_page(request, intro_id, {"answer": form}, 400)


async def decline(request: Request) -> Response:
    user = require_user(request)
    intro_id = path_id(request)
    form = Form(await request.form())
    reason = form.text("reason", multiline=True, max_length=2000)
    if not form.ok:
        await authorised(permissions.answerable(user, intro_id))
    else:
        try:
            await availability.decline(user, intro_id, reason, form.raw("side"))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("You have declined the introduction."))
            return redirect(path_for("introduction", id=intro_id))
    return await detail_page(request, intro_id, {"decline": form}, 400)


async def confirm(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    intro_id = path_id(request)
    form = Form(await request.form())
    slot_id = form.record_id("slot", message=_("Please choose a time that suits both parties."))
    if not form.ok or slot_id is None:
        await authorised(permissions.confirmable(user, intro_id))
    else:
        try:
            await availability.confirm(user, intro_id, slot_id)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The meeting has been confirmed and both parties told."))
            return redirect(path_for("introduction", id=intro_id))
    return await detail_page(request, intro_id, {"confirm": form}, 400)


async def cancel(request: Request) -> Response:
    """Authorised by the service, or by the page's own view when the form is refused first."""
    user = require_user(request)
    intro_id = path_id(request)
    form = Form(await request.form())
    reason = form.text("cancel_reason", multiline=True, required=True, max_length=2000)
    if form.ok:
        try:
            intro = await introductions.cancel(user, intro_id, reason)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The introduction has been withdrawn.")
                  if intro.status == "withdrawn" else _("The introduction has been cancelled."))
            return redirect(path_for("introduction", id=intro_id))
    return await detail_page(request, intro_id, {"cancel": form}, 400)


async def outcome(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    intro_id = path_id(request)
    form = Form(await request.form())
    code = form.choice("outcome", list(introduction_views.outcome_labels()))
    minutes = form.text("minutes", multiline=True, max_length=8000)
    if form.ok:
        try:
            collaboration_id = await meeting_outcome.record_outcome(user, intro_id, code, minutes)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The outcome has been recorded."))
            if collaboration_id:
                return redirect(path_for("collaboration", id=collaboration_id))
            return redirect(path_for("introduction", id=intro_id))
    return await detail_page(request, intro_id, {"outcome": form}, 400)
