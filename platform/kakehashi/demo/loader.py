"""Loading the generated demo city into the database, idempotently, with one account per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import hash_password
from kakehashi.accounts.models import Membership, Role, User
from kakehashi.demo.generator import generate_city
from kakehashi.demo.introductions import seed_introductions
from kakehashi.demo.office_records import seed_office_records
from kakehashi.demo.records import DemoCity
from kakehashi.directory.indexing import (
    capability_text,
    department_text,
    need_text,
    organisation_text,
)
from kakehashi.directory.models.needs import Capability, CloseReason, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation, PartnerKind
from kakehashi.taxonomy.fields import ensure_taxonomy
from kakehashi.taxonomy.models import District, Field
from kakehashi.timezone import TOKYO

DEMO_PASSWORD = "kakehashi-demo"
PENDING_EVERY = 64
"""Every 64th demo group waits for approval, so the coordinator's list is not empty."""


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    email: str
    password: str
    affiliation: str


@dataclass(frozen=True)
class DemoSummary:
    groups: int
    departments: int
    needs: int
    capabilities: int
    accounts: tuple[DemoAccount, ...]


DEMO_EMAILS = (
    "coordinator@kakehashi.example", "fukushi@kakehashi.example", "group@kakehashi.example",
)


async def existing_demo_accounts() -> list[DemoAccount]:
    """The demo accounts still present (so ``make run`` can remind people of them)."""
    rows = await User.filter(email__in=DEMO_EMAILS, is_active=True).values("email", "role")
    order = {email: i for i, email in enumerate(DEMO_EMAILS)}
    return [
        DemoAccount(Role(r["role"]), r["email"], DEMO_PASSWORD, "")
        for r in sorted(rows, key=lambda r: order[r["email"]])
    ]


async def database_is_empty() -> bool:
    return not (await Organisation.exists() or await Department.exists() or await User.exists())


async def seed_demo(seed: int = 2026) -> DemoSummary:
    """Insert what is missing of the demo city; running it twice adds nothing the second time."""
    city = generate_city(seed=seed)
    await ensure_taxonomy()
    async with in_transaction():
        fields_by_code = {f.code: f for f in await Field.all()}
        departments = await _departments(city, fields_by_code)
        groups = await _groups(city, fields_by_code)
        await _districts(city)
        await _needs(city, fields_by_code, departments, groups)
        await _capabilities(city, fields_by_code, departments, groups)
        accounts = await _accounts(city, departments, groups)
        approved = [groups[g.name] for g in city.groups
                    if groups[g.name].status == ApprovalStatus.APPROVED]
        await seed_introductions(approved[0], departments, approved)
        cleaners = next((g for g in approved if "クリーン" in g.name), approved[-1])
        await seed_office_records(approved[0], cleaners, departments)
    return DemoSummary(
        groups=len(groups), departments=len(departments), needs=len(city.needs),
        capabilities=len(city.capabilities), accounts=accounts,
    )


async def _districts(city: DemoCity) -> None:
    """The city's districts, as the demo groups name them, for sign-up's district list."""
    existing = set(await District.all().values_list("name", flat=True))
    for position, name in enumerate(sorted({g.area for g in city.groups if g.area}), start=1):
        if name not in existing:
            await District.create(name=name, position=position)


async def _departments(city: DemoCity, fields: dict[str, Field]) -> dict[str, Department]:
    existing = {d.name: d for d in await Department.all()}
    for demo in city.departments:
        if demo.name in existing:
            continue
        department = await Department.create(
            name=demo.name, section=demo.section, description=demo.description,
            public_phone=demo.public_phone, contact_name=demo.contact_name,
            contact_email=demo.contact_email, contact_phone=demo.contact_phone,
            search_text=department_text(demo.name, demo.section, demo.description),
        )
        await department.fields_.add(*(fields[c] for c in demo.fields))
        existing[demo.name] = department
    return existing


async def _groups(city: DemoCity, fields: dict[str, Field]) -> dict[str, Organisation]:
    existing = {o.name: o for o in await Organisation.all()}
    for index, demo in enumerate(city.groups):
        if demo.name in existing:
            continue
        pending = index % PENDING_EVERY == PENDING_EVERY - 1
        declared = list(demo.criteria_declared)
        organisation = await Organisation.create(
            name=demo.name, furigana=demo.furigana, kind=PartnerKind(demo.kind), area=demo.area,
            description=demo.description, activities=demo.activities,
            founded_year=demo.founded_year, size=demo.size, criteria_declared=declared,
            criteria_confirmed=declared if index % 3 == 0 else [],
            public_contact=demo.public_contact, contact_name=demo.contact_name,
            contact_email=demo.contact_email, contact_phone=demo.contact_phone,
            status=ApprovalStatus.PENDING if pending else ApprovalStatus.APPROVED,
            search_text=organisation_text(
                demo.name, demo.furigana, demo.area, demo.description, demo.activities
            ),
        )
        await organisation.fields_.add(*(fields[c] for c in demo.fields))
        existing[demo.name] = organisation
    return existing


