"""What every handler uses: rendering, redirects, forms and turning domain errors into messages."""

from __future__ import annotations

from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kakehashi.errors import DomainError
from kakehashi.http.forms import Form
from kakehashi.http.templating import Templates
from kakehashi.i18n import gettext
from kakehashi.settings import Settings


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    templates: Templates = request.app.state.templates
    return templates.render(request, name, context, status_code=status_code)


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def redirect(url: str) -> RedirectResponse:
    """After a successful POST: 303 so the browser GETs the next page."""
    return RedirectResponse(url, status_code=303)


def message_of(error: DomainError) -> str:
    return gettext(error.message, **error.params)


def attach_error(form: Form, error: DomainError) -> None:
    """Show a service's refusal at its field, or at the top of the form when it has none."""
    form.error(error.field or "__all__", message_of(error))


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths may be redirect targets (no ``//evil.example``)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def page_number(request: Request) -> int:
    try:
        return max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return 1


R = TypeVar("R", bound=Response)


def no_store(response: R) -> R:
    """A page whose address is a secret (a reset or unsubscribe link, a feed): never cached.
    Pages of signed-in users get the same header from the request middleware."""
    response.headers["cache-control"] = "no-store"
    return response


def client_of(request: Request) -> str:
    """The visitor's address (behind a proxy named in ``KAKEHASHI_FORWARDED_ALLOW_IPS``, the
    one it forwarded), for limits per place."""
    return request.client.host if request.client else "unknown"
