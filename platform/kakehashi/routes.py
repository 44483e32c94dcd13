"""The one routing table: each area of the site contributes its routes from ``web/``."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from kakehashi.web import (
    accounts,
    api,
    browse,
    calendars,
    collaborations,
    coordinator,
    edit,
    home,
    introductions,
    notifications,
    open_data,
    passwords,
    proposals,
    sponsorships,
    statistics,
    suggestions,
)


def build_routes(static_dir: Path) -> list[BaseRoute]:
    return [
        *home.routes,
        *accounts.routes,
        *browse.routes,
        *edit.routes,
        *coordinator.routes,
        *suggestions.routes,
        *introductions.routes,
        *collaborations.routes,
        *notifications.routes,
        *calendars.routes,
        *passwords.routes,
        *proposals.routes,
        *sponsorships.routes,
        *statistics.routes,
        *open_data.routes,
        *api.routes,
        Mount("/static", app=StaticFiles(directory=static_dir), name="static"),
    ]
