"""Writing calls for partners and moving them from draft to open to closed (owners only)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kakehashi import labels
from kakehashi.accounts import permissions
from kakehashi.accounts.auth import require_user
from kakehashi.directory import needs
from kakehashi.directory.web.edit_support import owner_from
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, form_of, path_id, save_then_redirect, show_error
from kakehashi.http.pages import attach_error, redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.taxonomy.choices import field_codes, field_options


def _need_from(form: Form, fields: list[tuple[str, str, bool]]) -> needs.NeedInput:
    return needs.NeedInput(
        title=form.text("title", required=True, max_length=200),
        description=form.text("description", multiline=True, max_length=4000),
        area=form.text("area", max_length=100),
        fields=field_codes(form, fields, required=True),
        period_start=form.date("period_start"),
        period_end=form.date("period_end"),
    )


def _check_period(form: Form, data: needs.NeedInput) -> None:
    """The service's period rule, asked early so its message shows with the other fields'."""
    try:
        needs.check_period(data)
    except DomainError as error:
        attach_error(form, error)


async def _published_notice(need_id: int) -> str:
    """Says whether the public can see it yet: a group waiting for approval publishes calls
    that appear only once it is approved."""
    if await needs.publicly_visible(need_id):
        return _("The call has been published.")
    return _("The call is published for your group; everyone will see it once the "
             "collaboration office has approved your group.")


async def new_need(request: Request) -> Response:
    user = require_user(request)
    owner = await authorised(permissions.require_owner(user, owner_from(request)))
    fields = await field_options()
    form, status = Form({"owner": owner.key}), 200
    if request.method == "POST":
        form = Form(await request.form())
        data = _need_from(form, fields)
        _check_period(form, data)
        if form.ok:
            publish = form.raw("intent") == "publish"
            try:
                need_id = await needs.create_need(user, owner, data, publish=publish)
            except DomainError as error:
                show_error(form, error)
            else:
                if not publish:
                    flash(request, _("The call has been saved as a draft."))
                    return redirect(path_for("edit_need", id=need_id))
                flash(request, await _published_notice(need_id))
                return redirect(path_for("need", id=need_id))  # the page its readers see
        status = 400
    return render(request, "edit/need.html", {
        "form": form, "need": None, "owner": owner,
        "owner_name": await permissions.owner_name(owner), "field_options": fields,
    }, status_code=status)


async def _edit_page(
    request: Request, need_id: int, form: Form, status_form: Form, status: int = 200
) -> Response:
    summary = await needs.need_summary(need_id)
    context: dict[str, Any] = {
        "form": form, "status_form": status_form, "need": summary, "owner": summary.owner,
        "owner_name": summary.owner_name, "field_options": await field_options(),
        "close_reasons": labels.options(labels.CLOSE_REASONS),
    }
    return render(request, "edit/need.html", context, status_code=status)


async def edit_need(request: Request) -> Response:
    user = require_user(request)
    need_id = path_id(request)
    await authorised(permissions.require_need(user, need_id))
    if request.method == "POST":
        form = Form(await request.form())
        data = _need_from(form, await field_options())
        _check_period(form, data)
        if form.ok:
            done = await save_then_redirect(
                request, form, needs.update_need(user, need_id, data),
                path_for("edit_need", id=need_id),
            )
            if done:
                return done
        return await _edit_page(request, need_id, form, Form(), 400)
    return await _edit_page(request, need_id, form_of(await needs.need_input(need_id)), Form())


async def change_status(request: Request) -> Response:
    user = require_user(request)
    need_id = path_id(request)
    await authorised(permissions.require_need(user, need_id))
    status_form = Form(await request.form())
    action = status_form.choice("action", ["open", "close", "reopen"])
    reason = status_form.raw("close_reason")
    if status_form.ok:
        try:
            await needs.change_status(user, need_id, action, reason)
        except DomainError as error:
            show_error(status_form, error)
        else:
            flash(request, await _published_notice(need_id) if action == "open" else {
                "close": _("The call has been closed."),
                "reopen": _("The call has been reopened."),
            }[action])
            return redirect(path_for("edit_need", id=need_id))
    form = form_of(await needs.need_input(need_id))
    return await _edit_page(request, need_id, form, status_form, 400)
