"""The public directory: who may see what, filtered and paginated lists, and detail pages.

Filters arrive as typed-in strings; unknown values are dropped here, so a hand-edited URL shows
an unfiltered list instead of an error. Visibility follows the platform rules: pending or
rejected groups, their needs and offers, and draft needs are shown only to coordinators and to
the owners; private contacts only to coordinators and members.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Coalesce
from tortoise.queryset import QuerySet

from kakehashi.auth import CurrentUser
from kakehashi.models import (
    ApprovalStatus,
    Capability,
    Criterion,
    Department,
    Field,
    Need,
    NeedStatus,
    Organisation,
    PartnerKind,
)
from kakehashi.services import search
from kakehashi.services.errors import NotFound
from kakehashi.services.taxonomy import label_for

T = TypeVar("T")

OWNER_TYPES = ("department", "group")
LIST_STATUSES = (NeedStatus.OPEN.value, NeedStatus.CLOSED.value)
SUMMARY_LENGTH = 110


# --- who may see what ---------------------------------------------------------------------

def visible_organisations(viewer: CurrentUser | None) -> Q:
    if viewer is not None and viewer.is_coordinator:
        return Q()
    public = Q(status=ApprovalStatus.APPROVED)
    if viewer is not None and viewer.organisation_ids:
        return public | Q(id__in=sorted(viewer.organisation_ids))
    return public


def _owned(viewer: CurrentUser | None) -> Q | None:
    """Needs or offers that belong to the viewer's own groups or departments."""
    if viewer is None or not (viewer.organisation_ids or viewer.department_ids):
        return None
    return Q(organisation_id__in=sorted(viewer.organisation_ids) or [0]) | Q(
        department_id__in=sorted(viewer.department_ids) or [0]
    )


def _publicly_owned() -> Q:
    """Owned by a department or an approved group (a subquery: no join, no ambiguous columns)."""
    approved = Organisation.filter(status=ApprovalStatus.APPROVED).values("id")
    return Q(department_id__isnull=False) | Q(organisation_id__in=Subquery(approved))


def visible_needs(viewer: CurrentUser | None) -> Q:
    if viewer is not None and viewer.is_coordinator:
        return Q()
    public = Q(_publicly_owned(), status__in=[NeedStatus.OPEN, NeedStatus.CLOSED])
    owned = _owned(viewer)
    return public if owned is None else public | owned


def visible_capabilities(viewer: CurrentUser | None) -> Q:
    if viewer is not None and viewer.is_coordinator:
        return Q()
    owned = _owned(viewer)
    return _publicly_owned() if owned is None else _publicly_owned() | owned


# --- cards --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldTag:
    code: str
    label: str


@dataclass(frozen=True)
class Owner:
    """The department or group a need or offer belongs to."""

    kind: str
    id: int
    name: str

    @property
    def url(self) -> str:
        return f"/departments/{self.id}" if self.kind == "department" else f"/groups/{self.id}"


@dataclass(frozen=True)
class GroupCard:
    id: int
    name: str
    kind: str
    area: str
    status: str
    summary: str
    fields: list[FieldTag]


@dataclass(frozen=True)
class DepartmentCard:
    id: int
    name: str
    section: str
    summary: str
    fields: list[FieldTag]


@dataclass(frozen=True)
class NeedCard:
    id: int
    title: str
    owner: Owner
    area: str
    status: str
    period_start: date | None
    period_end: date | None
    fields: list[FieldTag]


@dataclass(frozen=True)
class CapabilityCard:
    id: int
    title: str
    owner: Owner
    summary: str
    fields: list[FieldTag]


