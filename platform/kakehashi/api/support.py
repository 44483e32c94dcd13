"""What every JSON API handler shares: JSON error bodies, the sign-in check, and parsing of a
JSON body into plain values with a message per bad field (in the user's language).

Refusals are ``{"error": {"code", "message", "fields"}}``; a service's domain exception
becomes 404 (unknown), 403 (not allowed), 409 (the record's state refuses it) or 400 at its
field, so handlers stay parse → authorise → call a service → answer.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kakehashi.accounts.auth import CurrentUser, current_user
from kakehashi.accounts.permissions import Owner
from kakehashi.errors import Conflict, DomainError, Forbidden, NotFound
from kakehashi.http.forms import Form, is_whole
from kakehashi.i18n import gettext as _
from kakehashi.record_ids import MAX_ID

ERROR_CODES = {400: "bad_request", 401: "not_signed_in", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large",
               500: "server_error"}
KINDS = {"group": "organisation", "department": "department"}
"""The API's party types and the services' owner kinds."""

Handler = Callable[[Request], Awaitable[Response]]


def error_response(status: int, message: str, fields: dict[str, str] | None = None,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": ERROR_CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def http_error(status: int, headers: Mapping[str, str] | None = None) -> JSONResponse:
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


_RENAMED = {"approve": "version"}


def api_field(field: str) -> str:
    """A service's form-field name as the JSON body names it (``score_a`` → ``scores.a``)."""
    if field in _RENAMED:
        return _RENAMED[field]
    for prefix, container in (("score_", "scores."), ("ground_", "grounds.")):
        if field.startswith(prefix):
            return container + field.removeprefix(prefix)
    return field


def answers_json(handler: Handler) -> Handler:
    """Domain refusals become JSON errors: unknown 404, not allowed 403, a state 409, a rule
    400 at its field."""
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
            status = 409 if isinstance(error, Conflict) else 400
            fields = {api_field(error.field): message} if error.field else None
            return error_response(status, message, fields)
    return wrapped


def number(request: Request, name: str, default: int, high: int) -> int:
    """A query parameter from 1 to ``high``."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9) or not 1 <= int(raw) <= high:
        message = _("Please give a whole number from 1 to %(max)s.", max=high)
        raise ApiError(400, message, {name: message})
    return int(raw)


def signed_in(request: Request) -> CurrentUser:
    user = current_user(request)
    if user is None:
        raise ApiError(401, _("Please sign in first."))
    return user


async def body_of(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # nesting past the parser's depth
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, _("The body must be a JSON object."))
    return body


async def json_form(request: Request) -> Form:
    """The JSON body, read through the same field rules as the HTML forms."""
    return Form.from_json(await body_of(request))


def party(form: Form, name: str) -> Owner | None:
    value = form.values.get(name)
    kind = value.get("type") if isinstance(value, dict) else None
    number = value.get("id") if isinstance(value, dict) else None
    if kind not in KINDS or not is_whole(number) or not 1 <= number <= MAX_ID:
        form.error(name, _('Please name a party as {"type": "group" or "department", "id": 1}.'))
        return None
    return Owner(KINDS[kind], number)


def party_key(form: Form) -> str:
    """The party a member speaks for, as the services name it; "" lets a member of only one
    of the parties leave it out."""
    if form.values.get("party") is None:
        return ""
    owner = party(form, "party")
    return owner.key if owner else ""


def refuse_if(form: Form) -> None:
    if form.errors:
        raise ApiError(400, _("Some fields are not valid."), form.errors)
