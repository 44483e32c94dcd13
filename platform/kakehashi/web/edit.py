"""Owners keeping what is theirs: profiles, needs, capabilities, history and officer handover."""

from starlette.routing import BaseRoute

from kakehashi.web import (
    edit_capabilities,
    edit_history,
    edit_members,
    edit_needs,
    edit_profiles,
)

routes: list[BaseRoute] = [
    *edit_profiles.routes,
    *edit_needs.routes,
    *edit_capabilities.routes,
    *edit_history.routes,
    *edit_members.routes,
]