def summary(text: str, length: int = SUMMARY_LENGTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


async def _tags(relation: str, ids: Sequence[int]) -> dict[int, list[FieldTag]]:
    """Field labels of each record, in taxonomy order, in the current language."""
    rows = await Field.filter(**{f"{relation}__id__in": list(ids)}).order_by(
        "position", "id"
    ).values(f"{relation}__id", "code", "label_ja", "label_en")
    tags: dict[int, list[FieldTag]] = {i: [] for i in ids}
    for r in rows:
        tags[r[f"{relation}__id"]].append(
            FieldTag(r["code"], label_for(r["label_ja"], r["label_en"]))
        )
    return tags


def _owner(row: dict[str, Any]) -> Owner:
    if row["department_id"]:
        return Owner("department", row["department_id"], row["department__name"])
    return Owner("group", row["organisation_id"], row["organisation__name"])


async def _rows(queryset: QuerySet[Any], ids: Sequence[int], *names: str) -> list[dict[str, Any]]:
    """The rows of ``ids`` in the order given (relevance or list order)."""
    by_id = {r["id"]: r for r in await queryset.filter(id__in=list(ids)).values("id", *names)}
    return [by_id[i] for i in ids if i in by_id]


async def group_cards(ids: Sequence[int]) -> list[GroupCard]:
    rows = await _rows(Organisation.all(), ids, "name", "kind", "area", "status", "description")
    tags = await _tags("organisations", ids)
    return [GroupCard(r["id"], r["name"], r["kind"], r["area"], r["status"],
                      summary(r["description"]), tags[r["id"]]) for r in rows]


async def department_cards(ids: Sequence[int]) -> list[DepartmentCard]:
    rows = await _rows(Department.all(), ids, "name", "section", "description")
    tags = await _tags("departments", ids)
    return [DepartmentCard(r["id"], r["name"], r["section"], summary(r["description"]),
                           tags[r["id"]]) for r in rows]


_OWNER_VALUES = ("department_id", "department__name", "organisation_id", "organisation__name")


async def need_cards(ids: Sequence[int]) -> list[NeedCard]:
    rows = await _rows(Need.all(), ids, "title", "area", "status", "period_start", "period_end",
                       *_OWNER_VALUES)
    tags = await _tags("needs", ids)
    return [NeedCard(r["id"], r["title"], _owner(r), r["area"], r["status"], r["period_start"],
                     r["period_end"], tags[r["id"]]) for r in rows]


async def capability_cards(ids: Sequence[int]) -> list[CapabilityCard]:
    rows = await _rows(Capability.all(), ids, "title", "description", *_OWNER_VALUES)
    tags = await _tags("capabilities", ids)
    return [CapabilityCard(r["id"], r["title"], _owner(r), summary(r["description"]),
                           tags[r["id"]]) for r in rows]


# --- lists --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to; empty strings mean "any"."""

    field: str = ""
    sub_area: str = ""
    kind: str = ""
    area: str = ""
    owner: str = ""
    status: str = ""
    q: str = ""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items and where it sits in the whole (``first``–``last``)."""

    items: list[T]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)

    @property
    def window(self) -> list[int | None]:
        """Page numbers to link: the first, the last and two either side; ``None`` is a gap."""
        shown = sorted({1, self.pages, *range(max(1, self.number - 2),
                                              min(self.pages, self.number + 2) + 1)})
        numbers: list[int | None] = []
        for previous, current in zip([0, *shown], shown, strict=False):
            if current - previous > 1:
                numbers.append(None)
            numbers.append(current)
        return numbers


@dataclass(frozen=True)
class Listing(Generic[T]):
    """A list page, the filters actually applied, and the areas offered in the area select."""

    page: Page[T]
    filters: Filters
    areas: list[str]


async def _clean(filters: Filters, areas: Sequence[str]) -> Filters:
    """Keep only codes of the taxonomy, known kinds, statuses, owner types and areas on offer."""
    parents = dict(await Field.all().values_list("code", "parent__code"))
    field, sub_area = filters.field, filters.sub_area
    if parents.get(field) and not sub_area:
        field, sub_area = "", field  # a sub-area code given as the field
    return replace(
        filters,
        field=field if field in parents and not parents[field] else "",
        sub_area=sub_area if parents.get(sub_area) else "",
        kind=filters.kind if filters.kind in {k.value for k in PartnerKind} else "",
        area=filters.area if filters.area in areas else "",
        owner=filters.owner if filters.owner in OWNER_TYPES else "",
        status=filters.status if filters.status in LIST_STATUSES else "",
        q=search.parse(filters.q).text,
    )


def _with_fields(queryset: QuerySet[Any], relation: str, filters: Filters) -> QuerySet[Any]:
    """``field`` matches the code and its sub-areas (``welfare`` → ``welfare.*``)."""
    if filters.field:
        tagged = Field.filter(Q(code=filters.field) | Q(code__startswith=filters.field + "."))
        queryset = queryset.filter(id__in=Subquery(tagged.values(f"{relation}__id")))
    if filters.sub_area:
        tagged = Field.filter(code=filters.sub_area)
        queryset = queryset.filter(id__in=Subquery(tagged.values(f"{relation}__id")))
    return queryset


def _with_owner(queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    if filters.owner == "department":
        return queryset.filter(department_id__isnull=False)
    if filters.owner == "group":
        return queryset.filter(organisation_id__isnull=False)
    return queryset


NEWEST_FIRST = ("-published", "-id")


def _newest_first(needs: QuerySet[Need]) -> QuerySet[Need]:
    """Order key for calls: when they were opened, else when written (the same on every database,
    where ``ORDER BY opened_at DESC`` alone puts the nulls first on PostgreSQL, last on SQLite)."""
    return needs.annotate(published=Coalesce("opened_at", F("created_at")))


async def _areas(queryset: QuerySet[Any]) -> list[str]:
    values = await queryset.exclude(area="").distinct().order_by("area").values_list(
        "area", flat=True
    )
    return [str(v) for v in values]


async def _page(
    queryset: QuerySet[Any], q: str, title_field: str, order: Sequence[str],
    number: int, size: int, cards: Callable[[list[int]], Awaitable[list[T]]],
) -> Page[T]:
    """Rank by relevance when searching, else the list's own order; clamp the page number."""
    query = search.parse(q)
    if query.active:
        ids = await search.ranked_ids(queryset, query, title_field)
        total = len(ids)
        number = min(max(1, number), max(1, -(-total // size)))
        ids = ids[(number - 1) * size : number * size]
    else:
        total = await queryset.count()
        number = min(max(1, number), max(1, -(-total // size)))
        page_ids = queryset.order_by(*order).offset((number - 1) * size).limit(size)
        ids = list(await page_ids.values_list("id", flat=True))
    return Page(items=await cards(ids), total=total, number=number, size=size)


async def group_page(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Page[GroupCard]:
    queryset = _with_fields(
        Organisation.filter(visible_organisations(viewer)), "organisations", filters
    )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.area:
        queryset = queryset.filter(area=filters.area)
    return await _page(queryset, filters.q, "name", ("furigana", "name", "id"), number, size,
                       group_cards)


async def list_groups(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Listing[GroupCard]:
    areas = await _areas(Organisation.filter(visible_organisations(viewer)))
    filters = await _clean(filters, areas)
    return Listing(await group_page(filters, viewer, number, size), filters, areas)


async def department_page(filters: Filters, number: int, size: int) -> Page[DepartmentCard]:
    queryset = _with_fields(Department.all(), "departments", filters)
    return await _page(queryset, filters.q, "name", ("section", "name", "id"), number, size,
                       department_cards)


async def list_departments(filters: Filters, number: int, size: int) -> Listing[DepartmentCard]:
    filters = await _clean(filters, [])
    return Listing(await department_page(filters, number, size), filters, [])


async def need_page(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Page[NeedCard]:
    queryset = Need.filter(visible_needs(viewer), status=filters.status or NeedStatus.OPEN)
    queryset = _with_owner(_with_fields(queryset, "needs", filters), filters)
    if filters.area:
        queryset = queryset.filter(area=filters.area)
    return await _page(_newest_first(queryset), filters.q, "title", NEWEST_FIRST, number, size,
                       need_cards)


async def list_needs(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Listing[NeedCard]:
    shown = Need.filter(visible_needs(viewer), status__in=list(LIST_STATUSES))
    areas = await _areas(shown)
    filters = await _clean(filters, areas)
    return Listing(await need_page(filters, viewer, number, size), filters, areas)


async def capability_page(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Page[CapabilityCard]:
    queryset = _with_owner(_with_fields(
        Capability.filter(visible_capabilities(viewer)), "capabilities", filters
    ), filters)
    return await _page(queryset, filters.q, "title", ("-created_at", "-id"), number, size,
                       capability_cards)


async def list_capabilities(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Listing[CapabilityCard]:
    filters = await _clean(filters, [])
    page = await capability_page(filters, viewer, number, size)
    return Listing(page, filters, [])


@dataclass(frozen=True)
class SiteResults:
    """The search page: the first few of each kind of record, and how many there are in all."""

    q: str
    needs: Page[NeedCard]
    groups: Page[GroupCard]
    departments: Page[DepartmentCard]
    capabilities: Page[CapabilityCard]

    @property
    def total(self) -> int:
        return (self.needs.total + self.groups.total + self.departments.total
                + self.capabilities.total)


async def search_everywhere(q: str, viewer: CurrentUser | None, limit: int = 5) -> SiteResults:
    """Open needs, groups, departments and offers matching ``q``; nothing when ``q`` is empty."""
    filters = Filters(q=search.parse(q).text)
    if not filters.q:
        empty: Page[Any] = Page(items=[], total=0, number=1, size=limit)
        return SiteResults("", empty, empty, empty, empty)
    return SiteResults(
        q=filters.q,
        needs=await need_page(filters, viewer, 1, limit),
        groups=await group_page(filters, viewer, 1, limit),
        departments=await department_page(filters, 1, limit),
        capabilities=await capability_page(filters, viewer, 1, limit),
    )


# --- detail pages -------------------------------------------------------------------------

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


async def _open_needs_and_offers(**owner: int) -> tuple[list[NeedCard], list[CapabilityCard]]:
    need_ids = await _newest_first(Need.filter(status=NeedStatus.OPEN, **owner)).order_by(
        *NEWEST_FIRST
    ).values_list("id", flat=True)
    offer_ids = await Capability.filter(**owner).values_list("id", flat=True)
    return await need_cards(list(need_ids)), await capability_cards(list(offer_ids))


async def group_profile(organisation_id: int, viewer: CurrentUser | None) -> GroupProfile:
    """A group's public profile; 404 for a pending or rejected group unless entitled."""
    group = await Organisation.filter(visible_organisations(viewer), id=organisation_id).first()
    if group is None:
        raise NotFound("This group could not be found.")
    entitled = viewer is not None and viewer.can_edit_organisation(group.id)
    needs, offers = await _open_needs_and_offers(organisation_id=group.id)
    return GroupProfile(
        id=group.id, name=group.name, furigana=group.furigana, kind=group.kind.value,
        area=group.area, status=group.status.value, description=group.description,
        activities=group.activities, founded_year=group.founded_year, size=group.size,
        criteria=[
            CriterionMark(c.value, c.value in group.criteria_declared,
                          c.value in group.criteria_confirmed)
            for c in Criterion
        ],
        public_contact=group.public_contact,
        fields=(await _tags("organisations", [group.id]))[group.id],
        contact=PrivateContact(group.contact_name, group.contact_email, group.contact_phone)
        if entitled else None,
        needs=needs, capabilities=offers, updated_at=group.updated_at,
    )


async def department_profile(department_id: int, viewer: CurrentUser | None) -> DepartmentProfile:
    department = await Department.get_or_none(id=department_id)
    if department is None:
        raise NotFound("This department could not be found.")
    entitled = viewer is not None and viewer.can_edit_department(department.id)
    needs, offers = await _open_needs_and_offers(department_id=department.id)
    return DepartmentProfile(
        id=department.id, name=department.name, section=department.section,
        description=department.description, public_phone=department.public_phone,
        fields=(await _tags("departments", [department.id]))[department.id],
        contact=PrivateContact(
            department.contact_name, department.contact_email, department.contact_phone
        ) if entitled else None,
        needs=needs, capabilities=offers, updated_at=department.updated_at,
    )


async def need_detail(need_id: int, viewer: CurrentUser | None) -> NeedDetail:
    """A call for partners; drafts and a pending group's calls are 404 unless entitled."""
    rows = await Need.filter(visible_needs(viewer), id=need_id).values(
        "id", "title", "description", "area", "status", "close_reason", "period_start",
        "period_end", "opened_at", "updated_at", *_OWNER_VALUES,
    )
    if not rows:
        raise NotFound("This call for partners could not be found.")
    r = rows[0]
    return NeedDetail(
        id=r["id"], title=r["title"], owner=_owner(r), description=r["description"],
        area=r["area"], status=r["status"], close_reason=r["close_reason"],
        period_start=r["period_start"], period_end=r["period_end"], opened_at=r["opened_at"],
        updated_at=r["updated_at"], fields=(await _tags("needs", [r["id"]]))[r["id"]],
    )


async def capability_detail(capability_id: int, viewer: CurrentUser | None) -> CapabilityDetail:
    rows = await Capability.filter(visible_capabilities(viewer), id=capability_id).values(
        "id", "title", "description", "updated_at", *_OWNER_VALUES
    )
    if not rows:
        raise NotFound("This offer could not be found.")
    r = rows[0]
    return CapabilityDetail(
        id=r["id"], title=r["title"], owner=_owner(r), description=r["description"],
        updated_at=r["updated_at"], fields=(await _tags("capabilities", [r["id"]]))[r["id"]],
    )
