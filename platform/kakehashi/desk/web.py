"""The coordinator's desk page and its deadlines form (thin: rows from desk.views, the rule
for valid deadlines in desk.deadlines)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.desk import deadlines, views
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, form_of, save_then_redirect
from kakehashi.http.pages import render
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _


async def desk_page(request: Request) -> Response:
    user = require_user(request)
    desk = await authorised(views.today(user))
    return render(request, "desk/desk.html", {"desk": desk})


def _deadlines_from(form: Form) -> deadlines.Deadlines:
    days = {name: form.integer(name, required=True, minimum=1, maximum=deadlines.MAX_DAYS)
            for name in deadlines.FIELDS}
    return deadlines.Deadlines(**{k: v or 0 for k, v in days.items()})


async def settings_page(request: Request) -> Response:
    """The office's deadlines: after how many days a waiting thing is on the desk."""
    user = require_role(request, Role.COORDINATOR)
    form, status = form_of(await deadlines.current()), 200
    if request.method == "POST":
        form = Form(await request.form())
        data = _deadlines_from(form)
        if form.ok:
            done = await save_then_redirect(
                request, form, deadlines.update(user, data), path_for("coordinator_desk"),
                _("The desk's deadlines have been saved."))
            if done:
                return done
        status = 400
    return render(request, "desk/settings.html", {"form": form}, status_code=status)
