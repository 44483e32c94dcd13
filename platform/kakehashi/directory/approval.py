"""The collaboration office's checks of groups: approving new groups and confirming criteria.

A new group stays hidden until a coordinator approves it; a refusal carries a reason the group
can read. The six marks of a capable partner are self-declared by the group and may only be
confirmed by the office where the group declared them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from kakehashi.directory import history
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.orgs import ApprovalStatus, Criterion, Organisation
from kakehashi.errors import DomainError, NotFound
from kakehashi.taxonomy.fields import label_for

MAX_REASON_LENGTH = 2000


@dataclass(frozen=True)
class PendingGroup:
    """What the office needs to decide on a group, including its private contact."""

    id: int
    name: str
    furigana: str
    kind: str
    area: str
    description: str
    activities: str
    founded_year: int | None
    size: int | None
    fields: list[str]
    criteria_declared: list[str]
    public_contact: str
    contact_name: str
    contact_email: str
    contact_phone: str
    created_at: datetime


async def pending_groups() -> list[PendingGroup]:
    """Groups waiting for approval, oldest first (first come, first served)."""
    organisations = await Organisation.filter(status=ApprovalStatus.PENDING).order_by(
        "created_at", "id"
    ).prefetch_related("fields_")
    return [
        PendingGroup(
            id=o.id, name=o.name, furigana=o.furigana, kind=o.kind, area=o.area,
            description=o.description, activities=o.activities, founded_year=o.founded_year,
            size=o.size,
            fields=[label_for(f.label_ja, f.label_en) for f in o.fields_],
            criteria_declared=list(o.criteria_declared or []),
            public_contact=o.public_contact, contact_name=o.contact_name,
            contact_email=o.contact_email, contact_phone=o.contact_phone,
            created_at=o.created_at,
        )
        for o in organisations
    ]


async def _locked(organisation_id: int) -> Organisation:
    organisation = await Organisation.filter(id=organisation_id).select_for_update().first()
    if organisation is None:
        raise NotFound("This group does not exist.")
    return organisation


async def approve(organisation_id: int, user_id: int) -> None:
    """Make the group public. A group once refused may be approved after it put things right."""
    async with in_transaction():
        organisation = await _locked(organisation_id)
        if organisation.status == ApprovalStatus.APPROVED:
            raise DomainError("This group has already been approved.")
        before = organisation.status.value
        organisation.status = ApprovalStatus.APPROVED
        await organisation.save(update_fields=["status", "updated_at"])
        await history.record(
            "organisation", organisation.id, "approved", user_id,
            {"status": [before, ApprovalStatus.APPROVED.value]},
        )


async def reject(organisation_id: int, user_id: int, reason: str) -> None:
    """Refuse a waiting group with a plain-language reason the group will read.

    The organisation table has no column for the reason, so it is kept in the change history.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("Please tell the group why it cannot be approved.", "reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(
            "Please keep this under %(max)s characters (now %(now)s).", "reason",
            max=MAX_REASON_LENGTH, now=len(reason),
        )
    async with in_transaction():
        organisation = await _locked(organisation_id)
        if organisation.status != ApprovalStatus.PENDING:
            raise DomainError("Only a group waiting for approval can be refused.")
        organisation.status = ApprovalStatus.REJECTED
        await organisation.save(update_fields=["status", "updated_at"])
        await history.record(
            "organisation", organisation.id, "rejected", user_id,
            {"status": [ApprovalStatus.PENDING.value, ApprovalStatus.REJECTED.value],
             "reason": [None, reason]},
        )


async def rejection_reason(organisation_id: int) -> str:
    """The reason given with the latest refusal, for the group's own pages ("" if none)."""
    record = await ChangeRecord.filter(
        entity_type="organisation", entity_id=organisation_id, action="rejected"
    ).order_by("-created_at", "-id").first()
    if record is None:
        return ""
    pair = (record.changes or {}).get("reason") or [None, ""]
    return str(pair[-1] or "")


@dataclass(frozen=True)
class CriteriaCheck:
    """One group's six criteria: which it declared and which the office confirmed."""

    organisation_id: int
    name: str
    status: str
    declared: list[str]
    confirmed: list[str]


async def criteria_check(organisation_id: int) -> CriteriaCheck:
    organisation = await Organisation.get_or_none(id=organisation_id)
    if organisation is None:
        raise NotFound("This group does not exist.")
    return CriteriaCheck(
        organisation_id=organisation.id, name=organisation.name,
        status=organisation.status.value,
        declared=list(organisation.criteria_declared or []),
        confirmed=list(organisation.criteria_confirmed or []),
    )


async def confirm_criteria(organisation_id: int, user_id: int, confirmed: list[str]) -> None:
    """Record which declared criteria the office has checked; undeclared ones cannot be."""
    order = [c.value for c in Criterion]
    unknown = [c for c in confirmed if c not in order]
    if unknown:
        raise DomainError("Unknown choice: %(values)s", "confirmed", values=", ".join(unknown))
    async with in_transaction():
        organisation = await Organisation.filter(id=organisation_id).select_for_update().first()
        if organisation is None:
            raise NotFound("This group does not exist.")
        declared = set(organisation.criteria_declared or [])
        undeclared = [c for c in confirmed if c not in declared]
        if undeclared:
            raise DomainError(
                "Only criteria the group has declared can be confirmed.", "confirmed"
            )
        before = list(organisation.criteria_confirmed or [])
        after = [c for c in order if c in set(confirmed)]
        if before == after:
            return
        organisation.criteria_confirmed = after
        await organisation.save(update_fields=["criteria_confirmed", "updated_at"])
        await history.record(
            "organisation", organisation.id, "criteria_confirmed", user_id,
            history.diff({"criteria_confirmed": before}, {"criteria_confirmed": after}),
        )
