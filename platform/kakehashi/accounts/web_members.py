"""A group's members and the handover of the officer role (引継ぎ) from one year to the next."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts import handover, invitations, permissions
from kakehashi.accounts.auth import CurrentUser, require_user
from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, refuse, save_then_redirect, show_error
from kakehashi.http.pages import redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.record_ids import MAX_ID


async def _page(
    request: Request, user: CurrentUser, organisation_id: int, *, member_form: Form | None = None,
    handover_form: Form | None = None, leave_form: Form | None = None, status: int = 200,
) -> Response:
    try:
        page = await handover.members_page(user, organisation_id)
    except (NotFound, Forbidden) as error:
        refuse(NotFound(error.message))  # like history pages: private to the group
    return render(request, "edit/members.html", {
        "page": page, "member_form": member_form or Form(),
        "invitations": (await invitations.pending(organisation_id=organisation_id)
                        if permissions.may_manage_members(user, organisation_id) else []),
        "handover_form": handover_form or Form(), "leave_form": leave_form or Form(),
        "may_manage": permissions.may_manage_members(user, organisation_id),
        "is_officer": organisation_id in user.officer_of,
        "candidates": [(str(m.user_id), m.name) for m in page.members if m.user_id != user.id],
    }, status_code=status)


async def members(request: Request) -> Response:
    """GET lists members, invitations and past handovers; POST (officer) invites by e-mail."""
    user = require_user(request)
    organisation_id = path_id(request)
    if request.method == "GET":
        return await _page(request, user, organisation_id)
    await authorised(permissions.require_member_manager(user, organisation_id))
    form = Form(await request.form())
    email = form.email("email")
    if form.ok:
        done = await save_then_redirect(
            request, form, invitations.invite_member(user, organisation_id, email),
            path_for("group_members", id=organisation_id),
            _("The invitation has been sent to %(email)s.", email=email),
        )
        if done:
            return done
    return await _page(request, user, organisation_id, member_form=form, status=400)


async def hand_over(request: Request) -> Response:
    user = require_user(request)
    organisation_id = path_id(request)
    await authorised(permissions.require_member_manager(user, organisation_id))
    form = Form(await request.form())
    to_user = form.integer("to_user", required=True, minimum=1, maximum=MAX_ID)
    note = form.text("note", multiline=True, max_length=2000)
    leave = form.checkbox("leave_group")
    if form.ok and to_user is not None:
        try:
            await handover.hand_over(user, organisation_id, to_user, note, leave_group=leave)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The officer role has been handed over."))
            left = leave and organisation_id in user.officer_of
            return redirect(path_for("my_page") if left
                            else path_for("group_members", id=organisation_id))
    return await _page(request, user, organisation_id, handover_form=form, status=400)


async def leave(request: Request) -> Response:
    """A member leaves the group (the only officer must hand over first)."""
    user = require_user(request)
    organisation_id = path_id(request)
    try:
        await invitations.leave_group(user, organisation_id)
    except (NotFound, Forbidden) as error:
        refuse(error)
    except DomainError as error:
        form = Form()
        show_error(form, error)
        return await _page(request, user, organisation_id, leave_form=form, status=400)
    flash(request, _("You have left the group."))
    return redirect(path_for("my_page"))
