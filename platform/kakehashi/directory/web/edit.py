"""Owners keeping what is theirs: profiles, needs, capabilities, history and officer handover."""

from starlette.routing import BaseRoute

from kakehashi.accounts import web_members as edit_members
from kakehashi.directory.web import capabilities as edit_capabilities
from kakehashi.directory.web import history as edit_history
from kakehashi.directory.web import needs as edit_needs
from kakehashi.directory.web import profiles as edit_profiles

routes: list[BaseRoute] = [
    *edit_profiles.routes,
    *edit_needs.routes,
    *edit_capabilities.routes,
    *edit_history.routes,
    *edit_members.routes,
]
