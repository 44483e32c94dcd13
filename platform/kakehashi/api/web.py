"""The JSON API under /api/v1/: public reads of everything public, and writes for signed-in
users (a draft call for partners, a request for an introduction here; the proposal, 後援 and
collaboration workflows in :mod:`kakehashi.api.workflows`).

Writes use the site's own session cookie, with the csrftoken cookie's value in the
``X-CSRFToken`` header (checked by the CSRF middleware), so no second kind of credential has to
be issued, stored and revoked. Every refusal is JSON: ``{"error": {"code", "message",
"fields"}}`` with 400, 401, 403, 404, 405 or 409.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kakehashi.api import resources as api_resources
from kakehashi.api import workflows as api_workflows
from kakehashi.api.openapi import Endpoint, document
from kakehashi.api.support import (
    ApiError,
    Handler,
    answers_json,
    body_of,
    codes,
    day,
    http_error,
    is_whole,
    number,
    party,
    refuse_if,
    signed_in,
    text,
)
from kakehashi.directory import needs
from kakehashi.i18n import gettext as _
from kakehashi.introductions import permissions as introduction_permissions
from kakehashi.introductions import queue
from kakehashi.record_ids import MAX_ID
from kakehashi.taxonomy.fields import field_codes

__all__ = ["http_error", "routes"]


def _lister(name: str) -> Handler:
    async def list_records(request: Request) -> Response:
        page = number(request, "page", 1, 1_000_000)
        per_page = number(request, "per_page", api_resources.DEFAULT_PER_PAGE,
                          api_resources.MAX_PER_PAGE)
        field = request.query_params.get("field", "").strip()
        if len(field) > 64:
            raise ApiError(400, _("Unknown field code: %(codes)s", codes=field[:64]))
        found = await api_resources.list_page(name, page=page, per_page=per_page, field=field)
        following = None
        if found.has_next:
            query = {"page": page + 1, "per_page": per_page, **({"field": field} if field else {})}
            following = f"/api/v1/{name}?{urlencode(query)}"
        return JSONResponse({"items": found.items, "total": found.total, "page": page,
                             "per_page": per_page, "next": following})
    return answers_json(list_records)


def _detailer(name: str) -> Handler:
    async def detail(request: Request) -> Response:
        key = request.path_params.get("id", request.path_params.get("code"))
        return JSONResponse(await api_resources.detail(name, key))
    return answers_json(detail)


async def create_need(request: Request) -> Response:
    """A draft call for partners for one of the user's groups or departments (services/needs)."""
    user = signed_in(request)
    body = await body_of(request)
    errors: dict[str, str] = {}
    owner = party(body, "owner", errors)
    data = needs.NeedInput(
        title=text(body, "title", errors, 200),
        description=text(body, "description", errors, 4000),
        area=text(body, "area", errors, 100), fields=codes(body, "fields", errors),
        period_start=day(body, "period_start", errors),
        period_end=day(body, "period_end", errors),
    )
    refuse_if(errors)
    assert owner is not None
    need_id = await needs.create_need(user, owner, data)
    return JSONResponse({"id": need_id, "status": "draft", "edit_url": f"/needs/{need_id}/edit"},
                        status_code=201, headers={"location": f"/needs/{need_id}/edit"})


async def request_introduction(request: Request) -> Response:
    """Ask the collaboration office to introduce another party: who may ask, and to meet whom,
    is the form's rule (:mod:`kakehashi.introductions.permissions`)."""
    user = signed_in(request)
    await introduction_permissions.require_asker(user)
    body = await body_of(request)
    errors: dict[str, str] = {}
    asker = party(body, "asker", errors)
    other = party(body, "other", errors)
    message = text(body, "message", errors, 2000)
    need_id = body.get("need_id")
    if need_id is not None and (not is_whole(need_id) or not 1 <= need_id <= MAX_ID):
        errors["need_id"] = _("Please give the id of a call for partners.")
    refuse_if(errors)
    assert asker is not None and other is not None
    target = await introduction_permissions.target(other.key)
    item = await queue.request_introduction(user, asker, target.party.owner, message, need_id)
    return JSONResponse({"id": item.id, "status": str(item.status.value)}, status_code=201)


ENDPOINTS: list[tuple[Endpoint, Handler]] = [
    *((Endpoint(f"/api/v1/{name}", "GET", "list", name, f"List public {name}"),
       _lister(name)) for name in api_resources.RESOURCES),
    *((Endpoint(f"/api/v1/{name}/{{code:fieldcode}}" if name == "fields" else
                f"/api/v1/{name}/{{id:record}}", "GET", "detail", name, f"One of the {name}"),
       _detailer(name)) for name in api_resources.RESOURCES),
    (Endpoint("/api/v1/needs", "POST", "create", "needs",
              "Create a draft call for partners for your group or department"),
     answers_json(create_need)),
    (Endpoint("/api/v1/introductions/requests", "POST", "create", "introduction_requests",
              "Ask the collaboration office for an introduction"),
     answers_json(request_introduction)),
    *api_workflows.ENDPOINTS,
]


async def openapi(request: Request) -> Response:
    return JSONResponse(document([e for e, _h in ENDPOINTS] + [
        Endpoint("/api/openapi.json", "GET", "document", "openapi", "This document")],
        sorted(await field_codes())))


def _dispatch(handlers: dict[str, Handler]) -> Handler:
    """One route per path, so a 405 lists every method the path accepts in ``Allow``."""
    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await handlers[method](request)
    return endpoint


def _routes() -> list[BaseRoute]:
    by_path: dict[str, dict[str, Handler]] = {}
    for endpoint, handler in ENDPOINTS:
        by_path.setdefault(endpoint.path, {})[endpoint.method] = handler
    routes: list[BaseRoute] = [Route("/api/openapi.json", openapi, methods=["GET"])]
    for path, handlers in by_path.items():
        routes.append(Route(path, _dispatch(handlers), methods=sorted(handlers)))
    return routes


routes: list[BaseRoute] = _routes()
