"""The one routing table: each area of the site contributes its routes from ``web/``."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from kakehashi.accounts import web as accounts
from kakehashi.accounts import web_passwords as passwords
from kakehashi.api import web as api
from kakehashi.collaborations import web as collaborations
from kakehashi.directory.web import browse, edit, home
from kakehashi.directory.web import coordination as coordinator
from kakehashi.introductions.web import calendars, introductions
from kakehashi.notifications import web as notifications
from kakehashi.proposals.web import proposals, sponsorships
from kakehashi.publishing.web import open_data, statistics
from kakehashi.suggestions import web as suggestions


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
