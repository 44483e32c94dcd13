"""Approving new groups and confirming their capable-partner criteria (coordinators only)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import CurrentUser, require_role
from kakehashi.accounts.models import Role
from kakehashi.directory import approval
from kakehashi.directory.models.orgs import Criterion
from kakehashi.errors import DomainError, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.pages import attach_error, message_of, redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _


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
    return redirect(path_for("coordinator_approvals"))


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
                return redirect(path_for("coordinator_criteria", id=organisation_id))
    return render(request, "coordinator/criteria.html", {
        "check": check, "form": form, "criteria": [c.value for c in Criterion],
    }, status_code=200 if form.ok else 400)
