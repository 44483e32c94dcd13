"""Cards: the short, plain form of a group, department, call or offer shown in lists.

Cards are built in one query per kind, field tags included (their ids come in the same row and
are labelled from the worker's taxonomy snapshot): straight from a list's ordered page, with
the list's total counted in the same query, or from rows a search's ranking statement read
through :meth:`CardKind.shown`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from pypika_tortoise.terms import Term
from tortoise.expressions import RawSQL, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from kakehashi import freshness
from kakehashi.directory.field_links import field_ids_column
from kakehashi.directory.models.needs import Capability, Need
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.http.urls import path_for
from kakehashi.prepared import A_COUNT, ANOTHER_COUNT, Prepared, sql_of
from kakehashi.taxonomy import snapshot
from kakehashi.taxonomy.fields import label_for

C = TypeVar("C")

SUMMARY_LENGTH = 110

OWNER_VALUES = ("department_id", "department__name", "organisation_id", "organisation__name")
"""The columns :func:`owner_of` reads from a need or offer row."""


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
        return path_for("department" if self.kind == "department" else "group", id=self.id)

    @property
    def party_kind(self) -> str:
        """The kind as parties and permissions name it (``organisation`` for a group)."""
        return "department" if self.kind == "department" else "organisation"


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


async def _tagger() -> Callable[[Iterable[int]], list[FieldTag]]:
    """Field ids → their tags, in taxonomy order and the current language, from the worker's
    taxonomy snapshot (:mod:`kakehashi.taxonomy.snapshot`)."""
    rows = await snapshot.field_rows()
    known = {row.id: (order, FieldTag(row.code, label_for(row.label_ja, row.label_en)))
             for order, row in enumerate(rows)}

    def tags(ids: Iterable[int]) -> list[FieldTag]:
        return [tag for _, tag in sorted(known[i] for i in set(ids) if i in known)]

    return tags


def _ids(joined: str | None) -> list[int]:
    return [int(i) for i in joined.split(",")] if joined else []


async def tags_from(joined: str | None) -> list[FieldTag]:
    """The tags of a record read with :func:`field_ids_column`."""
    return (await _tagger())(_ids(joined))


def owner_of(row: dict[str, Any]) -> Owner:
    """The owner of a need or offer row read with :data:`OWNER_VALUES`."""
    if row["department_id"]:
        return Owner("department", row["department_id"], row["department__name"])
    return Owner("group", row["organisation_id"], row["organisation__name"])


@dataclass(frozen=True)
class CardKind(Generic[C]):
    """How to read one kind of card: the model, the columns its card shows, and the card."""

    model: type[Model]
    relation: str
    columns: tuple[str, ...]
    build: Callable[[dict[str, Any], list[FieldTag]], C]
    _compiled: dict[str, tuple[str, dict[str, Callable[[Any], Any]]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def _with_tags(self, queryset: QuerySet[Any], **extra: Term) -> Any:
        return queryset.annotate(field_ids=field_ids_column(self.relation), **extra).values(
            "id", *self.columns, "field_ids", *extra
        )

    async def _cards(self, rows: Iterable[dict[str, Any]]) -> list[C]:
        tags = await _tagger()
        rows = list(rows)
        freshness.showing(self.model._meta.db_table, (row["id"] for row in rows))
        return [self.build(row, tags(_ids(row["field_ids"]))) for row in rows]

    def _compiled_for_db(self) -> tuple[str, dict[str, Callable[[Any], Any]]]:
        """The card sub-select and each column's converter, built once per database dialect."""
        dialect = self.model._meta.db.capabilities.dialect
        if dialect not in self._compiled:
            values = self._with_tags(self.model.all())
            sql, params = sql_of(values)
            assert not params, "a card sub-select takes no parameters"
            converters = {name: values.resolve_to_python_value(self.model, name)
                          for name in ("id", *self.columns)}
            self._compiled[dialect] = (sql, converters)
        return self._compiled[dialect]

    def shown(self) -> str:
        """A sub-select of every record's card columns and field ids, without parameters, for a
        statement that picks the records itself (:func:`kakehashi.directory.search.ranked_rows`)."""
        return self._compiled_for_db()[0]

    async def from_rows(self, rows: Iterable[dict[str, Any]]) -> list[C]:
        """Cards of raw rows read through :meth:`shown`, with each column's value as Tortoise
        would give it (a date, not SQLite's text)."""
        converters = self._compiled_for_db()[1]
        return await self._cards(
            {**row, **{name: convert(row[name]) for name, convert in converters.items()}}
            for row in rows
        )

    async def in_order(self, queryset: QuerySet[Any]) -> list[C]:
        """Cards of every record of an ordered ``queryset``, in one query."""
        return await self._cards(await self._with_tags(queryset))

    def prepared(self, select: Callable[..., QuerySet[Any]], markers: tuple[Any, ...]
                 ) -> Prepared:
        """The cards of ``select(*arguments)`` as a statement built once (see
        :class:`kakehashi.prepared.Prepared`), read with :meth:`of_prepared`."""
        return Prepared(self.model, lambda *arguments: self._with_tags(select(*arguments)),
                        markers)

    async def of_prepared(self, statement: Prepared, *arguments: Any) -> list[C]:
        return await self._cards(await statement.rows(*arguments))

    def _page_values(
        self, whole: QuerySet[Any], order: Sequence[str], offset: int, size: int,
        keyed: Callable[[QuerySet[Any]], QuerySet[Any]],
    ) -> Any:
        # COUNT(*), not COUNT(id): the narrow indexes the visibility rule reads lack the id.
        window = keyed(whole).order_by(*order).offset(offset).limit(size).values("id")
        shown = keyed(self.model.filter(id__in=Subquery(window))).order_by(*order)
        total = Subquery(whole.order_by().annotate(list_total=RawSQL("COUNT(*)"))
                         .values("list_total"))
        return self._with_tags(shown, list_total=total)

    async def _paged_cards(self, rows: list[dict[str, Any]]) -> tuple[list[C], int]:
        return await self._cards(rows), int(rows[0]["list_total"]) if rows else 0

    async def page(
        self, whole: QuerySet[Any], order: Sequence[str], offset: int, size: int,
        keyed: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda queryset: queryset,
    ) -> tuple[list[C], int]:
        """Cards of one page of the list ``whole`` in ``order`` (``keyed`` adds what the order
        reads), and how many records ``whole`` holds (0 when the page is past its end), in one
        query. The page's ids are chosen first and only those rows are joined to their owners
        and tags; the count is a sub-select run once (a window function would build every
        row's card before the limit)."""
        return await self._paged_cards(
            await self._page_values(whole, order, offset, size, keyed))

    def paged(
        self, whole: Callable[[], QuerySet[Any]], order: Sequence[str],
        keyed: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda queryset: queryset,
    ) -> Prepared:
        """:meth:`page` of a list that is always the same (``whole()``), as a statement built
        once; read it with :meth:`page_of`."""
        return Prepared(self.model, lambda offset, size: self._page_values(
            whole(), order, offset, size, keyed), (A_COUNT, ANOTHER_COUNT))

    async def page_of(self, statement: Prepared, offset: int, size: int
                      ) -> tuple[list[C], int]:
        return await self._paged_cards(await statement.rows(offset, size))


GROUPS = CardKind(
    Organisation, "organisations", ("name", "kind", "area", "status", "description"),
    lambda r, tags: GroupCard(r["id"], r["name"], r["kind"], r["area"], r["status"],
                              summary(r["description"]), tags),
)
DEPARTMENTS = CardKind(
    Department, "departments", ("name", "section", "description"),
    lambda r, tags: DepartmentCard(r["id"], r["name"], r["section"], summary(r["description"]),
                                   tags),
)
NEEDS = CardKind(
    Need, "needs", ("title", "area", "status", "period_start", "period_end", *OWNER_VALUES),
    lambda r, tags: NeedCard(r["id"], r["title"], owner_of(r), r["area"], r["status"],
                             r["period_start"], r["period_end"], tags),
)
CAPABILITIES = CardKind(
    Capability, "capabilities", ("title", "description", *OWNER_VALUES),
    lambda r, tags: CapabilityCard(r["id"], r["title"], owner_of(r), summary(r["description"]),
                                   tags),
)
