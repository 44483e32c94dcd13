"""What the owners' editing pages of the directory share: whose record a new one is, and the
capable-partner criteria as checkboxes."""

from __future__ import annotations

from starlette.requests import Request

from kakehashi import labels
from kakehashi.accounts.permissions import Owner, parse_owner
from kakehashi.errors import NotFound
from kakehashi.http.handling import refuse


def owner_from(request: Request) -> Owner:
    """The ``?owner=organisation:3`` of a "new" page; a malformed owner is a missing page."""
    try:
        return parse_owner(request.query_params.get("owner", ""))
    except NotFound as error:
        refuse(error)


def criteria_options() -> list[tuple[str, str, bool]]:
    return [(value, text, False) for value, text in labels.options(labels.CRITERIA)]
