"""The JSON API under /api/v1/: public reads of everything public, and two writes for
signed-in users (a draft call for partners, a request for an introduction).

Writes use the site's own session cookie, with the csrftoken cookie's value in the
``X-CSRFToken`` header (checked by the CSRF middleware), so no second kind of credential has to
be issued, stored and revoked. Every refusal is JSON: ``{"error": {"code", "message",
"fields"}}`` with 400, 401, 403, 404 or 405.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kakehashi.auth import current_user
from kakehashi.i18n import gettext as _
from kakehashi.services import api_resources, needs, parties, queue
from kakehashi.services.api_openapi import Endpoint, document
from kakehashi.services.errors import DomainError, Forbidden, NotFound
from kakehashi.services.permissions import Owner
from kakehashi.services.taxonomy import field_codes

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ERROR_CODES = {400: "bad_request", 401: "not_signed_in", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 500: "server_error"}
_KINDS = {"group": "organisation", "department": "department"}


def error_response(status: int, message: str, fields: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": ERROR_CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def http_error(status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    """The app's 404/405/500 on /api/ paths (see app.py), in JSON."""
    messages = {404: _("No such address or record."),
                405: _("This address does not accept this method."),
                500: _("Something went wrong on our side. Please try again later.")}
    return error_response(status, messages.get(status, _("The request was refused.")),
                          headers=headers)


class ApiError(Exception):
    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, fields


Handler = Callable[[Request], Awaitable[Response]]


def _answers_json(handler: Handler) -> Handler:
    """Domain refusals become JSON errors: unknown 404, not allowed 403, a rule 400 at its field."""
    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as error:
            return error_response(error.status, error.message, error.fields)
        except NotFound:
            return http_error(404)
        except Forbidden as error:
            return error_response(403, _(error.message, **error.params))
        except DomainError as error:
            message = _(error.message, **error.params)
            return error_response(400, message, {error.field: message} if error.field else None)
    return wrapped


def _number(request: Request, name: str, default: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9) or not 1 <= int(raw) <= high:
        message = _("Please give a whole number from 1 to %(max)s.", max=high)
        raise ApiError(400, message, {name: message})
    return int(raw)


def _lister(name: str) -> Handler:
    async def list_records(request: Request) -> Response:
        page = _number(request, "page", 1, 1_000_000)
        per_page = _number(request, "per_page", api_resources.DEFAULT_PER_PAGE,
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
    return _answers_json(list_records)


def _detailer(name: str) -> Handler:
    async def detail(request: Request) -> Response:
        key = request.path_params.get("id", request.path_params.get("code"))
        return JSONResponse(await api_resources.detail(name, key))
    return _answers_json(detail)


def _signed_in(request: Request) -> Any:
    user = current_user(request)
    if user is None:
        raise ApiError(401, _("Please sign in first."))
    return user


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, _("The body must be a JSON object."))
    return body


def _is_text(value: object) -> bool:
    """A string the database can store: JSON may carry lone surrogates, which UTF-8 cannot."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(body: dict[str, Any], name: str, errors: dict[str, str], limit: int) -> str:
    value = body.get(name, "")
    if value is None:
        value = ""
    if not _is_text(value):
        errors[name] = _("Please give text.")
        return ""
    value = _CONTROL.sub("", value).strip()
    if len(value) > limit:
        errors[name] = _("Please keep this under %(max)s characters (now %(now)s).",
                         max=limit, now=len(value))
    return value


def _party(body: dict[str, Any], name: str, errors: dict[str, str]) -> Owner | None:
    value = body.get(name)
    kind = value.get("type") if isinstance(value, dict) else None
    number = value.get("id") if isinstance(value, dict) else None
    if (kind not in _KINDS or not isinstance(number, int) or isinstance(number, bool)
            or not 1 <= number <= 999_999_999):
        errors[name] = _('Please name a party as {"type": "group" or "department", "id": 1}.')
        return None
    return Owner(_KINDS[kind], number)


def _day(body: dict[str, Any], name: str, errors: dict[str, str]) -> date | None:
    value = body.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value) if _is_text(value) else date.fromisoformat("x")
    except ValueError:
        errors[name] = _("Please enter a date as YYYY-MM-DD.")
        return None


def _refuse_if(errors: dict[str, str]) -> None:
    if errors:
        raise ApiError(400, _("Some fields are not valid."), errors)


async def create_need(request: Request) -> Response:
    """A draft call for partners for one of the user's groups or departments (services/needs)."""
    user = _signed_in(request)
    body = await _body(request)
    errors: dict[str, str] = {}
    owner = _party(body, "owner", errors)
    fields = body.get("fields", [])
    if not isinstance(fields, list) or not all(_is_text(f) and len(f) <= 64 for f in fields):
        errors["fields"] = _("Please give a list of field codes.")
        fields = []
    data = needs.NeedInput(
        title=_text(body, "title", errors, 200),
        description=_text(body, "description", errors, 4000),
        area=_text(body, "area", errors, 100), fields=tuple(fields)[:50],
        period_start=_day(body, "period_start", errors),
        period_end=_day(body, "period_end", errors),
    )
    _refuse_if(errors)
    assert owner is not None
    need_id = await needs.create_need(user, owner, data)
    return JSONResponse({"id": need_id, "status": "draft", "edit_url": f"/needs/{need_id}/edit"},
                        status_code=201, headers={"location": f"/needs/{need_id}/edit"})


async def request_introduction(request: Request) -> Response:
    """Ask the collaboration office to introduce another party (services/queue)."""
    user = _signed_in(request)
    if user.is_coordinator:
        raise ApiError(403, _("Coordinators add pairs to the queue themselves."))
    body = await _body(request)
    errors: dict[str, str] = {}
    asker = _party(body, "asker", errors)
    other = _party(body, "other", errors)
    message = _text(body, "message", errors, 2000)
    need_id = body.get("need_id")
    if need_id is not None and (not isinstance(need_id, int) or isinstance(need_id, bool)
                                or not 1 <= need_id <= 999_999_999):
        errors["need_id"] = _("Please give the id of a call for partners.")
    _refuse_if(errors)
    assert asker is not None and other is not None
    if not parties.is_member(user, asker):
        raise ApiError(403, _("Please choose one of your groups or departments."))
    target, _need = await queue.resolve_target(f"{other.kind}:{other.id}")
    if not await parties.parties([target]):
        raise NotFound("Page not found")
    item = await queue.request_introduction(user, asker, target, message, need_id)
    return JSONResponse({"id": item.id, "status": str(item.status.value)}, status_code=201)


ENDPOINTS: list[tuple[Endpoint, Handler]] = [
    *((Endpoint(f"/api/v1/{name}", "GET", "list", name, f"List public {name}"),
       _lister(name)) for name in api_resources.RESOURCES),
    *((Endpoint(f"/api/v1/{name}/{{code:fieldcode}}" if name == "fields" else
                f"/api/v1/{name}/{{id:record}}", "GET", "detail", name, f"One of the {name}"),
       _detailer(name)) for name in api_resources.RESOURCES),
    (Endpoint("/api/v1/needs", "POST", "create", "needs",
              "Create a draft call for partners for your group or department"),
     _answers_json(create_need)),
    (Endpoint("/api/v1/introductions/requests", "POST", "create", "introduction_requests",
              "Ask the collaboration office for an introduction"),
     _answers_json(request_introduction)),
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
