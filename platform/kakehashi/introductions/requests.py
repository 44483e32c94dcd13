"""A group's or department's own requests to be introduced: what it has asked for and is still
waiting on, shown on its My page and on the page of the party it asked to meet, and taken back
(取り下げ) while the office has not acted on it yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q
from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import parties
from kakehashi.directory.models.needs import Need
from kakehashi.errors import DomainError, NotFound
from kakehashi.http.urls import path_for
from kakehashi.introductions.models import QueueItem, QueueOrigin, QueueStatus
from kakehashi.notifications import events as notifications

MAX_REASON = 1000


@dataclass(frozen=True)
class OpenRequest:
    id: int
    asker: parties.Party
    target: parties.Party
    need_id: int | None
    need_title: str
    message: str
    created_at: datetime


def _asked_by(user: CurrentUser) -> Q:
    """Requests written for any group or department the user belongs to."""
    return (Q(party_a_kind="organisation", party_a_id__in=list(user.organisation_ids))
            | Q(party_a_kind="department", party_a_id__in=list(user.department_ids)))


async def open_requests(user: CurrentUser, target: Owner | None = None) -> list[OpenRequest]:
    """The user's parties' requests still waiting for the office, newest first (only those
    to meet ``target`` when given)."""
    if not (user.organisation_ids or user.department_ids):
        return []
    query = QueueItem.filter(_asked_by(user), origin=QueueOrigin.REQUEST,
                             status=QueueStatus.OPEN)
    if target is not None:
        query = query.filter(party_b_kind=target.kind, party_b_id=target.id)
    items = await query.order_by("-created_at", "-id")
    names = await parties.parties(
        [Owner(i.party_a_kind, i.party_a_id) for i in items]
        + [Owner(i.party_b_kind, i.party_b_id) for i in items])
    need_ids = [i.need_id for i in items if i.need_id]
    titles = dict(await Need.filter(id__in=need_ids).values_list("id", "title")) \
        if need_ids else {}
    found = []
    for item in items:
        asker = names.get(Owner(item.party_a_kind, item.party_a_id))
        other = names.get(Owner(item.party_b_kind, item.party_b_id))
        if asker and other:
            found.append(OpenRequest(item.id, asker, other, item.need_id,
                                     str(titles.get(item.need_id, "")), item.message,
                                     item.created_at))
    return found


async def withdrawable(user: CurrentUser, item_id: int) -> OpenRequest:
    """One of the user's open requests, or :class:`NotFound` (someone else's is not shown)."""
    for request in await open_requests(user):
        if request.id == item_id:
            return request
    raise NotFound("Page not found")


async def withdraw(user: CurrentUser, item_id: int, reason: str) -> None:
    """Take a request back: it leaves the office's queue as 取り下げ and the coordinators are
    told, with the reason if one was given."""
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise DomainError("Please keep this under %(max)s characters (now %(now)s).", "reason",
                          max=MAX_REASON, now=len(reason))
    request = await withdrawable(user, item_id)
    async with in_transaction():
        taken = await QueueItem.filter(id=item_id, status=QueueStatus.OPEN).update(
            status=QueueStatus.WITHDRAWN, dismiss_note=reason, handled_by_id=user.id,
            handled_at=localtime())
        if not taken:
            raise DomainError("The collaboration office has already acted on this request.",
                              "reason")
        await notifications.notify(
            await parties.coordinator_user_ids(), "introduction_request_withdrawn",
            {"party_a": request.asker.name, "party_b": request.target.name, "reason": reason},
            path_for("queue"))
