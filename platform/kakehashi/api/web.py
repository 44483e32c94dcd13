"""The JSON API under /api/v1/: public reads of everything public, and writes for signed-in
users (a draft call for partners, a request for an introduction here; the proposal, 後援 and
collaboration workflows in :mod:`kakehashi.api.workflows`).

Writes use the site's own session cookie, with the csrftoken cookie's value in the
``X-CSRFToken`` header (checked by the CSRF middleware), so no second kind of credential has to
be issued, stored and revoked. Every refusal is JSON: ``{"error": {"code", "message",
"fields"}}`` with 400, 401, 403, 404, 405 or 409.
"""

from __future__ import annotations

import re
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
    http_error,
    json_form,
    number,
    party,
    refuse_if,
    signed_in,
)
from kakehashi.directory import needs
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.introductions import permissions as introduction_permissions
from kakehashi.introductions import queue
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
        key = request.path_params["id" if "id" in request.path_params else "code"]
        return JSONResponse(await api_resources.detail(name, key))
    return answers_json(detail)


async def create_need(request: Request) -> Response:
    """A draft call for partners for one of the user's groups or departments (services/needs)."""
    user = signed_in(request)
    form = await json_form(request)
    owner = party(form, "owner")
    data = needs.NeedInput(
        title=form.text("title", max_length=200),
        description=form.text("description", multiline=True, max_length=4000),
        area=form.text("area", max_length=100), fields=form.codes("fields"),
        period_start=form.date("period_start"),
        period_end=form.date("period_end"),
    )
    refuse_if(form)
    assert owner is not None
    need_id = await needs.create_need(user, owner, data)
    edit_url = path_for("edit_need", id=need_id)
    return JSONResponse({"id": need_id, "status": "draft", "edit_url": edit_url},
                        status_code=201, headers={"location": edit_url})


async def request_introduction(request: Request) -> Response:
    """Ask the collaboration office to introduce another party: who may ask, and to meet whom,
    is the form's rule (:mod:`kakehashi.introductions.permissions`)."""
    user = signed_in(request)
    await introduction_permissions.require_asker(user)
    form = await json_form(request)
    asker = party(form, "asker")
    other = party(form, "other")
    message = form.text("message", multiline=True, max_length=2000)
    need_id = form.record_id("need_id", required=False,
                             message=_("Please give the id of a call for partners."))
    refuse_if(form)
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
    routes: list[BaseRoute] = [Route("/openapi.json", openapi, methods=["GET"], name="api_openapi")]
    for path, handlers in by_path.items():
        relative = path.removeprefix("/api")  # mounted under /api by the routing table
        routes.append(Route(relative, _dispatch(handlers), methods=sorted(handlers),
                            name=_route_name(relative)))
    return routes


def _route_name(path: str) -> str:
    """``/v1/groups/{id:record}`` → ``api_v1_groups_id``: unique per path, as the table wants."""
    words = re.findall(r"[a-z0-9]+(?=[^}]*(?:{|$))|(?<={)[a-z]+", path)
    return "api_" + "_".join(words)


routes: list[BaseRoute] = _routes()
