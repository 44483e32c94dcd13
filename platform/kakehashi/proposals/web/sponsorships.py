"""後援 applications: the group applies, the collaboration office checks the seven grounds and
decides, the group sees the decision and the grounds."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, show_error
from kakehashi.http.pages import redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.proposals import sponsorship_views, sponsorships
from kakehashi.proposals.models import REFUSAL_GROUNDS
from kakehashi.proposals.rules import MAX_TEXT
from kakehashi.proposals.web.proposals import choose_group_or_none


def _input(form: Form) -> sponsorships.SponsorshipInput:
    return sponsorships.SponsorshipInput(
        event_name=form.text("event_name", required=True, max_length=200),
        purpose=form.text("purpose", multiline=True, required=True, max_length=MAX_TEXT),
        description=form.text("description", multiline=True, max_length=MAX_TEXT),
        starts_on=form.date("starts_on", required=True),
        ends_on=form.date("ends_on", required=True),
        venue=form.text("venue", required=True, max_length=200),
        expected_attendance=form.integer("expected_attendance", minimum=0,
                                         maximum=sponsorships.MAX_ATTENDANCE),
        admission_fee=form.integer("admission_fee", minimum=0, maximum=sponsorships.MAX_FEE),
    )


async def new(request: Request) -> Response:
    user = require_user(request)
    group_id, chooser = await choose_group_or_none(
        request, user, path_for("new_sponsorship"), _("Apply for 後援"))
    if chooser is not None:
        return chooser
    assert group_id is not None
    form, status = Form(), 200
    if request.method == "POST":
        form = Form(await request.form())
        data = _input(form)
        if form.ok:
            try:
                application = await sponsorships.submit(user, group_id, data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("Your application has been sent to the collaboration office."))
                return redirect(path_for("sponsorship", id=application.id))
        status = 400
    return render(request, "sponsorships/new.html", {
        "form": form, "group_id": group_id,
    }, status_code=status)


async def detail(request: Request) -> Response:
    user = require_user(request)
    view = await authorised(sponsorship_views.detail(user, path_id(request)))
    return render(request, "sponsorships/detail.html", {"application": view})


async def mine(request: Request) -> Response:
    user = require_user(request)
    return render(request, "sponsorships/mine.html", {
        "own": await sponsorship_views.of_groups(user),
    })


async def coordinator_list(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    to_decide, decided = await sponsorship_views.waiting(user)
    return render(request, "sponsorships/coordinator.html", {
        "to_decide": to_decide, "decided": decided,
    })


def _grounds(form: Form) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for ground in REFUSAL_GROUNDS:
        value = form.raw(f"ground_{ground}")
        out[ground] = {"yes": True, "no": False}.get(value)
    return out


async def decide(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    application_id = path_id(request)
    view = await authorised(sponsorship_views.detail(user, application_id))
    form, status = Form(), 200
    if request.method == "POST":
        form = Form(await request.form())
        grounds = _grounds(form)
        for ground, value in grounds.items():
            if value is None:
                form.error(f"ground_{ground}",
                           _("Please answer “applies” or “does not apply” for this ground."))
        decision = form.choice("decision", sponsorships.DECISIONS)
        note = form.text("note", multiline=True, max_length=MAX_TEXT)
        if form.ok:
            try:
                await sponsorships.decide(user, application_id, grounds, decision, note)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("The decision has been recorded and sent to the group."))
                return redirect(path_for("sponsorship", id=application_id))
        status = 400
    return render(request, "sponsorships/decide.html", {
        "application": view, "form": form,
        "grounds": list(sponsorship_views.ground_labels().items()),
    }, status_code=status)
