"""Editing the field taxonomy: labels, new fields and sub-areas, order, and safe deletion.

Codes never change once created: URLs, CSV files and the matching engine use them. Positions
are kept as one sequence in tree order (each field followed by its sub-areas), so every list
of fields ordered by ``position`` shows the tree as the office arranged it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from kakehashi.errors import DomainError, NotFound
from kakehashi.taxonomy import snapshot
from kakehashi.taxonomy.models import Field

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_CODE_LENGTH = 64
MAX_LABEL_LENGTH = 100


@dataclass(frozen=True)
class FieldUsage:
    """How many records use a field; a field in use cannot be deleted."""

    organisations: int
    departments: int
    needs: int
    capabilities: int
    children: int

    @property
    def total(self) -> int:
        return self.organisations + self.departments + self.needs + self.capabilities


def _check_labels(label_ja: str, label_en: str) -> tuple[str, str]:
    cleaned = []
    for name, value in (("label_ja", label_ja), ("label_en", label_en)):
        value = value.strip()
        if not value:
            raise DomainError("Please fill in this field.", name)
        if len(value) > MAX_LABEL_LENGTH:
            raise DomainError(
                "Please keep this under %(max)s characters (now %(now)s).", name,
                max=MAX_LABEL_LENGTH, now=len(value),
            )
        cleaned.append(value)
    return cleaned[0], cleaned[1]


async def _get(code: str) -> Field:
    field = await Field.get_or_none(code=code) if len(code) <= MAX_CODE_LENGTH else None
    if field is None:
        raise NotFound("This field does not exist.")
    return field


async def _renumber(moved: Field | None = None, place: int | None = None) -> None:
    """Give every field its position in tree order; ``moved`` goes to ``place`` among siblings."""
    rows = await Field.all().order_by("position", "id")
    children: dict[int | None, list[Field]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    if moved is not None and place is not None:
        siblings = children[moved.parent_id]
        siblings[:] = [f for f in siblings if f.id != moved.id]
        siblings.insert(max(0, min(place - 1, len(siblings))), moved)
    ordered: list[Field] = []

    def walk(parent_id: int | None) -> None:
        for field in children.get(parent_id, []):
            ordered.append(field)
            walk(field.id)

    walk(None)
    for position, field in enumerate(ordered):
        if field.position != position:
            field.position = position
            await field.save(update_fields=["position"])


async def add_field(code: str, label_ja: str, label_en: str, parent_code: str = "") -> str:
    """A new field, or a sub-area of ``parent_code`` coded ``parent.name``; returns the code."""
    name = code.strip()
    if not CODE_PATTERN.match(name):
        raise DomainError(
            "Use lowercase letters a-z, digits and _ only, starting with a letter.", "code"
        )
    label_ja, label_en = _check_labels(label_ja, label_en)
    async with in_transaction():
        parent = None
        if parent_code:
            parent = await Field.get_or_none(code=parent_code)
            if parent is None:
                raise DomainError("Please choose one of the options.", "parent")
            if parent.parent_id is not None:
                raise DomainError("A sub-area cannot have sub-areas of its own.", "parent")
            name = f"{parent.code}.{name}"
        if len(name) > MAX_CODE_LENGTH:
            raise DomainError(
                "Please keep this under %(max)s characters (now %(now)s).", "code",
                max=MAX_CODE_LENGTH, now=len(name),
            )
        if await Field.exists(code=name):
            raise DomainError("The code %(code)s is already used.", "code", code=name)
        last = await Field.all().order_by("-position").first()
        await Field.create(
            code=name, label_ja=label_ja, label_en=label_en, parent=parent,
            position=(last.position + 1) if last else 0,
        )
        await _renumber()
    snapshot.forget()
    return name


async def edit_field(code: str, label_ja: str, label_en: str, place: int | None = None) -> None:
    """New labels, and optionally a new place (1 = first) among the field's siblings."""
    label_ja, label_en = _check_labels(label_ja, label_en)
    if place is not None and place < 1:
        raise DomainError("Please enter a number from %(min)s to %(max)s.", "position",
                          min=1, max=999)
    async with in_transaction():
        field = await _get(code)
        field.label_ja, field.label_en = label_ja, label_en
        await field.save(update_fields=["label_ja", "label_en"])
        await _renumber(field, place)
    snapshot.forget()


async def place_of(code: str) -> int:
    """The field's place among its siblings, counted from 1 (what the edit form shows)."""
    field = await _get(code)
    siblings = await Field.filter(
        parent_id=field.parent_id
    ).order_by("position", "id").values_list("id", flat=True)
    return list(siblings).index(field.id) + 1  # type: ignore[arg-type]  # Tortoise: flat rows typed as tuples


async def usage(code: str) -> FieldUsage:
    field = await _get(code)
    return FieldUsage(
        organisations=await field.organisations.all().count(),
        departments=await field.departments.all().count(),
        needs=await field.needs.all().count(),
        capabilities=await field.capabilities.all().count(),
        children=await Field.filter(parent_id=field.id).count(),
    )


async def delete_field(code: str) -> None:
    """Delete a field nobody uses and that has no sub-areas; otherwise say why not."""
    async with in_transaction():
        used = await usage(code)
        if used.children:
            raise DomainError(
                "%(code)s has sub-areas. Please delete its sub-areas first.", code=code
            )
        if used.total:
            raise DomainError(
                "%(code)s is still used by %(groups)s groups, %(departments)s departments, "
                "%(needs)s calls for partners and %(offers)s offers, so it cannot be deleted.",
                code=code, groups=used.organisations, departments=used.departments,
                needs=used.needs, offers=used.capabilities,
            )
        await Field.filter(code=code).delete()
        await _renumber()
    snapshot.forget()
