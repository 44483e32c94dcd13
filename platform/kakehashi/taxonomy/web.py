"""The coordinator's editor of the field taxonomy: labels, new fields, order, deletion."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import CurrentUser, require_role
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.pages import attach_error, message_of, redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.taxonomy import districts as taxonomy_districts
from kakehashi.taxonomy import editor as taxonomy_editor
from kakehashi.taxonomy import fields as taxonomy


def _coordinator(request: Request) -> CurrentUser:
    return require_role(request, Role.COORDINATOR)


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
                return redirect(path_for("coordinator_fields"))
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
                return redirect(path_for("coordinator_fields"))
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
    return redirect(path_for("coordinator_fields"))


async def districts(request: Request) -> Response:
    """GET lists the city's districts; POST adds one at the end."""
    _coordinator(request)
    form = Form()
    if request.method == "POST":
        form = Form(await request.form())
        name = form.text("name", required=True, max_length=100)
        if form.ok:
            try:
                await taxonomy_districts.add_district(name)
            except DomainError as error:
                attach_error(form, error)
            else:
                flash(request, _("%(code)s has been added.", code=name))
                return redirect(path_for("coordinator_districts"))
    return render(request, "coordinator/districts.html", {
        "rows": await taxonomy_districts.list_districts(), "form": form,
    }, status_code=200 if form.ok else 400)


async def delete_district(request: Request) -> Response:
    _coordinator(request)
    try:
        name = await taxonomy_districts.delete_district(request.path_params["id"])
    except NotFound as error:
        raise HTTPException(404) from error
    flash(request, _("%(name)s is no longer offered.", name=name))
    return redirect(path_for("coordinator_districts"))
