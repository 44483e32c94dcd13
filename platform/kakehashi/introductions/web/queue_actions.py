"""The office's actions on many queue items at once, and its internal notes."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_role
from kakehashi.accounts.models import Role
from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.handling import path_id, show_error
from kakehashi.http.pages import redirect
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.i18n import ngettext
from kakehashi.introductions import queue_office
from kakehashi.introductions.web.queue import dismiss_labels, render_queue
from kakehashi.record_ids import MAX_ID

ACTIONS = ("dismiss", "restore", "assign")


def _back(request: Request) -> Response:
    """To the queue as it was filtered and paged when the form was sent."""
    query = request.url.query
    return redirect(path_for("queue") + (f"?{query}" if query else ""))


async def bulk(request: Request) -> Response:
    """Dismiss, restore or assign the ticked items (all or none)."""
    user = require_role(request, Role.COORDINATOR)
    form = Form(await request.form())
    action = form.choice("action", ACTIONS)
    ids = form.record_ids("items", max_items=queue_office.MAX_BULK)
    if form.ok and not ids:
        form.error("items", _("Please tick at least one item."))
    try:
        if form.ok and action == "dismiss":
            code = form.choice("reason", list(dismiss_labels()))
            note = form.text("note", multiline=True, max_length=2000)
            if form.ok:
                done = await queue_office.dismiss_many(user, ids, code, note)
                flash(request, ngettext("%(num)s item dismissed.", "%(num)s items dismissed.",
                                        done))
                return _back(request)
        elif form.ok and action == "restore":
            note = form.text("note", multiline=True, max_length=2000, required=True)
            if form.ok:
                done = await queue_office.restore_many(user, ids, note)
                flash(request, ngettext("%(num)s item restored.", "%(num)s items restored.",
                                        done))
                return _back(request)
        elif form.ok and action == "assign":
            chosen = form.raw("assignee")
            assignee = user.id if chosen == "me" else (
                form.integer("assignee", minimum=1, maximum=MAX_ID) if chosen else None)
            if form.ok:
                await queue_office.assign_many(user, ids, assignee)
                flash(request, _("The items have been assigned."))
                return _back(request)
    except DomainError as error:
        show_error(form, error)
    return await render_queue(request, bulk=form, status=400)


async def add_note(request: Request) -> Response:
    """A note on one queue item, or on a group in it, for the other coordinators."""
    user = require_role(request, Role.COORDINATOR)
    item_id = path_id(request)
    form = Form(await request.form())
    about = form.raw("about")
    text = form.text("note", multiline=True, max_length=queue_office.MAX_NOTE, required=True)
    group_id = _number(about.partition(":")[2]) if about.startswith("organisation:") else None
    if form.ok:
        try:
            await queue_office.add_note(user, item_id, text, about_group=group_id)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(request, _("The note has been saved. Only coordinators can read it."))
            return _back(request)
    return await render_queue(request, note=(item_id, form), status=400)


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and 0 < int(text) <= MAX_ID else None
