"""Meeting downloads (.ics) and each user's private calendar feed."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_user
from kakehashi.errors import NotFound
from kakehashi.http.pages import redirect, render
from kakehashi.http.templating import flash
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions import calendar_feed

CALENDAR_TYPE = "text/calendar; charset=utf-8"


async def meeting_ics(request: Request) -> Response:
    user = require_user(request)
    introduction_id = request.path_params["id"]
    try:
        text = await calendar_feed.meeting_file(user, introduction_id)
    except NotFound as error:
        raise HTTPException(404) from error
    return Response(text, headers={
        "content-type": CALENDAR_TYPE,
        "content-disposition": f'attachment; filename="meeting-{introduction_id}.ics"',
    })


async def feed(request: Request) -> Response:
    """No sign-in: the secret token in the URL is the permission (calendar apps poll it)."""
    try:
        text = await calendar_feed.feed_for_token(request.path_params["token"])
    except NotFound as error:
        raise HTTPException(404) from error
    return Response(text, headers={"content-type": CALENDAR_TYPE, "cache-control": "no-store"})


async def my_calendar(request: Request) -> Response:
    user = require_user(request)
    token = await calendar_feed.feed_token(user.id)
    url = calendar_feed.feed_url(token) if token else ""
    return render(request, "notifications/calendar.html", {
        "feed_url": url, "webcal_url": url.replace("https://", "webcal://", 1)
        .replace("http://", "webcal://", 1),
    })


async def create_feed(request: Request) -> Response:
    user = require_user(request)
    had = await calendar_feed.feed_token(user.id)
    await calendar_feed.create_feed(user.id)
    flash(request, _("A new calendar address was made; the old one no longer works.") if had
          else _("Your calendar address is ready."))
    return redirect(path_for("my_calendar"))


async def revoke_feed(request: Request) -> Response:
    user = require_user(request)
    await calendar_feed.revoke_feed(user.id)
    flash(request, _("The calendar address no longer works."))
    return redirect(path_for("my_calendar"))
