"""Directory records as the services store them: searchable text filled, fields attached."""

from __future__ import annotations

from typing import Any

from kakehashi.directory.indexing import (
    capability_text,
    department_text,
    need_text,
    organisation_text,
)
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation, PartnerKind
from kakehashi.taxonomy.models import Field

PRIVATE_CONTACT = {"contact_name": "連絡 太郎", "contact_email": "secret-contact@example.jp",
                   "contact_phone": "090-1111-2222"}
"""A group's private contact, for tests of who may see it (pass it as ``**PRIVATE_CONTACT``)."""


async def _tag(record: Organisation | Department | Need | Capability,
               fields: tuple[str, ...]) -> None:
    if fields:
        await record.fields_.add(*await Field.filter(code__in=fields))


async def group(name: str, *, kind: PartnerKind | str = PartnerKind.CITIZEN_GROUP,
                status: ApprovalStatus = ApprovalStatus.APPROVED, area: str = "",
                description: str = "", fields: tuple[str, ...] = (),
                **extra: Any) -> Organisation:
    """An approved citizen group unless told otherwise."""
    created = await Organisation.create(
        name=name, kind=kind, status=status, area=area, description=description,
        search_text=organisation_text(name, str(extra.get("furigana", "")), area, description,
                                      str(extra.get("activities", ""))),
        **extra,
    )
    await _tag(created, fields)
    return created


async def department(name: str, *, section: str = "健康福祉部", description: str = "",
                     fields: tuple[str, ...] = (), **extra: Any) -> Department:
    created = await Department.create(
        name=name, section=section, description=description,
        search_text=department_text(name, section, description), **extra,
    )
    await _tag(created, fields)
    return created


async def need(title: str, *, organisation: Organisation | None = None,
               department: Department | None = None, status: NeedStatus = NeedStatus.OPEN,
               description: str = "", area: str = "", fields: tuple[str, ...] = (),
               **extra: Any) -> Need:
    """An open call for partners, owned by nobody unless given an owner."""
    created = await Need.create(
        title=title, organisation=organisation, department=department, status=status,
        description=description, area=area, search_text=need_text(title, description, area),
        **extra,
    )
    await _tag(created, fields)
    return created


async def capability(title: str, *, organisation: Organisation | None = None,
                     department: Department | None = None, description: str = "",
                     fields: tuple[str, ...] = (), **extra: Any) -> Capability:
    created = await Capability.create(
        title=title, organisation=organisation, department=department,
        description=description, search_text=capability_text(title, description), **extra,
    )
    await _tag(created, fields)
    return created
