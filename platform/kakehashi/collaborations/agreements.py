"""The written agreement (協定書・役割分担) every party approves before the work starts.

Each edit is a new version; a party's member approves the latest version for that party.
When every group and department has approved the same version the collaboration is agreed;
a new version after that returns it to draft and asks every party again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations.models import (
    AgreementApproval,
    AgreementVersion,
    Collaboration,
    CollaborationStatus,
)
from kakehashi.collaborations.permissions import Access, acting, speaking_for
from kakehashi.directory import parties
from kakehashi.errors import Conflict, DomainError
from kakehashi.http.urls import path_for
from kakehashi.notifications import events as notifications

MAX_AMOUNT = 10_000_000_000
"""Ten billion yen: more than any collaboration's budget, well inside a JSON integer."""


@dataclass(frozen=True)
class Cost:
    party: str
    amount: int
    note: str = ""


@dataclass(frozen=True)
class PartyRole:
    party: str
    role: str
    responsibility: str = ""


@dataclass(frozen=True)
class Terms:
    """One version's content: the same fields the printable page shows."""

    purpose: str
    plan: str
    period_start: date
    period_end: date
    costs: list[Cost]
    roles: list[PartyRole]
    city_can: str = ""
    city_cannot: str = ""
    personal_information: str = ""
    insurance: str = ""
    evaluation_plan: str = ""
    change_termination: str = ""
    check_in_every: int | None = None
    check_in_unit: str = ""


CLAUSES = ("personal_information", "insurance", "evaluation_plan", "change_termination")
"""The written clauses beyond purpose, plan, period, costs and roles, in the page's order."""
CHECK_IN_UNITS = ("week", "month")
MAX_CHECK_IN_EVERY = 52


def check_terms(terms: Terms, owners: list[Owner]) -> None:
    """One cost and one role per party, amounts whole yen from 0, a period that ends after it
    starts. Raises at the field the page shows (``cost_<party>``, ``role_<party>``…)."""
    if not terms.purpose.strip():
        raise DomainError("Please fill in this field.", "purpose")
    if not terms.plan.strip():
        raise DomainError("Please fill in this field.", "plan")
    if terms.period_end < terms.period_start:
        raise DomainError("The period cannot end before it starts.", "period_end")
    if terms.check_in_every is not None:
        if terms.check_in_unit not in CHECK_IN_UNITS:
            raise DomainError("Please choose weeks or months.", "check_in_unit")
        if not 1 <= terms.check_in_every <= MAX_CHECK_IN_EVERY:
            raise DomainError("Please enter a number from 1 to 52.", "check_in_every")
    keys = [o.key for o in owners]
    costs = {c.party: c for c in terms.costs}
    roles = {r.party: r for r in terms.roles}
    if set(costs) != set(keys) or len(costs) != len(terms.costs):
        raise DomainError("Please give one cost line for each party.", "costs")
    if set(roles) != set(keys) or len(roles) != len(terms.roles):
        raise DomainError("Please give one role for each party.", "roles")
    for key in keys:
        amount = costs[key].amount
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise DomainError("Please enter the amount in yen as a whole number.", f"cost_{key}")
        if amount < 0 or amount > MAX_AMOUNT:
            raise DomainError("The amount cannot be negative.", f"cost_{key}")
        if not roles[key].role.strip():
            raise DomainError("Please say what this party does.", f"role_{key}")


async def propose(user: CurrentUser, collaboration_id: int, terms: Terms) -> int:
    """Write a new version (a coordinator or a party's member); returns its number."""
    async with in_transaction():
        found = await acting(user, collaboration_id, lock=True)
        collaboration = found.collaboration
        if collaboration.status not in (CollaborationStatus.DRAFT, CollaborationStatus.AGREED):
            raise Conflict("The agreement cannot change once the work has started.",
                              "purpose")
        check_terms(terms, found.owners)
        latest = await AgreementVersion.filter(collaboration_id=collaboration.id).order_by(
            "-number").first().values("number")
        number = (latest["number"] if latest else 0) + 1
        await AgreementVersion.create(
            collaboration=collaboration, number=number, purpose=terms.purpose.strip(),
            plan=terms.plan.strip(), period_start=terms.period_start,
            period_end=terms.period_end,
            costs=[{"party": c.party, "amount": c.amount, "note": c.note} for c in terms.costs],
            roles=[{"party": r.party, "role": r.role, "responsibility": r.responsibility}
                   for r in terms.roles],
            city_can=terms.city_can, city_cannot=terms.city_cannot, created_by_id=user.id,
            **{name: getattr(terms, name).strip() for name in CLAUSES},
            check_in_every=terms.check_in_every,
            check_in_unit=terms.check_in_unit if terms.check_in_every else "",
        )
        await Collaboration.filter(id=collaboration.id).update(
            status=CollaborationStatus.DRAFT, agreed_version=None)
        await _tell(found, "agreement_proposed", number)
    return number


async def approve(user: CurrentUser, collaboration_id: int, number: int,
                  party_key: str) -> bool:
    """A member approves the latest version for their party; returns True when that made
    every party agree (status agreed, agreed_version set, in the same transaction)."""
    async with in_transaction():
        found = await acting(user, collaboration_id, lock=True)
        owner = speaking_for(found, user, party_key)
        collaboration = found.collaboration
        version = await AgreementVersion.filter(
            collaboration_id=collaboration.id).order_by("-number").first()
        if version is None or version.number != number:
            raise Conflict("Please approve the latest version of the agreement.", "approve")
        if collaboration.status != CollaborationStatus.DRAFT:
            raise Conflict("This version has already been agreed.", "approve")
        if await AgreementApproval.exists(version_id=version.id, party_kind=owner.kind,
                                          party_id=owner.id):
            raise Conflict("Your party has already approved this version.", "approve")
        await AgreementApproval.create(version=version, party_kind=owner.kind,
                                       party_id=owner.id, approved_by_id=user.id)
        approved = {
            (row["party_kind"], row["party_id"])
            for row in await AgreementApproval.filter(version_id=version.id).values(
                "party_kind", "party_id")
        }
        if any((o.kind, o.id) not in approved for o in found.owners):
            return False
        await Collaboration.filter(id=collaboration.id).update(
            status=CollaborationStatus.AGREED, agreed_version=number)
        await _tell(found, "agreement_agreed", number)
    return True


async def _tell(found: Access, event: str, number: int) -> None:
    users: set[int] = set()
    for owner in found.owners:
        users.update(await parties.member_user_ids(owner))
    await notifications.notify(
        sorted(users), event, {"title": found.collaboration.title, "number": number},
        path_for("collaboration_agreement", id=found.collaboration.id))
