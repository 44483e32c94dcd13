"""Detail pages: a group's or department's profile, a call for partners, an offer.

A record the viewer may not see (:mod:`kakehashi.directory.visibility`) is "not found", as if it
did not exist; private contacts are filled in only for coordinators and the record's own members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import ValuesQuery

from kakehashi import freshness
from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory.cards import (
    CAPABILITIES,
    NEEDS,
    OWNER_VALUES,
    CapabilityCard,
    FieldTag,
    NeedCard,
    Owner,
    field_ids_column,
    owner_of,
    tags_from,
)
from kakehashi.directory.listings import NEWEST_FIRST, newest_first
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import Criterion, Department, Organisation
from kakehashi.directory.visibility import (
    visible_capabilities,
    visible_needs,
    visible_organisations,
)
from kakehashi.errors import NotFound
from kakehashi.prepared import AN_ID, Prepared


@dataclass(frozen=True)
class PrivateContact:
    """Who to write to; shown only to coordinators and the record's own members."""

    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class CriterionMark:
    code: str
    declared: bool
    confirmed: bool


@dataclass(frozen=True)
class GroupProfile:
    id: int
    name: str
    furigana: str
    kind: str
    area: str
    status: str
    description: str
    activities: str
    founded_year: int | None
    size: int | None
    criteria: list[CriterionMark]
    public_contact: str
    fields: list[FieldTag]
    contact: PrivateContact | None
    needs: list[NeedCard]
    capabilities: list[CapabilityCard]
    updated_at: datetime

    @property
    def founded_on(self) -> date | None:
        """The last day of the founding year, for the era name (令和元年 for 2019)."""
        year = self.founded_year
        return date(year, 12, 31) if year and 1 <= year <= 9999 else None


@dataclass(frozen=True)
class DepartmentProfile:
    id: int
    name: str
    section: str
    description: str
    public_phone: str
    fields: list[FieldTag]
    contact: PrivateContact | None
    needs: list[NeedCard]
    capabilities: list[CapabilityCard]
    updated_at: datetime


@dataclass(frozen=True)
class NeedDetail:
    id: int
    title: str
    owner: Owner
    description: str
    area: str
    status: str
    close_reason: str | None
    period_start: date | None
    period_end: date | None
    opened_at: datetime | None
    updated_at: datetime
    fields: list[FieldTag]


@dataclass(frozen=True)
class CapabilityDetail:
    id: int
    title: str
    owner: Owner
    description: str
    updated_at: datetime
    fields: list[FieldTag]


def _owners_cards(owner_key: str) -> tuple[Prepared, Prepared]:
    """An owner's open calls (newest first) and offers, as cards: statements built once."""
    return (
        NEEDS.prepared(lambda owner_id: newest_first(Need.filter(
            status=NeedStatus.OPEN, **{owner_key: owner_id})).order_by(*NEWEST_FIRST),
            (AN_ID,)),
        CAPABILITIES.prepared(lambda owner_id: Capability.filter(
            **{owner_key: owner_id}).order_by("-created_at", "-id"), (AN_ID,)),
    )


_OWNERS_CARDS = {key: _owners_cards(key) for key in ("organisation_id", "department_id")}


async def _open_needs_and_offers(**owner: int) -> tuple[list[NeedCard], list[CapabilityCard]]:
    (key, owner_id), = owner.items()
    needs, offers = _OWNERS_CARDS[key]
    return (await NEEDS.of_prepared(needs, owner_id),
            await CAPABILITIES.of_prepared(offers, owner_id))


def _group_values(visible: Q, organisation_id: int) -> ValuesQuery[Any]:
    return Organisation.filter(visible, id=organisation_id).annotate(
        field_ids=field_ids_column("organisations")).values(
        "id", "name", "furigana", "kind", "area", "status", "description", "activities",
        "founded_year", "size", "criteria_declared", "criteria_confirmed", "public_contact",
        "contact_name", "contact_email", "contact_phone", "updated_at", "field_ids",
    )


