"""Signing in and out, group sign-up, and each role's "my page"."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from kakehashi import freshness
from kakehashi.accounts import mail_links as account_mail
from kakehashi.accounts import mypage, sessions, throttle
from kakehashi.accounts import rules as accounts
from kakehashi.accounts.auth import require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import path_id
from kakehashi.http.pages import attach_error, client_of, redirect, render, safe_next, settings_of
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.i18n import ngettext
from kakehashi.taxonomy.choices import field_codes, field_options


async def login(request: Request) -> Response:
    form = Form({"next": request.query_params.get("next", "")})
    if request.method == "POST":
        freshness.nothing_public_changed()
        form = Form(await request.form())
        email = form.email("email")
        password = form.raw("password")
        if not password:
            form.error("password", _("Please fill in this field."))
        if form.ok:
            settings = settings_of(request)
            client = client_of(request)
            try:
                result = await accounts.authenticate(
                    email, password, client,
                    attempts_allowed=settings.login_attempts_allowed,
                    window_seconds=settings.login_window_seconds,
                )
            except DomainError as error:
                attach_error(form, error)
            else:
                await sessions.start(request, result.user_id)
                home = "coordinator_desk" if result.is_coordinator else "my_page"
                return redirect(safe_next(form.raw("next"), path_for(home)))
        form.values.pop("password", None)
        return render(request, "auth/login.html", {"form": form}, status_code=400)
    return render(request, "auth/login.html", {"form": form})


async def logout(request: Request) -> Response:
    freshness.nothing_public_changed()
    await sessions.end(request)
    flash(request, _("You have signed out."))
    return redirect(path_for("home"))


async def _signup_page(request: Request, form: Form, status: int = 200) -> Response:
    return render(request, "auth/signup.html", {
        "form": form, "kinds": accounts.SIGN_UP_KINDS,
        "field_options": await field_options(),
        "criteria_options": [(k, _(v), False) for k, v in accounts.SIGN_UP_CRITERIA.items()],
        "districts": [(d, d) for d in await accounts.sign_up_districts()],
    }, status_code=status)


async def signup(request: Request) -> Response:
    if request.method != "POST":
        return await _signup_page(request, Form({"next": request.query_params.get("next", "")}))
    form = Form(await request.form())
    districts = await accounts.sign_up_districts()
    data = accounts.GroupSignUp(
        group_name=form.text("group_name", required=True, max_length=200),
        furigana=form.text("furigana", max_length=200),
        kind=accounts.sign_up_kind(
            form.choice("kind", [k.value for k in accounts.SIGN_UP_KINDS])),
        area=(form.choice("area", districts, required=False) if districts else ""),
        description=form.text("description", multiline=True, max_length=4000),
        fields=field_codes(form, await field_options(), required=False),
        criteria=tuple(form.choices("criteria_declared", list(accounts.SIGN_UP_CRITERIA))),
        display_name=form.text("display_name", required=True, max_length=100),
        email=form.email("email"),
        password=form.raw("password"),
    )
    for rule in accounts.sign_up_field_rules(data):  # every field's problem at once
        attach_error(form, rule)
    if form.ok:
        try:
            await throttle.limit_per_client("sign-up", client_of(request),
                                            allowed=throttle.SIGN_UPS_PER_HOUR)
            user = await accounts.sign_up_group(data)
        except accounts.AddressTaken as taken:  # the same answer as for a new account
            await account_mail.send_account_exists(taken.user_id)
            return _signed_up(request, data.email, form.raw("next"))
        except DomainError as error:
            attach_error(form, error)
        else:
            await account_mail.send_verification(user.id)
            return _signed_up(request, data.email, form.raw("next"))
    form.values.pop("password", None)
    return await _signup_page(request, form, 400)


def _signed_up(request: Request, email: str, next_path: str = "") -> Response:
    """The one answer to a sign-up, whether or not the address had an account (issue 18): the
    mail says which; the new officer signs in with the password just chosen, and comes back to
    the page they registered from (a call they want to answer)."""
    flash(request, _("We sent a confirmation mail to %(email)s. Please open the link in it to "
                     "confirm your address. You can sign in now; your group will be public "
                     "once the collaboration office has approved it.", email=email))
    back = safe_next(next_path, "")
    return redirect(path_for("login") + (f"?next={quote(back)}" if back else ""))


async def my_page(request: Request) -> Response:
    user = require_user(request)
    page = await mypage.for_user(user)
    return render(request, "auth/mypage.html",
                  {"page": page, "collaborations": page.collaborations})


async def sign_out_everywhere(request: Request) -> Response:
    """Every browser of the user, this one included, is signed out (a lost phone, a shared PC)."""
    freshness.nothing_public_changed()
    user = require_user(request)
    ended = await sessions.end_all(user.id)
    await sessions.end(request)
    flash(request, ngettext("You have been signed out on %(num)s device.",
                            "You have been signed out on %(num)s devices.", ended))
    return redirect(path_for("home"))


async def end_user_sessions(request: Request) -> Response:
    """The collaboration office signs a person out everywhere (an officer left, a lost device)."""
    require_role(request, Role.COORDINATOR)
    user_id = path_id(request)
    ended = await sessions.end_all(user_id)
    flash(request, ngettext("The person has been signed out on %(num)s device.",
                            "The person has been signed out on %(num)s devices.", ended))
    return redirect(safe_next(request.query_params.get("next"), path_for("my_page")))
