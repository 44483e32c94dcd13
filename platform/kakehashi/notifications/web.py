"""The inbox, mail settings, unsubscribe links and the coordinator's view of the outbox."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi import freshness
from kakehashi.accounts.auth import require_role, require_user
from kakehashi.accounts.models import MailMode, Role
from kakehashi.errors import DomainError, InvalidLink, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.pages import (
    attach_error,
    message_of,
    no_store,
    page_number,
    redirect,
    render,
    safe_next,
)
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import LOCALES
from kakehashi.i18n import gettext as _
from kakehashi.notifications import inbox, outbox_log


async def inbox_page(request: Request) -> Response:
    user = require_user(request)
    page = await inbox.inbox_page(user.id, page_number(request))
    return render(request, "notifications/inbox.html", {"page": page})


async def open_entry(request: Request) -> Response:
    freshness.nothing_public_changed()
    user = require_user(request)
    try:
        link = await inbox.open_entry(user.id, request.path_params["id"])
    except NotFound as error:
        raise HTTPException(404) from error
    return redirect(safe_next(link, path_for("inbox")))


async def read_all(request: Request) -> Response:
    freshness.nothing_public_changed()
    user = require_user(request)
    await inbox.mark_all_read(user.id)
    flash(request, _("All notifications are marked as read."))
    return redirect(path_for("inbox"))


def _preferences_form(prefs: inbox.MailPreferences) -> Form:
    return Form({"mail_mode": prefs.mail_mode, "locale": prefs.locale,
                 "subscribed": "" if prefs.unsubscribed else "yes"})


async def mail_settings(request: Request) -> Response:
    user = require_user(request)
    prefs = await inbox.preferences(user.id)
    form = _preferences_form(prefs)
    status = 200
    if request.method == "POST":
        freshness.nothing_public_changed()
        form = Form(await request.form())
        mode = form.choice("mail_mode", [m.value for m in MailMode])
        locale = form.choice("locale", list(LOCALES))
        if form.ok:
            try:
                await inbox.save_preferences(
                    user.id, mail_mode=mode, locale=locale,
                    subscribed=form.raw("subscribed") == "yes",
                )
            except DomainError as error:
                attach_error(form, error)
            else:
                flash(request, _("Your mail settings are saved."))
                return redirect(path_for("mail_settings"))
        status = 400
    return render(request, "notifications/settings.html", {"form": form, "prefs": prefs},
                  status_code=status)


async def unsubscribe(request: Request) -> Response:
    """Reached by a secret link from a mail: every answer is ``no-store``."""
    return no_store(await _unsubscribe(request))


async def _unsubscribe(request: Request) -> Response:
    token = request.path_params["token"]
    email = await inbox.unsubscribe_target(token)
    if email is None:
        return render(request, "notifications/link_problem.html",
                      {"message": message_of(InvalidLink())}, status_code=400)
    if request.method == "POST":
        try:
            await inbox.unsubscribe(token)
        except DomainError as error:
            return render(request, "notifications/link_problem.html",
                          {"message": message_of(error)}, status_code=400)
        return render(request, "notifications/unsubscribed.html", {"email": email})
    return render(request, "notifications/unsubscribe.html", {"email": email, "token": token})


async def outbox_page(request: Request) -> Response:
    """Every mail the site wrote, newest first, by status and by address or subject."""
    require_role(request, Role.COORDINATOR)
    status = request.query_params.get("status") or None
    query = request.query_params.get("q", "").strip()[:200]
    log = await outbox_log.read_log(status, query, page_number(request))
    return render(request, "notifications/outbox.html", {
        "log": log, "status": status if status in outbox_log.STATUSES else None, "q": query})


async def send_again(request: Request) -> Response:
    require_role(request, Role.COORDINATOR)
    if not await outbox_log.send_again(request.path_params["id"]):
        raise HTTPException(404)
    flash(request, _("The mail will be sent on the worker's next pass."))
    return redirect(path_for("coordinator_outbox"))
