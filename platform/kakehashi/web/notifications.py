"""The inbox, mail settings, unsubscribe, calendar downloads and feeds, password reset and
e-mail verification."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
