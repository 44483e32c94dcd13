"""The coordinator's queue, introduction requests, introductions and their meetings."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
