"""What the owners' editing pages share: refusals as 403/404, taxonomy checkboxes, prefills."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import asdict
from typing import Any, NoReturn, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi import labels
from kakehashi.accounts.permissions import Owner, parse_owner
from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.pages import attach_error, redirect
from kakehashi.http.templating import flash
from kakehashi.i18n import gettext as _
from kakehashi.taxonomy.fields import list_fields

T = TypeVar("T")


def refuse(error: DomainError) -> NoReturn:
    if isinstance(error, NotFound):
        raise HTTPException(404) from error
    raise HTTPException(403) from error


async def authorised(check: Awaitable[T]) -> T:
    """Run a permission check or lookup; unknown records become 404, refusals 403."""
    try:
        return await check
    except (NotFound, Forbidden) as error:
        refuse(error)


async def save_then_redirect(
    request: Request, form: Form, work: Awaitable[object], next_url: str,
    message: str | None = None,
) -> Response | None:
    """Await a valid form's service call: on success flash and go to ``next_url``; on a
    refusal show it at its field and return None so the handler re-renders the form."""
    try:
        await work
    except DomainError as error:
        show_error(form, error)
        return None
    flash(request, message or _("Your changes have been saved."))
    return redirect(next_url)


def show_error(form: Form, error: DomainError) -> None:
    """A service's refusal: 403/404 for permissions, else a message at the field."""
    if isinstance(error, (NotFound, Forbidden)):
        refuse(error)
    attach_error(form, error)


def owner_from(request: Request) -> Owner:
    """The ``?owner=organisation:3`` of a "new" page; a malformed owner is a missing page."""
    try:
        return parse_owner(request.query_params.get("owner", ""))
    except NotFound as error:
        refuse(error)


def path_id(request: Request) -> int:
    value: int = request.path_params["id"]
    return value


async def field_options() -> list[tuple[str, str, bool]]:
    """Top-level fields, each followed by its sub-areas (indented)."""
    return [(f.code, f.label, f.parent_code is not None) for f in await list_fields()]


def criteria_options() -> list[tuple[str, str, bool]]:
    return [(value, text, False) for value, text in labels.options(labels.CRITERIA)]


def form_of(record: Any) -> Form:
    """A form prefilled from a service's dataclass: numbers as text, tuples as lists."""
    values: dict[str, Any] = {}
    for name, value in asdict(record).items():
        if isinstance(value, (list, tuple)):
            values[name] = [str(v) for v in value]
        elif value is None:
            values[name] = ""
        elif hasattr(value, "isoformat"):
            values[name] = value.isoformat()
        else:
            values[name] = str(value)
    return Form(values)


def field_codes(
    form: Form, allowed: list[tuple[str, str, bool]], *, required: bool
) -> tuple[str, ...]:
    """The ticked taxonomy codes; a code not offered is refused at the ``fields`` field."""
    return tuple(form.choices("fields", [code for code, _, _ in allowed], required=required))
