"""Needs: drafts, publishing, closing with a reason, reopening; offers deleted with history."""

from __future__ import annotations

from datetime import date

import pytest
from factories import accounts

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import Role
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import capabilities, needs
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import Organisation
from kakehashi.errors import DomainError, Forbidden


async def _member() -> tuple[CurrentUser, Owner]:
    group = await Organisation.create(name="みどりの会", kind="citizen_group")
    member = await accounts.user("m@example.jp", Role.GROUP, "みどりの会")
    return member, Owner("organisation", group.id)


def _need(**changes: object) -> needs.NeedInput:
    values: dict[str, object] = {
        "title": "見守り協力者の募集", "description": "", "area": "", "fields": ("welfare",),
        "period_start": date(2026, 4, 1), "period_end": date(2026, 9, 30),
    }
    values.update(changes)
    return needs.NeedInput(**values)  # type: ignore[arg-type]


async def test_new_need_is_a_draft_with_history_and_search_text(db: str) -> None:
    user, owner = await _member()
    need_id = await needs.create_need(user, owner, _need())
    need = await Need.get(id=need_id)
    assert (need.status, need.opened_at) == (NeedStatus.DRAFT, None)
    assert "見守り" in need.search_text
    record = await ChangeRecord.get(entity_type="need", entity_id=need_id)
    assert record.action == "created"
    assert record.changes["title"] == [None, "見守り協力者の募集"]


async def test_reversed_period_and_missing_fields_write_nothing(db: str) -> None:
    user, owner = await _member()
    with pytest.raises(DomainError) as refused:
        await needs.create_need(user, owner, _need(period_start=date(2026, 10, 1)))
    assert refused.value.field == "period_end"
    with pytest.raises(DomainError) as refused:
        await needs.create_need(user, owner, _need(fields=()))
    assert refused.value.field == "fields"
    assert not await Need.exists()
    assert not await ChangeRecord.exists()


async def test_lifecycle_draft_open_closed_reopened(db: str) -> None:
    user, owner = await _member()
    need_id = await needs.create_need(user, owner, _need())
    with pytest.raises(DomainError):
        await needs.change_status(user, need_id, "close", "filled")
    await needs.change_status(user, need_id, "open")
    need = await Need.get(id=need_id)
    assert need.status == NeedStatus.OPEN and need.opened_at is not None
    with pytest.raises(DomainError) as refused:
        await needs.change_status(user, need_id, "close", "")
    assert refused.value.field == "close_reason"
    await needs.change_status(user, need_id, "close", "withdrawn")
    need = await Need.get(id=need_id)
    assert (need.status, need.close_reason) == (NeedStatus.CLOSED, "withdrawn")
    await needs.change_status(user, need_id, "reopen")
    need = await Need.get(id=need_id)
    assert (need.status, need.close_reason) == (NeedStatus.OPEN, None)
    actions = await ChangeRecord.filter(entity_type="need").order_by("id").values_list(
        "action", flat=True
    )
    assert list(actions) == ["created", "open", "close", "reopen"]


async def test_capability_delete_by_non_owner_is_refused(db: str) -> None:
    user, _ = await _member()
    other = await Organisation.create(name="あおぞら会", kind="citizen_group")
    capability = await Capability.create(title="テント", organisation=other)
    with pytest.raises(Forbidden):
        await capabilities.delete_capability(user, capability.id)
    assert await Capability.exists(id=capability.id)


async def test_capability_delete_keeps_what_was_deleted(db: str) -> None:
    user, owner = await _member()
    capability_id = await capabilities.create_capability(
        user, owner, capabilities.CapabilityInput("テントの貸し出し", "", ("culture.festival",))
    )
    await capabilities.delete_capability(user, capability_id)
    assert not await Capability.exists()
    record = await ChangeRecord.filter(entity_type="capability", action="deleted").first()
    assert record is not None
    assert record.changes["title"] == ["テントの貸し出し", None]
