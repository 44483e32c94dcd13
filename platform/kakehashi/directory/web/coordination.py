"""The collaboration office's tools: approving groups, confirming criteria, the field
taxonomy, and CSV import and export. Every page here is for coordinators only."""

from __future__ import annotations

from datetime import date

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import CurrentUser, require_role
from kakehashi.accounts.models import Role
from kakehashi.directory import approval, csv_io
from kakehashi.directory.csv_formats import COLUMNS, KINDS
from kakehashi.directory.models.orgs import Criterion
from kakehashi.errors import DomainError, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.pages import attach_error, message_of, redirect, render, settings_of
from kakehashi.http.templating import flash
from kakehashi.i18n import gettext as _
from kakehashi.taxonomy import editor as taxonomy_editor
from kakehashi.taxonomy import fields as taxonomy

KIND_LABELS = {"groups": "Groups", "departments": "Departments", "needs": "Calls for partners"}


def _coordinator(request: Request) -> CurrentUser:
    return require_role(request, Role.COORDINATOR)


async def approvals(request: Request) -> Response:
    _coordinator(request)
    return await _approvals_page(request)


async def _approvals_page(
    request: Request, status_code: int = 200, error: tuple[int, str] | None = None,
    reason: str = "",
) -> Response:
    """``error`` is (group id, message): shown at that group's reason field."""
    return render(request, "coordinator/approvals.html", {
        "groups": await approval.pending_groups(), "error": error, "reason": reason,
    }, status_code=status_code)


async def decide(request: Request) -> Response:
    user = _coordinator(request)
    organisation_id = request.path_params["id"]
    form = Form(await request.form())
    action = form.choice("action", ["approve", "reject"])
    reason = form.raw("reason")
    try:
        if action == "approve":
            await approval.approve(organisation_id, user.id)
            flash(request, _("The group has been approved and is now public."))
        elif action == "reject":
            await approval.reject(organisation_id, user.id, reason)
            flash(request, _("The group has been told why it was not approved."))
        else:
            raise HTTPException(400)
    except NotFound:
        raise HTTPException(404) from None
    except DomainError as error:
        return await _approvals_page(request, 400, (organisation_id, message_of(error)), reason)
    return redirect("/coordinator/approvals")


async def criteria(request: Request) -> Response:
    user = _coordinator(request)
    organisation_id = request.path_params["id"]
    try:
        check = await approval.criteria_check(organisation_id)
    except NotFound:
        raise HTTPException(404) from None
    form = Form({"confirmed": check.confirmed})
    if request.method == "POST":
        form = Form(await request.form())
        picked = form.choices("confirmed", [c.value for c in Criterion])
        if form.ok:
            try:
                await approval.confirm_criteria(organisation_id, user.id, picked)
            except DomainError as error:
                attach_error(form, error)
            else:
                flash(request, _("The confirmed criteria have been saved."))
                return redirect(f"/coordinator/groups/{organisation_id}/criteria")
    return render(request, "coordinator/criteria.html", {
        "check": check, "form": form, "criteria": [c.value for c in Criterion],
    }, status_code=200 if form.ok else 400)


async def fields(request: Request) -> Response:
    _coordinator(request)
    form = Form()
    if request.method == "POST":
        form = Form(await request.form())
        code = form.text("code", required=True, max_length=64)
        label_ja = form.text("label_ja", required=True, max_length=100)
        label_en = form.text("label_en", required=True, max_length=100)
        parent = form.text("parent", max_length=64)
        if form.ok:
            try:
                added = await taxonomy_editor.add_field(code, label_ja, label_en, parent)
            except DomainError as error:
                attach_error(form, error)
            else:
                flash(request, _("%(code)s has been added.", code=added))
                return redirect("/coordinator/fields")
    return await _fields_page(request, form, "", 200 if form.ok else 400)


async def _fields_page(request: Request, form: Form, problem: str, status: int) -> Response:
    items = await taxonomy.list_fields()
    places: dict[str | None, int] = {}
    rows = []
    for item in items:
        places[item.parent_code] = places.get(item.parent_code, 0) + 1
        rows.append((item, places[item.parent_code]))
    return render(request, "coordinator/fields.html", {
        "rows": rows, "form": form, "problem": problem,
        "parents": [(f.code, f"{f.code} {f.label}") for f in items if f.parent_code is None],
    }, status_code=status)


