"""The public statistics page: published collaborations by field, form, department and year."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.http.pages import render
from kakehashi.publishing import statistics


async def public_statistics(request: Request) -> Response:
    return render(request, "statistics/statistics.html",
                  {"statistics": await statistics.public_statistics()})
