"""What every JSON API handler shares: JSON error bodies, the sign-in check, and parsing of a
JSON body into plain values with a message per bad field (in the user's language).

Refusals are ``{"error": {"code", "message", "fields"}}``; a service's domain exception
becomes 404 (unknown), 403 (not allowed), 409 (the record's state refuses it) or 400 at its
field, so handlers stay parse → authorise → call a service → answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kakehashi.accounts.auth import CurrentUser, current_user
from kakehashi.accounts.permissions import Owner
from kakehashi.errors import Conflict, DomainError, Forbidden, NotFound
from kakehashi.i18n import gettext as _
from kakehashi.record_ids import MAX_ID

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ERROR_CODES = {400: "bad_request", 401: "not_signed_in", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large",
               500: "server_error"}
KINDS = {"group": "organisation", "department": "department"}
"""The API's party types and the services' owner kinds."""

Handler = Callable[[Request], Awaitable[Response]]


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
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, _("The body must be a JSON object."))
    return body


def is_text(value: object) -> bool:
    """A string the database can store: JSON may carry lone surrogates, which UTF-8 cannot."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_whole(value: object) -> bool:
    """A JSON integer (``true`` is not one, though Python says it is)."""
    return isinstance(value, int) and not isinstance(value, bool)


def text(body: dict[str, Any], name: str, errors: dict[str, str], limit: int,
         required: bool = False) -> str:
    """Text without control characters, trimmed; every missing field is named at once."""
    value = body.get(name, "")
    if value is None:
        value = ""
    if not is_text(value):
        errors[name] = _("Please give text.")
        return ""
    value = _CONTROL.sub("", value).strip()
    if required and not value:
        errors[name] = _("Please fill in this field.")
    elif len(value) > limit:
        errors[name] = _("Please keep this under %(max)s characters (now %(now)s).",
                         max=limit, now=len(value))
    return value


def choice(body: dict[str, Any], name: str, options: tuple[str, ...],
           errors: dict[str, str]) -> str:
    value = body.get(name)
    if value not in options:
        errors[name] = _("Please choose one of the options.")
        return ""
    return str(value)


def codes(body: dict[str, Any], name: str, errors: dict[str, str]) -> tuple[str, ...]:
    """A list of field codes (which ones exist is the service's to say)."""
    value = body.get(name, [])
    if not isinstance(value, list) or not all(is_text(c) and len(c) <= 64 for c in value):
        errors[name] = _("Please give a list of field codes.")
        return ()
    return tuple(value)[:50]


def ids(body: dict[str, Any], name: str, errors: dict[str, str]) -> tuple[int, ...]:
    """An optional list of record ids."""
    value = body.get(name) or []
    if not isinstance(value, list) or len(value) > 50 or not all(
            is_whole(i) and 1 <= i <= MAX_ID for i in value):
        errors[name] = _("Please give a list of ids.")
        return ()
    return tuple(value)


def record_id(body: dict[str, Any], name: str, errors: dict[str, str]) -> int:
    """A required id in the body; 0 (with a message at the field) when it is not one."""
    value = body.get(name)
    if not is_whole(value) or not 1 <= value <= MAX_ID:
        errors[name] = _("Please give the id of a record (a whole number).")
        return 0
    return int(value)


def whole(body: dict[str, Any], name: str, errors: dict[str, str], high: int) -> int | None:
    """An optional whole number from 0 to ``high``."""
    value = body.get(name)
    if value is None:
        return None
    if not is_whole(value) or not 0 <= value <= high:
        errors[name] = _("Please enter a number from %(min)s to %(max)s.", min=0, max=high)
        return None
    return int(value)


def party(body: dict[str, Any], name: str, errors: dict[str, str]) -> Owner | None:
    value = body.get(name)
    kind = value.get("type") if isinstance(value, dict) else None
    number = value.get("id") if isinstance(value, dict) else None
    if kind not in KINDS or not is_whole(number) or not 1 <= number <= MAX_ID:
        errors[name] = _('Please name a party as {"type": "group" or "department", "id": 1}.')
        return None
    return Owner(KINDS[kind], number)


def party_key(body: dict[str, Any], errors: dict[str, str]) -> str:
    """The party a member speaks for, as the services name it; "" lets a member of only one
    of the parties leave it out."""
    if body.get("party") is None:
        return ""
    owner = party(body, "party", errors)
    return owner.key if owner else ""


def day(body: dict[str, Any], name: str, errors: dict[str, str],
        required: bool = False) -> date | None:
    value = body.get(name)
    if value in (None, ""):
        if required:
            errors[name] = _("Please fill in this field.")
        return None
    try:
        return date.fromisoformat(value) if is_text(value) else date.fromisoformat("x")
    except ValueError:
        errors[name] = _("Please enter a date as YYYY-MM-DD.")
        return None


def refuse_if(errors: dict[str, str]) -> None:
    if errors:
        raise ApiError(400, _("Some fields are not valid."), errors)
