"""The application factory: middleware, routes and the database lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.contrib.starlette import RegisterTortoise

from kakehashi.accounts.auth import LoginRequired
from kakehashi.api import web as api
from kakehashi.db import tortoise_config
from kakehashi.http import page_changes, urls
from kakehashi.http.caching import ConditionalGetMiddleware
from kakehashi.http.csrf import CSRFMiddleware
from kakehashi.http.middleware import RequestContextMiddleware
from kakehashi.http.public_pages import PublicPages
from kakehashi.http.request_limits import BodyLimits, RequestLimitsMiddleware
from kakehashi.http.security_headers import SecurityHeadersMiddleware, security_headers
from kakehashi.http.templating import Templates
from kakehashi.http.urls import path_for
from kakehashi.routes import build_routes
from kakehashi.settings import Settings

SESSION_COOKIE = "kakehashi_session"


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """``manage_database=False`` leaves Tortoise to the caller (the tests open it per test)."""
    settings = settings or Settings.from_env()
    templates = Templates(settings)
    public_pages = PublicPages(settings.public_page_seconds)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        async with (RegisterTortoise(app, config=tortoise_config(settings.database_url)),
                    page_changes.heard_by_every_worker(settings.database_url, public_pages)):
            # What exists now (modules, templates, the ORM's models) lives as long as the
            # worker: leave it out of the collector's full passes, which otherwise walk it
            # all again in the middle of requests.
            gc.collect()
            gc.freeze()
            yield
            gc.unfreeze()

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        login = path_for("login")
        return RedirectResponse(f"{login}?next={quote(exc.next_path)}", status_code=303)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        status = exc.status_code if exc.status_code in (400, 403, 404, 405, 413) else 500
        if request.url.path.startswith("/api/"):
            return api.http_error(status, headers=exc.headers)
        return templates.render(
            request, "errors/error.html", {"status": status}, status_code=status
        )

    async def server_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            response: Response = api.http_error(500)
        else:
            response = templates.render(request, "errors/error.html", {"status": 500},
                                        status_code=500)
        response.headers.update(security_headers(settings.https))
        return response

    routes = build_routes(settings.static_dir)
    urls.install(routes)
    app = Starlette(
        debug=settings.debug,
        routes=routes,
        middleware=[
            Middleware(SecurityHeadersMiddleware, https=settings.https),
            Middleware(ConditionalGetMiddleware, public_pages=public_pages),
            Middleware(RequestLimitsMiddleware, limits=BodyLimits(
                settings.max_form_bytes, settings.max_json_bytes, settings.max_upload_bytes)),
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key,
                session_cookie=SESSION_COOKIE,
                https_only=settings.https,
                same_site="lax",
                max_age=14 * 24 * 3600,
            ),
            Middleware(RequestContextMiddleware),
            Middleware(CSRFMiddleware, secret=settings.secret_key, secure=settings.https),
        ],
        exception_handlers={
            LoginRequired: login_required,
            HTTPException: http_error,
            500: server_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.templates = templates
    return app
