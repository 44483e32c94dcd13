"""The coordinator's desk page (thin: the rows come from desk.views)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_user
from kakehashi.desk import views
from kakehashi.http.handling import authorised
from kakehashi.http.pages import render


async def desk_page(request: Request) -> Response:
    user = require_user(request)
    desk = await authorised(views.today(user))
    return render(request, "desk/desk.html", {"desk": desk})
