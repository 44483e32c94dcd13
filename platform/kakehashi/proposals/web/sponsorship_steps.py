"""The steps around a 後援 decision: the group's attachments, the department's opinion and
the printable decision notice."""

from __future__ import annotations

from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, save_then_redirect, show_error
from kakehashi.http.pages import redirect, render, settings_of
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.proposals import (
    sponsorship_attachments,
    sponsorship_opinions,
    sponsorship_views,
)
from kakehashi.proposals.rules import MAX_TEXT
from kakehashi.proposals.web.sponsorships import decide_page, show_detail

YES_NO = {"yes": True, "no": False}


async def attach(request: Request) -> Response:
    user = require_user(request)
    application_id = path_id(request)
    try:
        await sponsorship_attachments.may_attach(user, application_id)
    except DomainError as error:
        refused = Form()
        show_error(refused, error)  # 404/403, else decided already: said at the file field
        return await show_detail(request, status=409, attach_form=refused)
    async with request.form(max_files=1, max_fields=5) as data:
        form = Form(data)
        kind = form.choice("kind", sponsorship_attachments.KINDS)
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            form.error("file", _("Please choose a file."))
        if form.ok and isinstance(upload, UploadFile):
            content = await upload.read(sponsorship_attachments.MAX_BYTES + 1)
            try:
                await sponsorship_attachments.add(user, application_id, kind,
                                                  upload.filename or "", content)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("The file has been attached."))
                return redirect(path_for("sponsorship", id=application_id) + "#attachments")
    return await show_detail(request, status=400, attach_form=form)


async def remove_attachment(request: Request) -> Response:
    user = require_user(request)
    application_id = path_id(request)
    try:
        await sponsorship_attachments.remove(user, application_id,
                                             request.path_params["attachment"])
    except DomainError as error:
        form = Form()
        show_error(form, error)
        return await show_detail(request, status=409, attach_form=form)
    flash(request, _("The file has been removed."))
    return redirect(path_for("sponsorship", id=application_id) + "#attachments")


async def download(request: Request) -> Response:
    """Always as a download, with the type found from the content: never rendered inline, so
    a crafted file cannot run in the site's origin."""
    user = require_user(request)
    found = await authorised(sponsorship_attachments.fetch(
        user, path_id(request), request.path_params["attachment"]))
    return Response(found.content, media_type=found.content_type, headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}",
        "cache-control": "private, no-store", "x-content-type-options": "nosniff",
    })


async def ask_opinion(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    application_id = path_id(request)
    view = await authorised(sponsorship_views.detail(user, application_id))
    form = Form(await request.form())
    department_id = form.record_id("department")
    question = form.text("question", multiline=True, max_length=MAX_TEXT)
    if form.ok and (done := await save_then_redirect(
        request, form, sponsorship_opinions.ask(user, application_id, department_id, question),
        path_for("coordinator_sponsorship", id=application_id),
        _("The department has been asked for its opinion."),
    )):
        return done
    return await decide_page(request, view, Form(), 400, ask_form=form)


async def give_opinion(request: Request) -> Response:
    user = require_user(request)
    application_id = path_id(request)
    await authorised(sponsorship_opinions.may_give(user, application_id))
    form = Form(await request.form())
    supports = YES_NO.get(form.choice("supports", tuple(YES_NO)))
    opinion = form.text("opinion", multiline=True, required=True, max_length=MAX_TEXT)
    if form.ok and (done := await save_then_redirect(
        request, form, sponsorship_opinions.give(user, application_id, supports, opinion),
        path_for("sponsorship", id=application_id) + "#opinion",
        _("Your opinion has been sent to the collaboration office."),
    )):
        return done
    return await show_detail(request, status=400, opinion_form=form)


async def notice(request: Request) -> Response:
    """The decision notice (承認通知書 / 不承認通知書) laid out for printing, once decided."""
    user = require_user(request)
    view = await authorised(sponsorship_views.detail(user, path_id(request)))
    if view.row.status == "submitted":
        raise HTTPException(404)
    return render(request, "sponsorships/notice.html", {
        "application": view, "city": settings_of(request).city_name,
    })