async def group_profile(organisation_id: int, viewer: CurrentUser | None) -> GroupProfile:
    """A group's public profile; 404 for a pending or rejected group unless entitled."""
    rows = await (_VISIBLE_GROUP.rows(organisation_id) if viewer is None
                  else _group_values(visible_organisations(viewer), organisation_id))
    if not rows:
        raise NotFound("This group could not be found.")
    g = rows[0]
    freshness.showing(Organisation._meta.db_table, [g["id"]])
    entitled = viewer is not None and viewer.can_edit_organisation(g["id"])
    needs, offers = await _open_needs_and_offers(organisation_id=g["id"])
    declared, confirmed = g["criteria_declared"] or [], g["criteria_confirmed"] or []
    return GroupProfile(
        id=g["id"], name=g["name"], furigana=g["furigana"], kind=g["kind"].value,
        area=g["area"], status=g["status"].value, description=g["description"],
        activities=g["activities"], founded_year=g["founded_year"], size=g["size"],
        criteria=[CriterionMark(c.value, c.value in declared, c.value in confirmed)
                  for c in Criterion],
        public_contact=g["public_contact"], fields=await tags_from(g["field_ids"]),
        contact=PrivateContact(g["contact_name"], g["contact_email"], g["contact_phone"])
        if entitled else None,
        needs=needs, capabilities=offers, updated_at=g["updated_at"],
    )


async def department_profile(department_id: int, viewer: CurrentUser | None) -> DepartmentProfile:
    rows = await _DEPARTMENT.rows(department_id)
    if not rows:
        raise NotFound("This department could not be found.")
    d = rows[0]
    freshness.showing(Department._meta.db_table, [d["id"]])
    entitled = viewer is not None and viewer.can_edit_department(d["id"])
    needs, offers = await _open_needs_and_offers(department_id=d["id"])
    return DepartmentProfile(
        id=d["id"], name=d["name"], section=d["section"], description=d["description"],
        public_phone=d["public_phone"], fields=await tags_from(d["field_ids"]),
        contact=PrivateContact(d["contact_name"], d["contact_email"], d["contact_phone"])
        if entitled else None,
        needs=needs, capabilities=offers, updated_at=d["updated_at"],
    )


def _need_values(visible: Q, need_id: int) -> ValuesQuery[Any]:
    return Need.filter(visible, id=need_id).annotate(field_ids=field_ids_column("needs")).values(
        "id", "title", "description", "area", "status", "close_reason", "period_start",
        "period_end", "opened_at", "updated_at", "field_ids", *OWNER_VALUES,
    )


def _capability_values(visible: Q, capability_id: int) -> ValuesQuery[Any]:
    return Capability.filter(visible, id=capability_id).annotate(
        field_ids=field_ids_column("capabilities")).values(
        "id", "title", "description", "updated_at", "field_ids", *OWNER_VALUES
    )


# What a visitor may see of one record: the same statement for every visitor.
_VISIBLE_GROUP = Prepared(
    Organisation, lambda organisation_id: _group_values(visible_organisations(None),
                                                        organisation_id), (AN_ID,))
_DEPARTMENT = Prepared(Department, lambda department_id: Department.filter(
    id=department_id).annotate(field_ids=field_ids_column("departments")).values(
    "id", "name", "section", "description", "public_phone", "contact_name", "contact_email",
    "contact_phone", "updated_at", "field_ids"), (AN_ID,))
_VISIBLE_NEED = Prepared(Need, lambda need_id: _need_values(visible_needs(None), need_id),
                         (AN_ID,))
_VISIBLE_CAPABILITY = Prepared(
    Capability, lambda capability_id: _capability_values(visible_capabilities(None),
                                                         capability_id), (AN_ID,))


async def need_detail(need_id: int, viewer: CurrentUser | None) -> NeedDetail:
    """A call for partners; drafts and a pending group's calls are 404 unless entitled."""
    rows = await (_VISIBLE_NEED.rows(need_id) if viewer is None
                  else _need_values(visible_needs(viewer), need_id))
    if not rows:
        raise NotFound("This call for partners could not be found.")
    r = rows[0]
    freshness.showing(Need._meta.db_table, [r["id"]])
    return NeedDetail(
        id=r["id"], title=r["title"], owner=owner_of(r), description=r["description"],
        area=r["area"], status=r["status"], close_reason=r["close_reason"],
        period_start=r["period_start"], period_end=r["period_end"], opened_at=r["opened_at"],
        updated_at=r["updated_at"], fields=await tags_from(r["field_ids"]),
    )


async def capability_detail(capability_id: int, viewer: CurrentUser | None) -> CapabilityDetail:
    rows = await (_VISIBLE_CAPABILITY.rows(capability_id) if viewer is None
                  else _capability_values(visible_capabilities(viewer), capability_id))
    if not rows:
        raise NotFound("This offer could not be found.")
    r = rows[0]
    freshness.showing(Capability._meta.db_table, [r["id"]])
    return CapabilityDetail(
        id=r["id"], title=r["title"], owner=owner_of(r), description=r["description"],
        updated_at=r["updated_at"], fields=await tags_from(r["field_ids"]),
    )
