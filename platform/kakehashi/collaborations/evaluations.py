"""The joint evaluation (Kodaira ク): each party scores the eight principles and says what was
achieved and what to improve. Each party's answers stay hidden from the others until every party
has submitted (see ``views.detail``), so no one adjusts to another's scores; then every party
agrees to publication (公開について協議), and only then may the coordinator publish."""

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
        # Agreement to publish was given to the texts as they were: a change asks for it again.
        await Evaluation.filter(collaboration_id=collaboration.id).update(
            publication_consented_at=None)


async def _submitted(collaboration_id: int) -> dict[tuple[str, int], bool]:
    """Which parties have evaluated, and whether each agreed to publication."""
    return {
        (row["party_kind"], row["party_id"]): row["publication_consented_at"] is not None
        for row in await Evaluation.filter(collaboration_id=collaboration_id).values(
            "party_kind", "party_id", "publication_consented_at")
    }


async def consent_to_publish(user: CurrentUser, collaboration_id: int, party_key: str) -> None:
    """A member agrees, for their party, that the evaluated result may be made public. Asked
    once every party's evaluation is in, so each agrees to what will actually be shown."""
    async with in_transaction():
        found = await acting(user, collaboration_id, lock=True)
        owner = speaking_for(found, user, party_key)
        collaboration = found.collaboration
        if collaboration.published_at is not None:
            raise Conflict("This collaboration is already published.", "consent")
        submitted = await _submitted(collaboration.id)
        if any((o.kind, o.id) not in submitted for o in found.owners):
            raise DomainError("Every party has to evaluate before publishing.", "consent")
        await Evaluation.filter(collaboration_id=collaboration.id, party_kind=owner.kind,
                                party_id=owner.id).update(publication_consented_at=now())


async def publish(user: CurrentUser, collaboration_id: int, *, confirmed: bool = True) -> None:
    """Coordinator only, once the work is completed, every party has evaluated and agreed to
    publication; it makes
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
        submitted = await _submitted(collaboration.id)
        if any((o.kind, o.id) not in submitted for o in found.owners):
            raise DomainError("Every party has to evaluate before publishing.", "publish")
        if not all(submitted[(o.kind, o.id)] for o in found.owners):
            raise DomainError("Every party has to agree to publication first.", "publish")
        await Collaboration.filter(id=collaboration.id).update(published_at=now())
        users: set[int] = set()
        for owner in found.owners:
            users.update(await parties.member_user_ids(owner))
        await notifications.notify(
            sorted(users), "collaboration_published", {"title": collaboration.title},
            path_for("collaboration", id=collaboration.id))

