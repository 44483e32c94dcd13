"""What handlers share between "parse" and "answer": refusals as 403/404, saving then
redirecting, prefilled forms and path ids. Domain errors become pages here, nowhere else."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import asdict
from typing import Any, NoReturn, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.http.forms import Form
from kakehashi.http.pages import attach_error, redirect
from kakehashi.http.templating import flash
from kakehashi.i18n import gettext as _

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


def path_id(request: Request) -> int:
    value: int = request.path_params["id"]
    return value


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
