"""CSV import and export of groups, departments and calls for partners (coordinators only)."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import CurrentUser, require_role
from kakehashi.accounts.models import Role
from kakehashi.directory import csv_io
from kakehashi.directory.csv_formats import COLUMNS, KINDS
from kakehashi.http.forms import Form
from kakehashi.http.pages import render, settings_of
from kakehashi.i18n import gettext as _
from kakehashi.timezone import today


def _coordinator(request: Request) -> CurrentUser:
    return require_role(request, Role.COORDINATOR)


KIND_LABELS = {"groups": "Groups", "departments": "Departments", "needs": "Calls for partners"}


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
    filename = f"kakehashi-{kind}-{today():%Y%m%d}.csv"
    return Response(await csv_io.export_csv(kind), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})
