"""Cards: the short, plain form of a group, department, call or offer shown in lists.

Cards are built from ids in one query per kind (plus one for the field tags), keeping the order
the ids came in, so a list can be ordered or ranked first and turned into cards afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.queryset import QuerySet

from kakehashi.directory.models.needs import Capability, Need
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.http.urls import path_for
from kakehashi.taxonomy.fields import label_for
from kakehashi.taxonomy.models import Field

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


async def field_tags(relation: str, ids: Sequence[int]) -> dict[int, list[FieldTag]]:
    """Field labels of each record, in taxonomy order, in the current language."""
    if not ids:
        return {}
    rows = await Field.filter(**{f"{relation}__id__in": list(ids)}).order_by(
        "position", "id"
    ).values(f"{relation}__id", "code", "label_ja", "label_en")
    tags: dict[int, list[FieldTag]] = {i: [] for i in ids}
    for r in rows:
        tags[r[f"{relation}__id"]].append(
            FieldTag(r["code"], label_for(r["label_ja"], r["label_en"]))
        )
    return tags


def owner_of(row: dict[str, Any]) -> Owner:
    """The owner of a need or offer row read with :data:`OWNER_VALUES`."""
    if row["department_id"]:
        return Owner("department", row["department_id"], row["department__name"])
    return Owner("group", row["organisation_id"], row["organisation__name"])


async def _rows(queryset: QuerySet[Any], ids: Sequence[int], *names: str) -> list[dict[str, Any]]:
    """The rows of ``ids`` in the order given (relevance or list order)."""
    if not ids:
        return []
    by_id = {r["id"]: r for r in await queryset.filter(id__in=list(ids)).values("id", *names)}
    return [by_id[i] for i in ids if i in by_id]


async def group_cards(ids: Sequence[int]) -> list[GroupCard]:
    rows = await _rows(Organisation.all(), ids, "name", "kind", "area", "status", "description")
    tags = await field_tags("organisations", ids)
    return [GroupCard(r["id"], r["name"], r["kind"], r["area"], r["status"],
                      summary(r["description"]), tags[r["id"]]) for r in rows]


async def department_cards(ids: Sequence[int]) -> list[DepartmentCard]:
    rows = await _rows(Department.all(), ids, "name", "section", "description")
    tags = await field_tags("departments", ids)
    return [DepartmentCard(r["id"], r["name"], r["section"], summary(r["description"]),
                           tags[r["id"]]) for r in rows]


async def need_cards(ids: Sequence[int]) -> list[NeedCard]:
    rows = await _rows(Need.all(), ids, "title", "area", "status", "period_start", "period_end",
                       *OWNER_VALUES)
    tags = await field_tags("needs", ids)
    return [NeedCard(r["id"], r["title"], owner_of(r), r["area"], r["status"], r["period_start"],
                     r["period_end"], tags[r["id"]]) for r in rows]


async def capability_cards(ids: Sequence[int]) -> list[CapabilityCard]:
    rows = await _rows(Capability.all(), ids, "title", "description", *OWNER_VALUES)
    tags = await field_tags("capabilities", ids)
    return [CapabilityCard(r["id"], r["title"], owner_of(r), summary(r["description"]),
                           tags[r["id"]]) for r in rows]
