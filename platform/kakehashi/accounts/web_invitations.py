"""Invitations: the invitee's page behind the mailed link, and resend or cancel for those who
sent them (a group's officer, or the collaboration office for staff)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts import invitations, sessions
from kakehashi.accounts.auth import current_user, require_user
from kakehashi.accounts.models import Invitation
from kakehashi.errors import DomainError, Forbidden, InvalidLink, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, refuse
from kakehashi.http.pages import (
    attach_error,
    message_of,
    no_store,
    redirect,
    render,
    safe_next,
)
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _


def _after_joining(invitation: Invitation) -> str:
    if invitation.organisation_id:
        return path_for("group_members", id=invitation.organisation_id)
    return path_for("my_page")


async def accept_invitation(request: Request) -> Response:
    """GET shows the invitation; POST accepts it signed in (``action=accept``) or with a new
    account made on the spot (name, reading, password)."""
    token = request.path_params["token"]
    try:
        invitation = await invitations.view(token)
    except DomainError as error:
        return no_store(render(request, "notifications/link_problem.html",
                               {"message": message_of(error), "retry": path_for("home")},
                               status_code=400))
    user = current_user(request)
    form = Form()
    if request.method == "POST":
        form = Form(await request.form())
        try:
            if form.raw("action") == "accept" and user is not None:
                joined = await invitations.accept(token, user)
            else:
                account = invitations.NewAccount(
                    display_name=form.text("display_name", required=True, max_length=100),
                    reading=form.text("reading", required=True, max_length=100),
                    password=form.raw("password"),
                )
                if not account.password:
                    form.error("password", _("Please fill in this field."))
                if not form.ok:
                    raise _Incomplete()
                new_user = await invitations.accept_with_new_account(token, account)
                await sessions.start(request, new_user.id)
                joined = None
        except _Incomplete:
            pass
        except InvalidLink as error:
            return no_store(render(request, "notifications/link_problem.html",
                                   {"message": message_of(error), "retry": path_for("home")},
                                   status_code=400))
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(request, _("Welcome: you have accepted the invitation."))
            if joined is not None:
                return redirect(_after_joining(joined))
            return redirect(path_for("my_page"))
        form.values.pop("password", None)
        return no_store(render(request, "auth/invitation.html",
                               {"invitation": invitation, "form": form, "token": token},
                               status_code=400))
    return no_store(render(request, "auth/invitation.html",
                           {"invitation": invitation, "form": form, "token": token}))


class _Incomplete(Exception):
    """The new-account form has empty fields (already shown at each field)."""


async def resend(request: Request) -> Response:
    """Back to the page the button was on (the group's members or the office's staff list)."""
    user = require_user(request)
    back = safe_next((await request.form()).get("next"), path_for("my_page"))  # type: ignore[arg-type]
    try:
        invitation = await invitations.resend(user, path_id(request))
    except (NotFound, Forbidden) as error:
        refuse(error)
    except DomainError as error:  # too many mails this hour
        flash(request, message_of(error))
        return redirect(back)
    flash(request, _("The invitation has been sent again to %(email)s.", email=invitation.email))
    return redirect(back)


async def cancel(request: Request) -> Response:
    user = require_user(request)
    back = safe_next((await request.form()).get("next"), path_for("my_page"))  # type: ignore[arg-type]
    invitation = await authorised(invitations.cancel(user, path_id(request)))
    flash(request, _("The invitation to %(email)s has been cancelled.", email=invitation.email))
    return redirect(back)
