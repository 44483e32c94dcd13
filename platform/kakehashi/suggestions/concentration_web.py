"""Partner-concentration pages (Tomakomai 第4章(5)): the collaboration office's overview and
each department's own."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_user
from kakehashi.http.handling import authorised, path_id
from kakehashi.http.pages import render
from kakehashi.suggestions import concentration


def _rule() -> dict[str, object]:
    return {"warning_percent": round(concentration.WARNING_SHARE * 100),
            "warning_min_items": concentration.WARNING_MIN_ITEMS,
            "window_days": concentration.WINDOW_DAYS}


async def coordinator_concentration(request: Request) -> Response:
    user = require_user(request)
    departments = await authorised(concentration.all_concentrations(user))
    return render(request, "statistics/concentration.html",
                  {"departments": departments, "single": False, **_rule()})


async def department_concentration(request: Request) -> Response:
    user = require_user(request)
    department = await authorised(concentration.department_concentration(user, path_id(request)))
    return render(request, "statistics/concentration.html",
                  {"departments": [department], "single": True, **_rule()})
