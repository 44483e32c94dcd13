"""Choosing the interface language. ``?lang=`` shows one page in a language without remembering
it (a GET changes nothing); the header's switch posts here to remember the choice."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi import freshness
from kakehashi.http.forms import Form
from kakehashi.http.pages import redirect, safe_next
from kakehashi.http.urls import path_for
from kakehashi.i18n import LOCALES


async def switch(request: Request) -> Response:
    freshness.nothing_public_changed()
    form = Form(await request.form())
    language = form.choice("lang", LOCALES)
    if language:
        request.session["locale"] = language
    return redirect(safe_next(form.raw("next"), path_for("home")))
