"""The collaboration office's staff page: invite, list, deactivate, reactivate, reassign."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts import invitations, staff
from kakehashi.accounts.auth import CurrentUser, require_role
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, refuse, show_error
from kakehashi.http.pages import message_of, redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.record_ids import MAX_ID

ROLES = (Role.DEPARTMENT, Role.COORDINATOR)


async def _page(request: Request, user: CurrentUser, *, form: Form | None = None,
                status: int = 200) -> Response:
    page = await authorised(staff.staff_page(user))
    return render(request, "coordinator/staff.html", {
        "page": page, "form": form or Form({"role": Role.DEPARTMENT.value}),
        "roles": ROLES,
    }, status_code=status)


async def staff_page(request: Request) -> Response:
    """GET lists staff and pending invitations; POST invites by e-mail."""
    user = require_role(request, Role.COORDINATOR)
    if request.method == "GET":
        return await _page(request, user)
    form = Form(await request.form())
    email = form.email("email")
    role = form.choice("role", [r.value for r in ROLES], required=True)
    department = form.integer("department", minimum=1, maximum=MAX_ID)
    if form.ok:
        try:
            await invitations.invite_staff(user, email, Role(role), department)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The invitation has been sent to %(email)s.", email=email))
            return redirect(path_for("coordinator_staff"))
    return await _page(request, user, form=form, status=400)


async def _change(request: Request, done: str) -> Response:
    user = require_role(request, Role.COORDINATOR)
    user_id = path_id(request)
    form = Form(await request.form())
    try:
        if done == "deactivated":
            await staff.deactivate(user, user_id)
            message = _("The account has been deactivated and signed out everywhere.")
        elif done == "reactivated":
            await staff.reactivate(user, user_id)
            message = _("The account has been reactivated.")
        else:
            department = form.integer("department", required=True, minimum=1, maximum=MAX_ID)
            if department is None:
                raise DomainError("Please choose the department.", "department")
            await staff.reassign(user, user_id, department)
            message = _("The person now belongs to the chosen department.")
    except (NotFound, Forbidden) as error:
        refuse(error)
    except DomainError as error:
        flash(request, message_of(error))
        return redirect(path_for("coordinator_staff"))
    flash(request, message)
    return redirect(path_for("coordinator_staff"))


async def deactivate(request: Request) -> Response:
    return await _change(request, "deactivated")


async def reactivate(request: Request) -> Response:
    return await _change(request, "reactivated")


async def reassign(request: Request) -> Response:
    return await _change(request, "reassigned")
