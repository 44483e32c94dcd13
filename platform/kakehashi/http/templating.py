"""The Jinja2 environment: autoescaping, translations and the helpers every page uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import Receive, Scope, Send

from kakehashi import i18n, labels
from kakehashi.http import urls
from kakehashi.http.translated_templates import TranslatedEnvironment
from kakehashi.settings import Settings


def build_environment(settings: Settings, locale: str | None = None) -> Environment:
    """The environment pages and mails render with; given a ``locale``, its templates have
    their constant translations folded in (:mod:`kakehashi.http.translated_templates`)."""
    options: dict[str, Any] = {
        "loader": FileSystemLoader(settings.templates_dir),
        "auto_reload": settings.debug,  # else every render stats each template file it uses
        "autoescape": select_autoescape(default=True, default_for_string=True),
        "undefined": StrictUndefined,
        "extensions": ["jinja2.ext.i18n"],
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    env = TranslatedEnvironment(locale, **options) if locale else Environment(**options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: i18n.gettext(message),
        lambda singular, plural, n: i18n.ngettext(singular, plural, n),
        newstyle=True,
    )
    env.filters["date"] = i18n.format_date
    env.filters["wareki"] = i18n.wareki
    env.filters["when"] = i18n.format_when  # a moment in Tokyo time: 2026年12月5日(土) 9:30
    env.globals["query_with"] = query_with
    env.globals["url_for"] = urls.path_for
    env.filters["kind_label"] = lambda v: labels.label(labels.PARTNER_KINDS, v)
    env.filters["kind_option"] = lambda v: (
        getattr(v, "value", v), labels.label(labels.PARTNER_KINDS, v)
    )
    env.filters["criterion_label"] = lambda v: labels.label(labels.CRITERIA, v)
    env.filters["status_label"] = lambda v: labels.label(labels.NEED_STATUSES, v)
    env.filters["approval_label"] = lambda v: labels.label(labels.APPROVAL_STATUSES, v)
    env.filters["close_reason_label"] = lambda v: labels.label(labels.CLOSE_REASONS, v)
    return env


def query_with(request: Request, **changes: Any) -> str:
    """The current URL's query string with some parameters replaced (for filters and pages)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value not in (None, ""):
            params.append((key, str(value)))
    return "?" + urlencode(params) if params else "?"


class TemplateResponse(HTMLResponse):
    """A rendered page that, like Starlette's own, tells a client that asks through the ASGI
    ``http.response.debug`` extension (test clients) which template and context made it."""

    def __init__(self, template: Template, context: dict[str, Any], status_code: int = 200) -> None:
        self.template = template
        self.context = context
        super().__init__(template.render(context), status_code=status_code)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "http.response.debug" in scope.get("extensions", {}):
            await send({"type": "http.response.debug",
                        "info": {"template": self.template, "context": self.context}})
        await super().__call__(scope, receive, send)


class Templates:
    """Renders a template with the request context every page needs, in the page's language."""

    def __init__(self, settings: Settings) -> None:
        self.environments = {locale: build_environment(settings, locale)
                             for locale in i18n.LOCALES}

    def render(
        self, request: Request, name: str, context: dict[str, Any] | None = None,
        status_code: int = 200,
    ) -> TemplateResponse:
        csrf = request.scope.get("csrftoken")
        values: dict[str, Any] = {
            "request": request,
            "user": request.scope.get("kakehashi.user"),
            "unread_count": request.scope.get("kakehashi.unread", 0),
            "email_unverified": request.scope.get("kakehashi.unverified", False),
            "locale": request.scope.get("kakehashi.locale", i18n.DEFAULT_LOCALE),
            "csrf_token": LazyToken(csrf) if callable(csrf) else "",
            "flash": request.session.pop("flash", None) if "session" in request.scope else None,
        }
        values.update(context or {})
        env = self.environments[i18n.choose_locale(i18n.current_locale.get())]
        return TemplateResponse(env.get_template(name), values, status_code=status_code)


class LazyToken:
    """The CSRF token, made only if the page prints it: a page without a form then writes no
    session, sets no cookie and is the same for every visitor, so a proxy may keep it."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], str]) -> None:
        self._make = make
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = self._make()
        return self._value

    def __html__(self) -> str:  # a hex digest: nothing to escape
        return str(self)


def flash(request: Request, message: str) -> None:
    """A one-time notice shown on the next page (after a redirect)."""
    request.session["flash"] = message
