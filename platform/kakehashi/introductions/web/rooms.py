"""The citizen activity centre's meeting rooms: the coordinator adds, edits and retires them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_role
from kakehashi.accounts.models import Role
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, form_of, path_id, save_then_redirect
from kakehashi.http.pages import render
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions import rooms


def _room_from(form: Form) -> rooms.RoomInput:
    return rooms.RoomInput(
        name=form.text("name", required=True, max_length=100),
        location=form.text("location", max_length=200),
        capacity=form.integer("capacity", required=True, minimum=1, maximum=10_000),
        is_active=form.checkbox("is_active"),
    )


async def room_list(request: Request) -> Response:
    """The rooms, and a form to add one."""
    user = require_role(request, Role.COORDINATOR)
    form, status = Form({"is_active": "on"}), 200
    if request.method == "POST":
        form = Form(await request.form())
        data = _room_from(form)
        if form.ok:
            done = await save_then_redirect(
                request, form, rooms.save_room(user, data), path_for("rooms"),
                _("The room has been added."))
            if done:
                return done
        status = 400
    return render(request, "introductions/rooms.html", {
        "rooms": await rooms.list_rooms(), "form": form, "room": None,
    }, status_code=status)


async def edit_room(request: Request) -> Response:
    user = require_role(request, Role.COORDINATOR)
    room_id = path_id(request)
    current = await authorised(rooms.room_input(room_id))
    form, status = form_of(current), 200
    if current.is_active:
        form.values["is_active"] = "on"
    else:
        form.values.pop("is_active", None)
    if request.method == "POST":
        form = Form(await request.form())
        data = _room_from(form)
        if form.ok:
            done = await save_then_redirect(
                request, form, rooms.save_room(user, data, room_id), path_for("rooms"))
            if done:
                return done
        status = 400
    return render(request, "introductions/rooms.html", {
        "rooms": [], "form": form, "room": room_id,
    }, status_code=status)
