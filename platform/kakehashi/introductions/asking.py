"""What a reader of a call's, group's or department's page can do to meet its people: ask to be
introduced, see that its request is already waiting, wait for its group's approval, or sign in.

One answer for the three pages (and the request form's own refusals agree with it: the same
``permissions.askers``), so a page never offers what the form would then refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.introductions import permissions, requests


@dataclass(frozen=True)
class AskState:
    kind: str
    """``visitor`` (not signed in), ``own`` (the reader's own page, or a coordinator's),
    ``waiting_approval`` (its group is not approved yet), ``requested`` (a request of its is
    waiting for the office) or ``can_ask``."""
    request: requests.OpenRequest | None = None


async def ask_state(user: CurrentUser | None, target: Owner) -> AskState:
    if user is None:
        return AskState("visitor")
    if user.is_coordinator or target.id in (
            user.organisation_ids if target.kind == "organisation" else user.department_ids):
        return AskState("own")
    if not await permissions.askers(user, target):
        return AskState("waiting_approval" if user.organisation_ids else "own")
    waiting = await requests.open_requests(user, target)
    if waiting:
        return AskState("requested", waiting[0])
    return AskState("can_ask")
