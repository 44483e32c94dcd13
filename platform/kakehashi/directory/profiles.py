"""Keeping a group's or department's profile: edits with history, search text and fields.

Coordinator confirmations of the capable-partner criteria are not the group's to give: an edit
only changes what the group declares, and a confirmation goes only when its declaration does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from tortoise.models import Model
from tortoise.transactions import in_transaction

from kakehashi import freshness
from kakehashi.accounts import permissions
from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory import history
from kakehashi.directory.indexing import department_text, organisation_text
from kakehashi.directory.japanese import reading
from kakehashi.directory.models.orgs import Department, Organisation, PartnerKind
from kakehashi.errors import DomainError, NotFound
from kakehashi.taxonomy.models import Field

_CONTACTS = frozenset({"contact_name", "contact_email", "contact_phone"})
QUIET_IN_GROUPS = frozenset({"description", "activities", "founded_year", "size",
                             "public_contact"}) | _CONTACTS
"""What an edit may change and still touch only the group's own page and card and searches for
its words (``kakehashi.freshness``): no list orders or filters by these, and of them the card
shows only the description (the private contact never reaches a page a worker keeps)."""
QUIET_IN_DEPARTMENTS = frozenset({"description", "public_phone"}) | _CONTACTS
"""As :data:`QUIET_IN_GROUPS`, for a department (its section orders the list and is shown on
its card, so it is not quiet)."""


@dataclass(frozen=True)
class OrganisationProfile:
    name: str
    furigana: str
    kind: str
    area: str
    description: str
    activities: str
    fields: tuple[str, ...]
    founded_year: int | None
    size: int | None
    criteria_declared: tuple[str, ...]
    public_contact: str
    contact_name: str
    contact_email: str
    contact_phone: str


@dataclass(frozen=True)
class DepartmentProfile:
    section: str
    description: str
    public_phone: str
    fields: tuple[str, ...]
    contact_name: str
    contact_email: str
    contact_phone: str


async def fields_for(codes: tuple[str, ...] | list[str]) -> list[Field]:
    """The taxonomy rows for ``codes``; an unknown code is refused at the ``fields`` field."""
    found = {f.code: f for f in await Field.filter(code__in=list(codes))}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise DomainError("Unknown choice: %(values)s", "fields", values=", ".join(unknown))
    return [found[c] for c in codes]


async def field_codes_of(record: Model) -> tuple[str, ...]:
    codes = await record.fields_.all().values_list("code", flat=True)  # type: ignore[attr-defined]
    return tuple(sorted(str(c) for c in codes))


async def set_fields(record: Model, fields: list[Field], now: tuple[str, ...] = ()) -> None:
    """Tag ``record`` with ``fields``; ``now``, the codes it has (when read already), spares
    the statements when an edit leaves them as they were."""
    if now and sorted(now) == sorted(f.code for f in fields):
        return
    relation = record.fields_  # type: ignore[attr-defined]
    await relation.clear()
    if fields:
        await relation.add(*fields)


def _snapshot(profile: OrganisationProfile | DepartmentProfile) -> dict[str, Any]:
    values = asdict(profile)
    values["fields"] = sorted(values["fields"])
    if "criteria_declared" in values:
        values["criteria_declared"] = list(values["criteria_declared"])
    return values


async def organisation_profile(organisation_id: int) -> OrganisationProfile:
    organisation = await Organisation.get_or_none(id=organisation_id)
    if organisation is None:
        raise NotFound("Page not found")
    return await _profile_of(organisation)


async def _profile_of(organisation: Organisation) -> OrganisationProfile:
    return OrganisationProfile(
        name=organisation.name, furigana=organisation.furigana,
        kind=str(getattr(organisation.kind, "value", organisation.kind)),
        area=organisation.area, description=organisation.description,
        activities=organisation.activities, fields=await field_codes_of(organisation),
        founded_year=organisation.founded_year, size=organisation.size,
        criteria_declared=tuple(organisation.criteria_declared or ()),
        public_contact=organisation.public_contact, contact_name=organisation.contact_name,
        contact_email=organisation.contact_email, contact_phone=organisation.contact_phone,
    )


async def update_organisation(
    user: CurrentUser, organisation_id: int, profile: OrganisationProfile
) -> None:
    await permissions.require_organisation(user, organisation_id)
    profile = replace(profile, furigana=reading(profile.furigana))
    fields = await fields_for(profile.fields)
    async with in_transaction():
        if await Organisation.filter(name=profile.name).exclude(id=organisation_id).exists():
            raise DomainError("A group with this name is already registered.", "name")
        organisation = await Organisation.get(id=organisation_id)
        before = await _profile_of(organisation)
        confirmed_before = list(organisation.criteria_confirmed or [])
        confirmed = [c for c in confirmed_before if c in profile.criteria_declared]
        changes = history.diff(_snapshot(before), _snapshot(profile))
        if confirmed != confirmed_before:
            changes["criteria_confirmed"] = [confirmed_before, confirmed]
        values = asdict(profile)
        values.pop("fields")
        values["kind"] = PartnerKind(profile.kind)
        values["criteria_declared"] = list(profile.criteria_declared)
        text_before = organisation.search_text
        organisation.update_from_dict(values)
        organisation.criteria_confirmed = confirmed
        organisation.search_text = organisation_text(
            profile.name, profile.furigana, profile.area, profile.description,
            profile.activities,
        )
        await organisation.save()
        await set_fields(organisation, fields, before.fields)
        await history.record("organisation", organisation_id, "edited", user.id, changes)
    freshness.saved(Organisation._meta.db_table, organisation_id, changes, QUIET_IN_GROUPS,
                    (text_before, organisation.search_text))


async def department_profile(department_id: int) -> DepartmentProfile:
    department = await Department.get_or_none(id=department_id)
    if department is None:
        raise NotFound("Page not found")
    return await _department_profile_of(department)


async def _department_profile_of(department: Department) -> DepartmentProfile:
    return DepartmentProfile(
        section=department.section, description=department.description,
        public_phone=department.public_phone, fields=await field_codes_of(department),
        contact_name=department.contact_name, contact_email=department.contact_email,
        contact_phone=department.contact_phone,
    )


async def update_department(
    user: CurrentUser, department_id: int, profile: DepartmentProfile
) -> None:
    await permissions.require_department(user, department_id)
    fields = await fields_for(profile.fields)
    async with in_transaction():
        department = await Department.get(id=department_id)
        before, text_before = await _department_profile_of(department), department.search_text
        values = asdict(profile)
        values.pop("fields")
        department.update_from_dict(values)
        department.search_text = department_text(
            department.name, profile.section, profile.description
        )
        await department.save()
        await set_fields(department, fields, before.fields)
        changes = history.diff(_snapshot(before), _snapshot(profile))
        await history.record("department", department_id, "edited", user.id, changes)
    freshness.saved(Department._meta.db_table, department_id, changes, QUIET_IN_DEPARTMENTS,
                    (text_before, department.search_text))
