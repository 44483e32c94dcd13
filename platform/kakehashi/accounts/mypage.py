"""What a signed-in user sees first: their groups or department and what waits for them."""

from __future__ import annotations

from dataclasses import dataclass, field

from kakehashi.accounts.auth import CurrentUser
from kakehashi.collaborations import cards as collaboration_cards
from kakehashi.collaborations.cards import CollaborationCard
from kakehashi.desk.mine import Task, waiting_for
from kakehashi.directory import approval
from kakehashi.directory.models.needs import Capability, Need
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.introductions.requests import OpenRequest, open_requests
from kakehashi.introductions.views import IntroductionRow, my_introductions
from kakehashi.proposals.views import Waiting, waiting_counts


@dataclass(frozen=True)
class OwnItem:
    """One of the affiliation's needs or capabilities, with its status (needs only)."""

    id: int
    title: str
    status: str = ""


@dataclass(frozen=True)
class Affiliation:
    kind: str
    id: int
    name: str
    status: str
    is_officer: bool
    needs: list[OwnItem] = field(default_factory=list)
    capabilities: list[OwnItem] = field(default_factory=list)
    rejection_reason: str = ""

    @property
    def owner_key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class MyPage:
    affiliations: list[Affiliation] = field(default_factory=list)
    pending_groups: int = 0
    introductions: list[IntroductionRow] = field(default_factory=list)
    """Current introductions of the user's groups and departments."""
    waiting: Waiting = field(default_factory=Waiting)
    """Proposals and 後援 applications waiting for the user (routing, answer, decision)."""
    collaborations: list[CollaborationCard] = field(default_factory=list)
    requests: list[OpenRequest] = field(default_factory=list)
    """The user's groups' and departments' requests to be introduced, still with the office."""
    tasks: list[Task] = field(default_factory=list)
    """What is waiting for the user: answers, consent, evaluations, outcomes."""


async def _own_items(kind: str, owner_id: int) -> tuple[list[OwnItem], list[OwnItem]]:
    owner = {f"{kind}_id": owner_id}
    needs = await Need.filter(**owner).order_by("-created_at", "-id").values(
        "id", "title", "status"
    )
    capabilities = await Capability.filter(**owner).order_by("-created_at", "-id").values(
        "id", "title"
    )
    return (
        [OwnItem(n["id"], n["title"], str(getattr(n["status"], "value", n["status"])))
         for n in needs],
        [OwnItem(c["id"], c["title"]) for c in capabilities],
    )


async def for_user(user: CurrentUser) -> MyPage:
    affiliations: list[Affiliation] = []
    for o in await Organisation.filter(id__in=user.organisation_ids).order_by("name"):
        needs, capabilities = await _own_items("organisation", o.id)
        reason = (
            await approval.rejection_reason(o.id) if o.status == ApprovalStatus.REJECTED else ""
        )
        affiliations.append(Affiliation(
            "organisation", o.id, o.name, o.status, o.id in user.officer_of, needs, capabilities,
            rejection_reason=reason,
        ))
    for d in await Department.filter(id__in=user.department_ids).order_by("name"):
        needs, capabilities = await _own_items("department", d.id)
        affiliations.append(
            Affiliation("department", d.id, d.name, "approved", True, needs, capabilities)
        )
    pending = (
        await Organisation.filter(status=ApprovalStatus.PENDING).count()
        if user.is_coordinator else 0
    )
    return MyPage(affiliations=affiliations, pending_groups=pending,
                  introductions=await my_introductions(user),
                  waiting=await waiting_counts(user),
                  collaborations=await collaboration_cards.mine(user),
                  requests=await open_requests(user), tasks=await waiting_for(user))
