"""Taking back a request to be introduced: a confirmation page, then the change."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_user
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, show_error
from kakehashi.http.pages import redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions import requests


async def withdraw(request: Request) -> Response:
    user = require_user(request)
    pending = await authorised(requests.withdrawable(user, path_id(request)))
    form, status = Form(), 200
    if request.method == "POST":
        form = Form(await request.form())
        reason = form.text("reason", multiline=True, max_length=requests.MAX_REASON)
        if form.ok:
            try:
                await requests.withdraw(user, pending.id, reason)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("You have withdrawn the request to meet %(name)s.",
                                 name=pending.target.name))
                return redirect(path_for("my_page"))
        status = 400
    return render(request, "introductions/withdraw.html", {"form": form, "pending": pending},
                  status_code=status)
