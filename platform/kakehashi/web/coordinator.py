"""Placeholder: this area's routes are added by its own change."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
