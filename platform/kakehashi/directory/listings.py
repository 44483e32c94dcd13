"""Filtered, paginated lists of groups, departments, calls for partners and offers.

Filters arrive as typed-in strings; unknown values are dropped here, so a hand-edited URL shows
an unfiltered list instead of an error. Each list shows only what the viewer may see
(:mod:`kakehashi.directory.visibility`) and is ranked by relevance when a search is typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory import search
from kakehashi.directory.cards import (
    CAPABILITIES,
    DEPARTMENTS,
    GROUPS,
    NEEDS,
    CapabilityCard,
    CardKind,
    DepartmentCard,
    GroupCard,
    NeedCard,
)
from kakehashi.directory.field_links import tagged
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import Department, Organisation, PartnerKind
from kakehashi.directory.visibility import (
    visible_capabilities,
    visible_needs,
    visible_organisations,
)
from kakehashi.prepared import Prepared
from kakehashi.taxonomy.fields import parent_codes
from kakehashi.taxonomy.snapshot import field_rows

T = TypeVar("T")

OWNER_TYPES = ("department", "group")
LIST_STATUSES = (NeedStatus.OPEN.value, NeedStatus.CLOSED.value)


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
    parents = await parent_codes()
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


async def _with_fields(queryset: QuerySet[Any], relation: str,
                       filters: Filters) -> QuerySet[Any]:
    """``field`` matches the code and its sub-areas (``welfare`` → ``welfare.*``)."""
    rows = await field_rows()
    if filters.field:
        queryset = tagged(queryset, relation, [
            r.id for r in rows if r.code == filters.field or r.code.startswith(filters.field + ".")
        ])
    if filters.sub_area:
        queryset = tagged(queryset, relation, [r.id for r in rows if r.code == filters.sub_area])
    return queryset


def _with_owner(queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    if filters.owner == "department":
        return queryset.filter(department_id__isnull=False)
    if filters.owner == "group":
        return queryset.filter(organisation_id__isnull=False)
    return queryset


NEWEST_FIRST = ("-published", "-id")


def newest_first(needs: QuerySet[Need]) -> QuerySet[Need]:
    """Order key for calls: when they were opened, else when written (the same on every database,
    where ``ORDER BY opened_at DESC`` alone puts the nulls first on PostgreSQL, last on SQLite)."""
    return needs.annotate(published=RawSQL('COALESCE("need"."opened_at", "need"."created_at")'))


def _areas_of(queryset: QuerySet[Any]) -> Any:
    return queryset.exclude(area="").distinct().order_by("area").values("area")


async def _areas(queryset: QuerySet[Any], same_for_all: Prepared | None = None) -> list[str]:
    """The areas offered in a list's select (``same_for_all``: a visitor's, built once)."""
    rows = await (same_for_all.rows() if same_for_all else _areas_of(queryset))
    return [str(row["area"]) for row in rows]


_VISITORS_GROUP_AREAS = Prepared(
    Organisation, lambda: _areas_of(Organisation.filter(visible_organisations(None))), ())
_VISITORS_CALL_AREAS = Prepared(Need, lambda: _areas_of(
    Need.filter(visible_needs(None), status__in=list(LIST_STATUSES))), ())


# What every visitor sees of a list no filter narrows: the same statements for all of them.
_VISITORS_GROUPS = GROUPS.paged(lambda: Organisation.filter(visible_organisations(None)),
                                ("furigana", "name", "id"))
_VISITORS_OPEN_NEEDS = NEEDS.paged(
    lambda: Need.filter(visible_needs(None), status=NeedStatus.OPEN), NEWEST_FIRST, newest_first)
_DEPARTMENTS = DEPARTMENTS.paged(Department.all, ("section", "name", "id"))
_VISITORS_CAPABILITIES = CAPABILITIES.paged(
    lambda: Capability.filter(visible_capabilities(None)), ("-created_at", "-id"))


def _as_visitors(viewer: CurrentUser | None, filters: Filters,
                 statement: Prepared) -> Prepared | None:
    """``statement`` when the list is what every visitor gets (a search of it included)."""
    return statement if viewer is None and replace(filters, q="") == Filters() else None


async def _page(
    queryset: QuerySet[Any], q: str, order: Sequence[str], number: int, size: int,
    cards: CardKind[T], keyed: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda qs: qs,
    same_for_all: Prepared | None = None,
) -> Page[T]:
    """Rank by relevance when searching, else the list's own order (``same_for_all``: that
    page's statement built once, for an unfiltered list a visitor reads); a page past the end
    (an old link) shows the last page."""
    query = search.parse(q)
    number = max(1, number)

    async def read(number: int) -> tuple[list[T], int]:
        if query.active:
            rows, total = await search.ranked_rows(
                queryset, query, cards.shown(), offset=(number - 1) * size, limit=size,
                same_for_all=cards.relation if same_for_all is not None else None)
            return await cards.from_rows(rows), total
        if same_for_all is not None:
            return await cards.page_of(same_for_all, (number - 1) * size, size)
        return await cards.page(queryset, order, (number - 1) * size, size, keyed)

    items, total = await read(number)
    if not items and number > 1:
        if query.active:
            _, total = await search.ranked(queryset, query, limit=1)
        else:
            total = await queryset.count()
        number = max(1, -(-total // size))
        items, total = await read(number)
    return Page(items=items, total=total, number=number, size=size)


async def group_page(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Page[GroupCard]:
    queryset = await _with_fields(
        Organisation.filter(visible_organisations(viewer)), "organisations", filters
    )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.area:
        queryset = queryset.filter(area=filters.area)
    return await _page(queryset, filters.q, ("furigana", "name", "id"), number, size,
                       GROUPS, same_for_all=_as_visitors(viewer, filters, _VISITORS_GROUPS))


async def list_groups(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Listing[GroupCard]:
    areas = await _areas(Organisation.filter(visible_organisations(viewer)),
                         _VISITORS_GROUP_AREAS if viewer is None else None)
    filters = await _clean(filters, areas)
    return Listing(await group_page(filters, viewer, number, size), filters, areas)


async def department_page(filters: Filters, number: int, size: int) -> Page[DepartmentCard]:
    queryset = await _with_fields(Department.all(), "departments", filters)
    return await _page(queryset, filters.q, ("section", "name", "id"), number, size,
                       DEPARTMENTS, same_for_all=_as_visitors(None, filters, _DEPARTMENTS))


async def list_departments(filters: Filters, number: int, size: int) -> Listing[DepartmentCard]:
    filters = await _clean(filters, [])
    return Listing(await department_page(filters, number, size), filters, [])


async def need_page(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Page[NeedCard]:
    queryset = Need.filter(visible_needs(viewer), status=filters.status or NeedStatus.OPEN)
    queryset = _with_owner(await _with_fields(queryset, "needs", filters), filters)
    if filters.area:
        queryset = queryset.filter(area=filters.area)
    open_calls = replace(filters, status="") if filters.status == NeedStatus.OPEN.value else filters
    return await _page(queryset, filters.q, NEWEST_FIRST, number, size, NEEDS, newest_first,
                       _as_visitors(viewer, open_calls, _VISITORS_OPEN_NEEDS))


async def list_needs(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Listing[NeedCard]:
    shown = Need.filter(visible_needs(viewer), status__in=list(LIST_STATUSES))
    areas = await _areas(shown, _VISITORS_CALL_AREAS if viewer is None else None)
    filters = await _clean(filters, areas)
    return Listing(await need_page(filters, viewer, number, size), filters, areas)


async def capability_page(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Page[CapabilityCard]:
    queryset = _with_owner(await _with_fields(
        Capability.filter(visible_capabilities(viewer)), "capabilities", filters
    ), filters)
    return await _page(queryset, filters.q, ("-created_at", "-id"), number, size,
                       CAPABILITIES,
                       same_for_all=_as_visitors(viewer, filters, _VISITORS_CAPABILITIES))


async def list_capabilities(
    filters: Filters, viewer: CurrentUser | None, number: int, size: int
) -> Listing[CapabilityCard]:
    filters = await _clean(filters, [])
    page = await capability_page(filters, viewer, number, size)
    return Listing(page, filters, [])


