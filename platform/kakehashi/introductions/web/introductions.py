"""Introductions: the coordinator's proposal, the parties' answers, rescheduling, cancelling,
the outcome, and the collaboration draft it opens. The queue and rooms have their own modules."""

from __future__ import annotations

from datetime import datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, path_id, show_error
from kakehashi.http.pages import page_number, redirect, render, settings_of
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions import outcome as meeting_outcome
from kakehashi.introductions import permissions, queue_views
from kakehashi.introductions import rooms as room_service
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions import views as introduction_views
from kakehashi.introductions.rules import MAX_SLOTS, ConfirmationNeeded, Place, Slot, recent_counts
from kakehashi.introductions.web import queue as queue_pages
from kakehashi.timezone import TOKYO


def _moment(form: Form, name: str) -> datetime | None:
    text = form.raw(name).strip()
    if not text:
        return None
    try:
        # A date alone would silently mean midnight: a time is required.
        value = datetime.fromisoformat(text) if len(text) > 10 and len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None:
        form.error(name, _("Please enter a date and time such as 2026-12-01 10:00."))
        return None
    return value.replace(tzinfo=TOKYO) if value.tzinfo is None else value


def _slots(form: Form) -> list[Slot]:
    """Up to three rows of start and end (Tokyo time); a half-filled row is refused."""
    slots = []
    for number in range(1, MAX_SLOTS + 1):
        start = _moment(form, f"slot{number}_start")
        end = _moment(form, f"slot{number}_end")
        if start and end:
            slots.append(Slot(start, end))
        elif start and not form.errors.get(f"slot{number}_end"):
            form.error(f"slot{number}_end", _("Please give the end as well."))
        elif end and not form.errors.get(f"slot{number}_start"):
            form.error(f"slot{number}_start", _("Please give the start as well."))
    if not slots and form.ok:
        form.error("slot1_start", _("Please propose at least one time."))
    return slots


def _offer(form: Form, place: Place) -> introductions.MeetingOffer:
    return introductions.MeetingOffer(
        slots=_slots(form), place=place,
        agenda=form.text("agenda", multiline=True, max_length=4000),
        override_limit=form.checkbox("override_limit"),
        confirm_overlaps=form.checkbox("confirm_overlaps"),
    )


async def _room_options() -> list[tuple[str, str]]:
    return [(str(r.id), _("%(name)s (%(capacity)s people)", name=r.name, capacity=r.capacity))
            for r in await room_service.list_rooms(active_only=True)]


def _introduced_already(request: Request,
                        item: queue_views.QueueItemView | None) -> Response | None:
    """Sent already (a double click, the back button): show the introduction, not a 404."""
    if item is None or item.introduction_id is None:
        return None
    flash(request, _("This item has already been handled."))
    return redirect(path_for("introduction", id=item.introduction_id))


