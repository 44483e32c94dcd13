"""Forgotten passwords and e-mail confirmation, both by a signed link sent by mail."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts import mail_links as account_mail
from kakehashi.accounts import sessions, throttle
from kakehashi.accounts.auth import require_user
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.pages import attach_error, client_of, message_of, no_store, redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _


async def forgot(request: Request) -> Response:
    form = Form()
    if request.method == "POST":
        form = Form(await request.form())
        email = form.email("email")
        if form.ok:
            try:
                await throttle.limit_per_client("password-reset", client_of(request),
                                                allowed=throttle.RESETS_PER_HOUR)
            except DomainError as error:
                attach_error(form, error)
        if not form.ok:
            return render(request, "notifications/forgot.html", {"form": form}, status_code=400)
        # The same answer, as fast, whether or not the address has an account: the lookup and
        # the mail happen after the answer has been sent.
        response = render(request, "notifications/forgot_sent.html", {"email": email})
        response.background = BackgroundTask(account_mail.request_password_reset, email)
        return response
    return render(request, "notifications/forgot.html", {"form": form})


async def reset(request: Request) -> Response:
    token = request.path_params["token"]
    try:
        await account_mail.user_for_reset(token)
    except DomainError as error:
        return no_store(render(request, "notifications/link_problem.html",
                               {"message": message_of(error),
                                "retry": path_for("password_forgot")}, status_code=400))
    form = Form()
    if request.method == "POST":
        form = Form(await request.form())
        password = form.raw("password")
        if not password:
            form.error("password", _("Please fill in this field."))
        elif password != form.raw("password_again"):
            form.error("password_again", _("The two passwords are not the same."))
        if form.ok:
            try:
                user = await account_mail.reset_password(token, password)
            except DomainError as error:
                attach_error(form, error)
            else:
                await sessions.start(request, user.id)
                flash(request, _("Your new password is saved. You are signed in."))
                return redirect(path_for("my_page"))
        form.values.pop("password", None)
        form.values.pop("password_again", None)
        return no_store(render(request, "notifications/reset.html",
                               {"form": form, "token": token}, status_code=400))
    return no_store(render(request, "notifications/reset.html", {"form": form, "token": token}))


async def verify(request: Request) -> Response:
    try:
        await account_mail.verify_email(request.path_params["token"])
    except DomainError as error:
        return no_store(render(request, "notifications/link_problem.html",
                               {"message": message_of(error),
                                "retry": path_for("mail_settings")}, status_code=400))
    flash(request, _("Thank you: your e-mail address is confirmed."))
    return redirect(path_for("my_page"))


async def send_verification_again(request: Request) -> Response:
    user = require_user(request)
    await account_mail.send_verification(user.id)
    flash(request, _("We sent a confirmation mail to %(email)s.", email=user.email))
    return redirect(path_for("mail_settings"))
