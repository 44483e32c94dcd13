"""The coordinator's queue pages, and the "ask for an introduction" form for groups and
departments (この団体と話したい)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import CurrentUser, require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.directory import parties
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, show_error
from kakehashi.http.pages import page_number, redirect, render, settings_of
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions import permissions, queue, queue_office, queue_views
from kakehashi.record_ids import MAX_ID


def origin_labels() -> dict[str, str]:
    return {"suggestion": _("Suggested by the engine"), "request": _("Asked for by a party"),
            "coordinator": _("Added by the office")}


def dismiss_labels() -> dict[str, str]:
    return {"not_relevant": _("Not a good fit"), "already_working": _("Already working together"),
            "party_unavailable": _("A party is not available"),
            "too_many": _("A party has too many introductions"), "other": _("Other")}


def _filters(request: Request) -> tuple[queue_views.QueueFilters, Form]:
    form = Form(dict(request.query_params))
    department = form.integer("department", minimum=1, maximum=MAX_ID)
    filters = queue_views.QueueFilters(
        status=form.choice("status", ["open", "dismissed", "introduced"], required=False)
        or "open",
        q=form.text("q", max_length=200),
        sort=form.choice("sort", list(queue_views.SORTS), required=False) or "newest",
        assigned=form.choice("assigned", ["me", "nobody"], required=False),
        origin=form.choice("origin", list(origin_labels()), required=False),
        field=form.text("field", max_length=64),
        department=department,
        min_score=form.integer("min_score", minimum=0, maximum=100),
        older_than=form.integer("older_than", minimum=0, maximum=3650),
        newer_than=form.integer("newer_than", minimum=0, maximum=3650),
    )
    return filters, form


async def queue_page(request: Request) -> Response:
    return await render_queue(request)


async def render_queue(request: Request, bulk: Form | None = None, status: int = 200,
                       note: tuple[int, Form] | None = None) -> Response:
    """The queue with the current filters; ``bulk`` / ``note``: a refused action's form, shown
    with its messages and what was typed."""
    user = require_role(request, Role.COORDINATOR)
    filters, form = _filters(request)
    page = await queue_views.queue_page(
        user, filters, page_number(request), settings_of(request).page_size
    )
    return render(request, "introductions/queue.html", {
        "page": page, "form": form, "filters": filters,
        "fields": await queue_views.top_fields(),
        "departments": await queue_views.departments(),
        "origins": origin_labels(), "dismiss_reasons": dismiss_labels(),
        "sorts": sort_labels(), "coordinators": await queue_office.coordinators(),
        "bulk": bulk or Form(), "note": note, "empty_form": Form(),
    }, status_code=400 if form.errors else status)


def sort_labels() -> list[tuple[str, str]]:
    return [("newest", _("Newest first")), ("oldest", _("Waiting longest first")),
            ("fit", _("Best fit first")), ("field", _("By field"))]


async def new_item(request: Request) -> Response:
    """The coordinator picks the pair with the party picker (the first picked starts the
    pair), finding each by name, reading, kind, field or area."""
    user = require_role(request, Role.COORDINATOR)
    form, status, finding = Form(), 200, False
    if request.method == "POST":
        form = Form(await request.form())
        finding = bool(form.raw("find"))  # 「探す」: list the parties found, add nothing
    picker = await parties.picking(form.raw_list("parties"), parties.finder_of(form.raw),
                                   finding=finding)
    if request.method == "POST" and not finding:
        pair = picker.picked
        if len(pair) != 2:
            form.error("parties", _("Please choose the two parties of the pair."))
        message = form.text("message", multiline=True, max_length=2000)
        if form.ok:
            try:
                await queue.add_by_coordinator(user, pair[0].owner, pair[1].owner, message)
            except DomainError as error:
                if error.field in ("party_a", "party_b"):  # the picker is one field
                    error.field = "parties"
                show_error(form, error)
            else:
                flash(request, _("The pair has been added to the queue."))
                return redirect(path_for("queue") + "?origin=coordinator")
        status = 400
    return render(request, "introductions/queue_new.html", {"form": form, "picker": picker},
                  status_code=status)


async def dismiss(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    item_id = path_id(request)
    item = await queue_views.item_view(user, item_id)
    if item is None:
        raise HTTPException(404)
    form, status = Form(), 200
    if request.method == "POST":
        form = Form(await request.form())
        code = form.choice("reason", list(dismiss_labels()))
        note = form.text("note", multiline=True, max_length=2000, required=code == "other")
        if form.ok:
            try:
                await queue.dismiss(user, item_id, code, note)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("The suggestion has been dismissed."))
                return redirect(path_for("queue"))
        status = 400
    return render(request, "introductions/dismiss.html", {
        "form": form, "item": item, "reasons": list(dismiss_labels().items()),
        "origins": origin_labels(),
    }, status_code=status)


async def request_introduction(request: Request) -> Response:
    """A member of a group or department asks the office to introduce another party."""
    user: CurrentUser = require_user(request)
    found = await authorised(permissions.target(request.query_params.get("target", "")))
    target, need_id = found.party, found.need_id
    mine = await permissions.askers(user, target.owner)
    if not mine:
        raise HTTPException(403)
    form, status = Form({"asker": mine[0].key}), 200
    if request.method == "POST":
        form = Form(await request.form())
        asker_key = form.choice("asker", [p.key for p in mine])
        message = form.text("message", multiline=True, max_length=2000)
        if form.ok:
            asker = next(p for p in mine if p.key == asker_key)
            try:
                await queue.request_introduction(user, asker.owner, target.owner, message,
                                                 need_id)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("Your request has been sent to the collaboration office."))
                return redirect(path_for("need", id=need_id) if need_id else target.url)
        status = 400
    return render(request, "introductions/request.html", {
        "form": form, "target": target, "mine": mine, "need_id": need_id,
        "need_title": found.need_title,
        "target_key": request.query_params.get("target", ""),
    }, status_code=status)