def _owner(
    kind: str, name: str, departments: dict[str, Department], groups: dict[str, Organisation]
) -> dict[str, object]:
    if kind == "department":
        return {"department": departments[name]}
    return {"organisation": groups[name]}


async def _needs(
    city: DemoCity, fields: dict[str, Field], departments: dict[str, Department],
    groups: dict[str, Organisation],
) -> None:
    existing = set(
        await Need.all().values_list("department__name", "organisation__name", "title")
    )
    for index, demo in enumerate(city.needs):
        key = (
            demo.owner_name if demo.owner_kind == "department" else None,
            demo.owner_name if demo.owner_kind != "department" else None,
            demo.title,
        )
        if key in existing:
            continue
        status = NeedStatus(demo.status)
        opened_at = None
        if status != NeedStatus.DRAFT and demo.period_start:
            opened_day = demo.period_start - timedelta(days=30 + index % 40)
            opened_at = datetime.combine(opened_day, time(9, index % 60), tzinfo=TOKYO)
        need = await Need.create(
            title=demo.title, description=demo.description, area=demo.area,
            period_start=demo.period_start, period_end=demo.period_end, status=status,
            close_reason=(
                (CloseReason.FILLED if index % 2 == 0 else CloseReason.WITHDRAWN)
                if status == NeedStatus.CLOSED else None
            ),
            opened_at=opened_at,
            search_text=need_text(demo.title, demo.description, demo.area),
            **_owner(demo.owner_kind, demo.owner_name, departments, groups),  # type: ignore[arg-type]  # mypy: ** could fill using_db
        )
        await need.fields_.add(*(fields[c] for c in demo.fields))
        existing.add(key)


async def _capabilities(
    city: DemoCity, fields: dict[str, Field], departments: dict[str, Department],
    groups: dict[str, Organisation],
) -> None:
    existing = set(
        await Capability.all().values_list("department__name", "organisation__name", "title")
    )
    for demo in city.capabilities:
        key = (
            demo.owner_name if demo.owner_kind == "department" else None,
            demo.owner_name if demo.owner_kind != "department" else None,
            demo.title,
        )
        if key in existing:
            continue
        capability = await Capability.create(
            title=demo.title, description=demo.description,
            search_text=capability_text(demo.title, demo.description),
            **_owner(demo.owner_kind, demo.owner_name, departments, groups),  # type: ignore[arg-type]  # mypy: ** could fill using_db
        )
        await capability.fields_.add(*(fields[c] for c in demo.fields))
        existing.add(key)


async def _accounts(
    city: DemoCity, departments: dict[str, Department], groups: dict[str, Organisation]
) -> tuple[DemoAccount, ...]:
    """One coordinator, one department member (協働推進課 and 福祉課), one group officer."""
    first_group = next(
        g.name for g in city.groups if groups[g.name].status == ApprovalStatus.APPROVED
    )
    wanted = (
        DemoAccount(Role.COORDINATOR, DEMO_EMAILS[0], DEMO_PASSWORD, ""),
        DemoAccount(Role.DEPARTMENT, DEMO_EMAILS[1], DEMO_PASSWORD, "福祉課"),
        DemoAccount(Role.GROUP, DEMO_EMAILS[2], DEMO_PASSWORD, first_group),
    )
    names = {
        Role.COORDINATOR: "協働推進課 コーディネーター",
        Role.DEPARTMENT: "福祉課 担当者",
        Role.GROUP: f"{first_group} 代表",
    }
    for account in wanted:
        if await User.exists(email=account.email):
            continue
        user = await User.create(
            email=account.email, password_hash=hash_password(account.password),
            role=account.role, display_name=names[account.role],
            email_verified_at=datetime.now(UTC),  # demo addresses count as confirmed
        )
        if account.role == Role.DEPARTMENT:
            await Membership.create(
                user=user, department=departments[account.affiliation], is_officer=True
            )
        elif account.role == Role.GROUP:
            await Membership.create(
                user=user, organisation=groups[account.affiliation], is_officer=True
            )
    return wanted
