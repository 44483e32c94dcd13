"""The city's districts (地区): listed at sign-up, kept by the coordinator like the fields."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Max
from tortoise.transactions import in_transaction

from kakehashi.errors import DomainError, NotFound
from kakehashi.taxonomy.models import District


@dataclass(frozen=True)
class DistrictRow:
    id: int
    name: str


async def list_districts() -> list[DistrictRow]:
    return [DistrictRow(d["id"], d["name"])
            for d in await District.all().order_by("position", "id").values("id", "name")]


async def district_names() -> list[str]:
    """The names offered at sign-up (none yet: sign-up asks for no district)."""
    return [d.name for d in await list_districts()]


async def add_district(name: str) -> District:
    name = " ".join(name.split())
    if not name:
        raise DomainError("Please fill in this field.", "name")
    async with in_transaction():
        if await District.exists(name=name):
            raise DomainError("This district is already on the list.", "name")
        last = await District.annotate(last=Max("position")).first().values("last")
        position = int((last or {}).get("last") or 0) + 1
        return await District.create(name=name, position=position)


async def delete_district(district_id: int) -> str:
    """Groups keep the name they chose; the district is only no longer offered."""
    district = await District.get_or_none(id=district_id)
    if district is None:
        raise NotFound("Page not found")
    await district.delete()
    return district.name
