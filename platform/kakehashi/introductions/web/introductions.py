"""Introductions: the coordinator's offer of times and a place, new times, and the list. The
introduction's own page and its forms, the queue and rooms have their own modules."""

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
from kakehashi.introductions import queue_views
from kakehashi.introductions import rooms as room_service
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions import views as introduction_views
from kakehashi.introductions.rules import (
    MAX_SLOTS,
    ConfirmationNeeded,
    OddTimesNeedConfirming,
    Place,
    Slot,
    recent_counts,
    slot_field,
)
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
    """Up to five rows of start and end (Tokyo time); a half-filled row is refused."""
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
        confirm_hours=form.checkbox("confirm_hours"),
    )


def _warn_odd_times(form: Form, warning: OddTimesNeedConfirming) -> None:
    """The confirm box's message, and a word at each early, late or holiday time."""
    show_error(form, warning)
    for odd in warning.odd:
        form.error(slot_field(odd.slot - 1), _(
            "This day is a public holiday (%(name)s).", name=odd.holiday) if odd.holiday
            else _("This time is outside 8:00–21:00."))


def _options(extra: dict[str, object]) -> dict[str, object]:
    """What the offer form shows whichever way it is reached."""
    return {"slot_numbers": list(range(1, MAX_SLOTS + 1)), "when": introduction_views.when,
            **extra}


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
            except OddTimesNeedConfirming as warning:
                _warn_odd_times(form, warning)
            except DomainError as error:
                now = await queue_views.item_view(user, item.id)
                if (sent := _introduced_already(request, now)) is not None:
                    return sent
                show_error(form, error)
            else:
                flash(request, _("The introduction has been sent to both parties."))
                return redirect(path_for("introduction", id=intro.id))
        status = 400
    return render(request, "introductions/propose.html", _options({
        "form": form, "item": item, "rooms": await _room_options(), "overlaps": overlaps,
        "recent": await recent_counts([item.party_a.owner, item.party_b.owner]),
        "per_month": settings_of(request).introductions_per_month,
        "origins": queue_pages.origin_labels(),
        "action": path_for("propose_introduction", id=item.id), "reschedule": None,
    }), status_code=status)


async def list_page(request: Request) -> Response:
    user = require_user(request)
    status = request.query_params.get("status", "")
    page = await introduction_views.introduction_page(
        user, status, page_number(request), settings_of(request).page_size)
    return render(request, "introductions/list.html", {
        "page": page, "status": status, "statuses": introduction_views.status_labels(),
    })


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
            except OddTimesNeedConfirming as warning:
                _warn_odd_times(form, warning)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(request, _("New times have been sent to both parties."))
                return redirect(path_for("introduction", id=intro_id))
        status = 400
    view = await authorised(introduction_views.detail(user, intro_id))
    if not view.can_change:
        raise HTTPException(404)
    return render(request, "introductions/propose.html", _options({
        "form": form, "item": None, "rooms": [], "overlaps": overlaps, "recent": [],
        "per_month": 0, "origins": {}, "reschedule": view,
        "action": path_for("introduction_reschedule", id=intro_id),
    }), status_code=status)
