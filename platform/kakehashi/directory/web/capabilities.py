"""Adding, editing and deleting what a group or department can offer (owners only)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts import permissions
from kakehashi.accounts.auth import require_user
from kakehashi.directory import capabilities
from kakehashi.directory.web.edit_support import owner_from
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, form_of, path_id, save_then_redirect, show_error
from kakehashi.http.pages import redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.taxonomy.choices import field_codes, field_options


def _capability_from(
    form: Form, fields: list[tuple[str, str, bool]]
) -> capabilities.CapabilityInput:
    return capabilities.CapabilityInput(
        title=form.text("title", required=True, max_length=200),
        description=form.text("description", multiline=True, max_length=4000),
        fields=field_codes(form, fields, required=False),
    )


async def _visibility_notice(capability_id: int) -> str:
    """Says whether the public can see the new offer yet (a group waiting for approval)."""
    if await capabilities.publicly_visible(capability_id):
        return _("The offer has been published.")
    return _("The offer is saved for your group; everyone will see it once the collaboration "
             "office has approved your group.")


async def new_capability(request: Request) -> Response:
    user = require_user(request)
    owner = await authorised(permissions.require_owner(user, owner_from(request)))
    fields = await field_options()
    form, status = Form(), 200
    if request.method == "POST":
        form = Form(await request.form())
        data = _capability_from(form, fields)
        if form.ok:
            try:
                capability_id = await capabilities.create_capability(user, owner, data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, await _visibility_notice(capability_id))
                return redirect(path_for("capability", id=capability_id))  # what readers see
        status = 400
    return render(request, "edit/capability.html", {
        "form": form, "capability": None, "owner": owner,
        "owner_name": await permissions.owner_name(owner), "field_options": fields,
    }, status_code=status)


async def edit_capability(request: Request) -> Response:
    user = require_user(request)
    capability_id = path_id(request)
    await authorised(permissions.require_capability(user, capability_id))
    fields = await field_options()
    status = 200
    if request.method == "POST":
        form = Form(await request.form())
        data = _capability_from(form, fields)
        if form.ok:
            done = await save_then_redirect(
                request, form, capabilities.update_capability(user, capability_id, data),
                path_for("capability", id=capability_id),
            )
            if done:
                return done
        status = 400
    else:
        form = form_of(await capabilities.capability_input(capability_id))
    summary = await capabilities.capability_summary(capability_id)
    return render(request, "edit/capability.html", {
        "form": form, "capability": summary, "owner": summary.owner,
        "owner_name": summary.owner_name, "field_options": fields,
    }, status_code=status)


async def delete_capability(request: Request) -> Response:
    """GET asks for confirmation; POST deletes."""
    user = require_user(request)
    capability_id = path_id(request)
    await authorised(permissions.require_capability(user, capability_id))
    if request.method == "POST":
        try:
            await capabilities.delete_capability(user, capability_id)
        except DomainError as error:
            show_error(Form(), error)
        flash(request, _("The offer has been deleted."))
        return redirect(path_for("my_page"))
    summary = await capabilities.capability_summary(capability_id)
    return render(request, "edit/capability_delete.html", {"capability": summary})