async def edit_field(request: Request) -> Response:
    _coordinator(request)
    code = request.path_params["code"]
    try:
        usage = await taxonomy_editor.usage(code)
        place = await taxonomy_editor.place_of(code)
    except NotFound:
        raise HTTPException(404) from None
    current = next(f for f in await taxonomy.list_fields() if f.code == code)
    form = Form({"label_ja": current.label_ja, "label_en": current.label_en, "position": place})
    if request.method == "POST":
        form = Form(await request.form())
        label_ja = form.text("label_ja", required=True, max_length=100)
        label_en = form.text("label_en", required=True, max_length=100)
        position = form.integer("position", minimum=1, maximum=999)
        if form.ok:
            try:
                await taxonomy_editor.edit_field(code, label_ja, label_en, position)
            except DomainError as error:
                attach_error(form, error)
            else:
                flash(request, _("%(code)s has been saved.", code=code))
                return redirect("/coordinator/fields")
    return render(request, "coordinator/field_edit.html", {
        "field": current, "form": form, "usage": usage,
    }, status_code=200 if form.ok else 400)


async def delete_field(request: Request) -> Response:
    _coordinator(request)
    code = request.path_params["code"]
    try:
        await taxonomy_editor.delete_field(code)
    except NotFound:
        raise HTTPException(404) from None
    except DomainError as error:
        return await _fields_page(request, Form(), message_of(error), 400)
    flash(request, _("%(code)s has been deleted.", code=code))
    return redirect("/coordinator/fields")


def _csv_page(request: Request, form: Form, status: int = 200) -> Response:
    return render(request, "coordinator/csv.html", {
        "kinds": [(k, _(KIND_LABELS[k])) for k in KINDS], "form": form,
        "columns": {k: [(c.name, c.required) for c in COLUMNS[k]] for k in KINDS},
        "max_size": csv_io.size_text(settings_of(request).csv_max_bytes),
    }, status_code=status)


async def csv_page(request: Request) -> Response:
    _coordinator(request)
    return _csv_page(request, Form())


CSV_SUFFIXES = (".csv", ".tsv", ".txt")
"""What spreadsheet programs write when asked for CSV or tab-separated text."""


async def csv_import(request: Request) -> Response:
    user = _coordinator(request)
    limit = settings_of(request).csv_max_bytes
    form = Form()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 100_000:
        form.error("file", _("The file is too large: please split it into files of at most "
                             "%(size)s.", size=csv_io.size_text(limit)))
        return _csv_page(request, form, 413)
    async with request.form(max_files=1, max_fields=10) as data:
        form = Form(data)
        kind = form.choice("kind", KINDS)
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            form.error("file", _("Please choose a CSV file."))
            return _csv_page(request, form, 400)
        if not upload.filename.lower().endswith(CSV_SUFFIXES):
            form.error("file", _("Please choose a CSV file (.csv, .tsv or .txt). A spreadsheet "
                                 "can be saved as CSV from its File menu."))
            return _csv_page(request, form, 400)
        if not form.ok:  # a forged kind: no upload form of the page can show it, so the top does
            form.error("__all__", form.errors["kind"])
            return _csv_page(request, form, 400)
        content = await upload.read(limit + 1)
    report = await csv_io.import_csv(kind, content, user_id=user.id, max_bytes=limit)
    return render(request, "coordinator/csv_report.html", {
        "report": report, "kind": kind, "kind_label": _(KIND_LABELS[kind]),
        "filename": upload.filename,
    }, status_code=400 if report.errors else 200)


async def csv_export(request: Request) -> Response:
    _coordinator(request)
    kind = request.path_params["kind"]
    if kind not in KINDS:
        raise HTTPException(404)
    filename = f"kakehashi-{kind}-{date.today():%Y%m%d}.csv"
    return Response(await csv_io.export_csv(kind), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})
