"""What a group or department can offer, kept by its owner: add, edit, delete with history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from kakehashi import freshness
from kakehashi.accounts import permissions
from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import history
from kakehashi.directory.indexing import capability_text
from kakehashi.directory.models.needs import Capability
from kakehashi.directory.profiles import field_codes_of, fields_for, set_fields
from kakehashi.directory.visibility import visible_capabilities
from kakehashi.errors import DomainError, NotFound

QUIET = frozenset({"title", "description"})
"""What an edit may change and still touch only the offer's own page and card and searches for
its words (``kakehashi.freshness``): lists order offers by date and filter them by fields and
owner, never by these."""


@dataclass(frozen=True)
class CapabilityInput:
    title: str
    description: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class CapabilitySummary:
    id: int
    title: str
    owner: Owner
    owner_name: str


def _snapshot(data: CapabilityInput) -> dict[str, Any]:
    return {"title": data.title, "description": data.description, "fields": sorted(data.fields)}


async def capability_input(capability_id: int) -> CapabilityInput:
    capability = await Capability.get_or_none(id=capability_id)
    if capability is None:
        raise NotFound("Page not found")
    return await _input_of(capability)


async def _input_of(capability: Capability) -> CapabilityInput:
    return CapabilityInput(
        title=capability.title, description=capability.description,
        fields=await field_codes_of(capability),
    )


async def capability_summary(capability_id: int) -> CapabilitySummary:
    capability = await Capability.get_or_none(id=capability_id)
    if capability is None:
        raise NotFound("Page not found")
    owner = permissions.owner_of(
        capability.organisation_id, capability.department_id
    )
    return CapabilitySummary(
        id=capability.id, title=capability.title, owner=owner,
        owner_name=await permissions.owner_name(owner),
    )


async def create_capability(user: CurrentUser, owner: Owner, data: CapabilityInput) -> int:
    await permissions.require_owner(user, owner)
    if not data.title:
        raise DomainError("Please fill in this field.", "title")
    fields = await fields_for(data.fields)
    async with in_transaction():
        capability = await Capability.create(
            title=data.title, description=data.description,
            search_text=capability_text(data.title, data.description), **owner.model_fields(),  # type: ignore[arg-type]  # mypy: ** could fill using_db
        )
        await set_fields(capability, fields)
        await history.record(
            "capability", capability.id, "created", user.id, history.diff({}, _snapshot(data))
        )
    return capability.id


async def update_capability(user: CurrentUser, capability_id: int, data: CapabilityInput) -> None:
    await permissions.require_capability(user, capability_id)
    if not data.title:
        raise DomainError("Please fill in this field.", "title")
    fields = await fields_for(data.fields)
    async with in_transaction():
        capability = await Capability.get(id=capability_id)
        before, text_before = await _input_of(capability), capability.search_text
        capability.title = data.title
        capability.description = data.description
        capability.search_text = capability_text(data.title, data.description)
        await capability.save()
        await set_fields(capability, fields, before.fields)
        changes = history.diff(_snapshot(before), _snapshot(data))
        await history.record("capability", capability_id, "edited", user.id, changes)
    freshness.saved(Capability._meta.db_table, capability_id, changes, QUIET,
                    (text_before, capability.search_text))


async def delete_capability(user: CurrentUser, capability_id: int) -> Owner:
    """Remove an offer; its history stays, ending with who deleted it."""
    owner = await permissions.require_capability(user, capability_id)
    async with in_transaction():
        before = await capability_input(capability_id)
        await Capability.filter(id=capability_id).delete()
        await history.record(
            "capability", capability_id, "deleted", user.id,
            {k: [v, None] for k, v in _snapshot(before).items()},
        )
    return owner


async def publicly_visible(capability_id: int) -> bool:
    """Whether a visitor can see the offer now (its owner is public)."""
    return await Capability.filter(visible_capabilities(None), id=capability_id).exists()
