"""Suggestion pages: a need's candidate groups, a group's possible calls and departments, a
department's possible partners, and the coordinator's overview. Only the parties themselves
and coordinators see them."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts import permissions
from kakehashi.accounts.auth import require_role, require_user
from kakehashi.accounts.models import Role
from kakehashi.http.pages import render
from kakehashi.http.urls import path_for
from kakehashi.suggestions import views as suggestion_views

BACK_ROUTE = {"need": "need", "organisation": "group", "department": "department"}


def _suggestions_page(source_type: str):  # type: ignore[no-untyped-def]
    async def page(request: Request) -> Response:
        user = require_user(request)
        source_id = request.path_params["id"]
        source = await suggestion_views.source(source_type, source_id)
        if source is None:
            raise HTTPException(404)
        owner = permissions.owner_of(source.organisation_id, source.department_id)
        if not permissions.may_edit(user, owner):
            raise HTTPException(404)  # as history pages: do not confirm hidden records exist
        return render(request, "suggestions/list.html", {
            "source_type": source_type, "title": source.title,
            "back_url": path_for(BACK_ROUTE[source_type], id=source_id),
            "suggestions": await suggestion_views.for_source(source_type, source_id),
        })

    return page


async def overview(request: Request) -> Response:
    require_role(request, Role.COORDINATOR)
    return render(request, "suggestions/overview.html", {
        "pairs": await suggestion_views.strongest_pairs(limit=50),
    })


need_suggestions = _suggestions_page("need")
group_suggestions = _suggestions_page("organisation")
department_suggestions = _suggestions_page("department")
