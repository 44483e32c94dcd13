"""The joint evaluation (Kodaira ク): each party scores the eight principles and says what was
achieved and what to improve; once every party has, the coordinator publishes the result."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.collaborations.models import (
    PRINCIPLES,
    Collaboration,
    CollaborationStatus,
    Evaluation,
)
from kakehashi.collaborations.permissions import access, acting, speaking_for
from kakehashi.directory import parties
from kakehashi.errors import Conflict, DomainError
from kakehashi.http.urls import path_for
from kakehashi.introductions.queue import require_coordinator
from kakehashi.notifications import events as notifications


@dataclass(frozen=True)
class Assessment:
    scores: dict[str, int]
    achieved: str
    to_improve: str


def check_scores(scores: dict[str, int]) -> None:
    for code in PRINCIPLES:
        value = scores.get(code)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise DomainError("Please score each principle from 1 to 5.", f"score_{code}")
    if set(scores) - set(PRINCIPLES):
        raise DomainError("Please score each principle from 1 to 5.", "scores")


async def save(user: CurrentUser, collaboration_id: int, party_key: str,
               assessment: Assessment) -> None:
    """A member writes or corrects their own party's evaluation, until it is published."""
    check_scores(assessment.scores)
    if not assessment.achieved.strip():
        raise DomainError("Please fill in this field.", "achieved")
    async with in_transaction():
        found = await acting(user, collaboration_id, lock=True)
        owner = speaking_for(found, user, party_key)
        collaboration = found.collaboration
        if collaboration.status != CollaborationStatus.COMPLETED:
            raise Conflict("The evaluation is written once the work is completed.",
                              "achieved")
        if collaboration.published_at is not None:
            raise Conflict("The evaluation has been published and can no longer change.",
                              "achieved")
        values = {"scores": {c: assessment.scores[c] for c in PRINCIPLES},
                  "achieved": assessment.achieved.strip(),
                  "to_improve": assessment.to_improve.strip(), "author_id": user.id}
        existing = await Evaluation.get_or_none(
            collaboration_id=collaboration.id, party_kind=owner.kind, party_id=owner.id)
        if existing is None:
            await Evaluation.create(collaboration=collaboration, party_kind=owner.kind,
                                    party_id=owner.id, **values)  # type: ignore[arg-type]  # mypy: ** could fill using_db
        else:
            await Evaluation.filter(id=existing.id).update(**values)


async def publish(user: CurrentUser, collaboration_id: int, *, confirmed: bool = True) -> None:
    """Coordinator only, once the work is completed and every party has evaluated; it makes
    the work, its agreement and the evaluations public for good, so it is confirmed."""
    require_coordinator(user)
    if not confirmed:
        raise DomainError("Please tick the box to confirm: this step cannot be undone.",
                          "confirm")
    async with in_transaction():
        found = await access(user, collaboration_id, lock=True)
        collaboration = found.collaboration
        if collaboration.status != CollaborationStatus.COMPLETED:
            raise DomainError("Only a completed collaboration can be published.", "publish")
        if collaboration.published_at is not None:
            raise DomainError("This collaboration is already published.", "publish")
        evaluated = {
            (row["party_kind"], row["party_id"])
            for row in await Evaluation.filter(collaboration_id=collaboration.id).values(
                "party_kind", "party_id")
        }
        if any((o.kind, o.id) not in evaluated for o in found.owners):
            raise DomainError("Every party has to evaluate before publishing.", "publish")
        await Collaboration.filter(id=collaboration.id).update(published_at=now())
        users: set[int] = set()
        for owner in found.owners:
            users.update(await parties.member_user_ids(owner))
        await notifications.notify(
            sorted(users), "collaboration_published", {"title": collaboration.title},
            path_for("collaboration", id=collaboration.id))

