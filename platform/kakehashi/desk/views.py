"""What waits for the collaboration office today, read from the concepts that own it.

Each row links to the page where it is acted on; acting there removes the row, because the
desk keeps no state of its own and is read fresh on every visit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from tortoise.timezone import now

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import parties
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.errors import Forbidden
from kakehashi.http.urls import path_for
from kakehashi.introductions.models import QueueItem, QueueOrigin, QueueStatus
from kakehashi.proposals.views import waiting_counts
from kakehashi.suggestions import concentration

UNANSWERED_DAYS = 7
"""A request the office has not answered for longer than this is on the desk."""


@dataclass(frozen=True)
class DeskRow:
    label: str
    url: str


@dataclass(frozen=True)
class DeskGroup:
    """One kind of work (its key names it on the page) and its rows."""

    key: str
    rows: list[DeskRow] = field(default_factory=list)


@dataclass(frozen=True)
class Desk:
    groups: list[DeskGroup]
    unanswered_days: int = UNANSWERED_DAYS

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


async def _pending_groups() -> DeskGroup:
    names = await Organisation.filter(status=ApprovalStatus.PENDING).order_by(
        "created_at", "id").values_list("name", flat=True)
    url = path_for("coordinator_approvals")
    return DeskGroup("approvals", [DeskRow(str(n), url) for n in names])


async def _unanswered_requests(days: int) -> DeskGroup:
    items = await QueueItem.filter(
        origin=QueueOrigin.REQUEST, status=QueueStatus.OPEN,
        created_at__lt=now() - timedelta(days=days)).order_by("created_at", "id")
    names = await parties.parties([Owner(i.party_a_kind, i.party_a_id) for i in items]
                                  + [Owner(i.party_b_kind, i.party_b_id) for i in items])
    rows = []
    for i in items:
        a = names.get(Owner(i.party_a_kind, i.party_a_id))
        b = names.get(Owner(i.party_b_kind, i.party_b_id))
        label = f"{a.name if a else '?'} → {b.name if b else '?'}"
        rows.append(DeskRow(label, path_for("propose_introduction", id=i.id)))
    return DeskGroup("requests", rows)


async def _proposals(user: CurrentUser) -> list[DeskGroup]:
    waiting = await waiting_counts(user)
    route = [DeskRow(f"#{n + 1}", path_for("coordinator_proposals"))
             for n in range(waiting.to_route)]
    decide = [DeskRow(f"#{n + 1}", path_for("coordinator_sponsorships"))
              for n in range(waiting.to_decide)]
    return [DeskGroup("proposals", route), DeskGroup("sponsorships",
                                                               decide)]


async def _concentration(user: CurrentUser) -> DeskGroup:
    url = path_for("coordinator_concentration")
    rows = [DeskRow(f"{d.section} {d.name}".strip(), url)
            for d in await concentration.all_concentrations(user) if d.warning]
    return DeskGroup("concentration", rows)


async def today(user: CurrentUser) -> Desk:
    """Everything waiting for the office, in the order the work is usually done."""
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")
    groups = [await _pending_groups(), await _unanswered_requests(UNANSWERED_DAYS),
              *await _proposals(user), await _concentration(user)]
    return Desk(groups)