async def propose(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    item = await queue_views.item_view(user, path_id(request))
    if (sent := _introduced_already(request, item)) is not None:
        return sent
    if item is None or item.status != "open":
        raise HTTPException(404)
    form, status, overlaps = Form(), 200, []
    if request.method == "POST":
        form = Form(await request.form())
        room = form.choice("room", [value for value, _label in await _room_options()],
                           required=False)
        place = Place(int(room) if room else None, form.text("online_url", max_length=500))
        data = _offer(form, place)
        if form.ok:
            try:
                intro = await introductions.propose(
                    user, item.id, data, settings_of(request).introductions_per_month)
            except ConfirmationNeeded as warning:
                overlaps = warning.overlaps
                show_error(form, warning)
            except DomainError as error:
                now = await queue_views.item_view(user, item.id)
                if (sent := _introduced_already(request, now)) is not None:
                    return sent
                show_error(form, error)
            else:
                flash(request, _("The introduction has been sent to both parties."))
                return redirect(path_for("introduction", id=intro.id))
        status = 400
    return render(request, "introductions/propose.html", {
        "form": form, "item": item, "rooms": await _room_options(), "overlaps": overlaps,
        "recent": await recent_counts([item.party_a.owner, item.party_b.owner]),
        "per_month": settings_of(request).introductions_per_month,
        "when": introduction_views.when, "origins": queue_pages.origin_labels(),
        "action": path_for("propose_introduction", id=item.id), "reschedule": None,
    }, status_code=status)


async def list_page(request: Request) -> Response:
    user = require_user(request)
    status = request.query_params.get("status", "")
    page = await introduction_views.introduction_page(
        user, status, page_number(request), settings_of(request).page_size)
    return render(request, "introductions/list.html", {
        "page": page, "status": status, "statuses": introduction_views.status_labels(),
    })


async def _detail_page(request: Request, intro_id: int, forms: dict[str, Form] | None = None,
                       status: int = 200) -> Response:
    user = require_user(request)
    view = await authorised(introduction_views.detail(user, intro_id))
    forms = forms or {}
    offered = {"answer": view.can_answer, "cancel": view.can_change,
               "outcome": view.can_record_outcome}
    for name, form in forms.items():
        if form.errors and not offered[name]:
            # The introduction moved on (the other side's answer, a cancel, a double click):
            # the form is gone from the page, so say why on the page as it is now.
            flash(request, next(iter(form.errors.values())))
            return redirect(path_for("introduction", id=intro_id))
    return render(request, "introductions/detail.html", {
        "intro": view, "answer_form": forms.get("answer", Form()),
        "cancel_form": forms.get("cancel", Form()),
        "outcome_form": forms.get("outcome", Form()),
        "outcomes": list(introduction_views.outcome_labels().items()),
    }, status_code=status)


async def detail(request: Request) -> Response:
    return await _detail_page(request, path_id(request))


async def answer(request: Request) -> Response:
    """The service decides who answers (the parties only); a form refused before reaching it
    asks the same rule, so a coordinator or an outsider never sees the form's errors."""
    user = require_user(request)
    intro_id = path_id(request)
    form = Form(await request.form())
    choice = form.text("slot", required=True, max_length=12)
    reason = form.text("reason", multiline=True, max_length=2000)
    if choice and choice != "decline" and not choice.isdigit():
        form.error("slot", _("Please choose one of the proposed times."))
    if not form.ok:
        await authorised(permissions.answerable(user, intro_id))
    else:
        try:
            await introductions.answer(
                user, intro_id, slot_id=None if choice == "decline" else int(choice),
                decline_reason=reason, side=form.raw("side"))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("Your answer has been sent."))
            return redirect(path_for("introduction", id=intro_id))
    return await _detail_page(request, intro_id, {"answer": form}, 400)


async def cancel(request: Request) -> Response:
    """Authorised by the service, or by the page's own view when the form is refused first."""
    user = require_user(request)
    intro_id = path_id(request)
    form = Form(await request.form())
    reason = form.text("cancel_reason", multiline=True, required=True, max_length=2000)
    if form.ok:
        try:
            await introductions.cancel(user, intro_id, reason)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The introduction has been cancelled."))
            return redirect(path_for("introduction", id=intro_id))
    return await _detail_page(request, intro_id, {"cancel": form}, 400)


async def outcome(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    intro_id = path_id(request)
    form = Form(await request.form())
    code = form.choice("outcome", list(introduction_views.outcome_labels()))
    minutes = form.text("minutes", multiline=True, max_length=8000)
    if form.ok:
        try:
            collaboration_id = await meeting_outcome.record_outcome(user, intro_id, code, minutes)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The outcome has been recorded."))
            if collaboration_id:
                return redirect(path_for("collaboration", id=collaboration_id))
            return redirect(path_for("introduction", id=intro_id))
    return await _detail_page(request, intro_id, {"outcome": form}, 400)


async def reschedule(request: Request) -> Response:
    user = require_user(request)
    intro_id = path_id(request)
    form, status, overlaps = Form(), 200, []
    if request.method == "POST":
        form = Form(await request.form())
        data = _offer(form, Place(None, ""))
        if form.ok:
            try:
                await introductions.reschedule(user, intro_id, data)
            except ConfirmationNeeded as warning:
                overlaps = warning.overlaps
                show_error(form, warning)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("New times have been sent to both parties."))
                return redirect(path_for("introduction", id=intro_id))
        status = 400
    view = await authorised(introduction_views.detail(user, intro_id))
    if not view.can_change:
        raise HTTPException(404)
    return render(request, "introductions/propose.html", {
        "form": form, "item": None, "rooms": [], "overlaps": overlaps, "recent": [],
        "per_month": 0,
        "when": introduction_views.when, "origins": {}, "reschedule": view,
        "action": path_for("introduction_reschedule", id=intro_id),
    }, status_code=status)
