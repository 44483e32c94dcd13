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
from kakehashi.proposals import sponsorship_attachments, sponsorship_views, sponsorships
from kakehashi.proposals.models import REFUSAL_GROUNDS
from kakehashi.proposals.rules import MAX_TEXT
from kakehashi.proposals.views import department_choices
from kakehashi.proposals.web.proposals import choose_group_or_none


def _input(form: Form) -> sponsorships.SponsorshipInput:
    return sponsorships.SponsorshipInput(
        event_name=form.text("event_name", required=True, max_length=200),
        purpose=form.text("purpose", multiline=True, required=True, max_length=MAX_TEXT),
        description=form.text("description", multiline=True, max_length=MAX_TEXT),
        starts_on=form.date("starts_on", required=True),
        ends_on=form.date("ends_on", required=True),
        venue=form.text("venue", required=True, max_length=200),
        organiser=form.text("organiser", required=True, max_length=200),
        audience=form.text("audience", multiline=True, required=True, max_length=MAX_TEXT),
        name_usage=form.text("name_usage", multiline=True, required=True, max_length=MAX_TEXT),
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
                flash(request, _("Your application has been sent to the collaboration office. "
                                 "Attach the event plan, the flyer and the budget below."))
                return redirect(path_for("sponsorship", id=application.id) + "#attachments")
        status = 400
    return render(request, "sponsorships/new.html", {
        "form": form, "group_id": group_id,
    }, status_code=status)


async def show_detail(request: Request, *, status: int = 200, attach_form: Form | None = None,
                      opinion_form: Form | None = None) -> Response:
    """The application page; a refused attachment or opinion comes back with its form."""
    user = require_user(request)
    view = await authorised(sponsorship_views.detail(user, path_id(request)))
    return render(request, "sponsorships/detail.html", {
        "application": view, "attach_form": attach_form or Form(),
        "opinion_form": opinion_form or Form(),
        "kinds": list(sponsorship_views.kind_labels().items()),
        "max_files": sponsorship_attachments.MAX_FILES,
        "max_mb": sponsorship_attachments.MAX_BYTES // 1_000_000,
    }, status_code=status)


async def detail(request: Request) -> Response:
    return await show_detail(request)


async def mine(request: Request) -> Response:
    user = require_user(request)
    return render(request, "sponsorships/mine.html", {
        "own": await sponsorship_views.of_groups(user),
        "asked": await sponsorship_views.of_departments(user),
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
        contributes = {"yes": True, "no": False}.get(form.choice("contributes", ("yes", "no")))
        decision = form.choice("decision", sponsorships.DECISIONS)
        note = form.text("note", multiline=True, max_length=MAX_TEXT)
        if form.ok:
            try:
                await sponsorships.decide(user, application_id, grounds, decision, note,
                                          contributes)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("The decision has been recorded and sent to the group."))
                return redirect(path_for("sponsorship", id=application_id))
        status = 400
    return await decide_page(request, view, form, status)


async def decide_page(request: Request, view: sponsorship_views.ApplicationView, form: Form,
                      status: int = 200, ask_form: Form | None = None) -> Response:
    return render(request, "sponsorships/decide.html", {
        "application": view, "form": form, "ask_form": ask_form or Form(),
        "departments": await department_choices(),
        "grounds": list(sponsorship_views.ground_labels().items()),
    }, status_code=status)
