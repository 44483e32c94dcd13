"""Calls for partners kept by their owners: writing them and moving them through their life.

Lifecycle (DESIGN §4): draft → open → closed (filled or withdrawn); a closed call may be
reopened. Opening stamps ``opened_at`` so lists can show the newest calls first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from kakehashi import freshness
from kakehashi.accounts import permissions
from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import history
from kakehashi.directory.indexing import need_text
from kakehashi.directory.models.needs import CloseReason, Need, NeedStatus
from kakehashi.directory.profiles import field_codes_of, fields_for, set_fields
from kakehashi.directory.visibility import visible_needs
from kakehashi.errors import DomainError, NotFound

QUIET = frozenset({"title", "description", "period_start", "period_end"})
"""What an edit may change and still touch only the call's own page, its card and searches for
its words (``kakehashi.freshness``): lists order calls by date and filter them by fields, area,
owner and status, never by these."""


@dataclass(frozen=True)
class NeedInput:
    title: str
    description: str
    area: str
    fields: tuple[str, ...]
    period_start: date | None
    period_end: date | None


@dataclass(frozen=True)
class NeedSummary:
    """What the edit page shows beside the form: whose call it is and where it stands."""

    id: int
    title: str
    status: str
    close_reason: str
    owner: Owner
    owner_name: str


def check_need(data: NeedInput) -> None:
    if not data.title:
        raise DomainError("Please fill in this field.", "title")
    if not data.fields:
        raise DomainError("Please choose at least one.", "fields")
    check_period(data)


def check_period(data: NeedInput) -> None:
    """A call's period may be open-ended, but never end before it starts."""
    if data.period_start and data.period_end and data.period_end < data.period_start:
        raise DomainError("The period must not end before it starts.", "period_end")


def _snapshot(data: NeedInput) -> dict[str, Any]:
    return {
        "title": data.title, "description": data.description, "area": data.area,
        "fields": sorted(data.fields),
        "period_start": data.period_start.isoformat() if data.period_start else None,
        "period_end": data.period_end.isoformat() if data.period_end else None,
    }


async def need_input(need_id: int) -> NeedInput:
    need = await Need.get_or_none(id=need_id)
    if need is None:
        raise NotFound("Page not found")
    return await _input_of(need)


async def _input_of(need: Need) -> NeedInput:
    return NeedInput(
        title=need.title, description=need.description, area=need.area,
        fields=await field_codes_of(need), period_start=need.period_start,
        period_end=need.period_end,
    )


async def need_summary(need_id: int) -> NeedSummary:
    row = await Need.filter(id=need_id).first().values(
        "title", "status", "close_reason", "organisation_id", "department_id",
        "organisation__name", "department__name",
    )
    if row is None:
        raise NotFound("Page not found")
    return NeedSummary(
        id=need_id, title=row["title"], status=row["status"].value,
        close_reason=row["close_reason"].value if row["close_reason"] else "",
        owner=permissions.owner_of(row["organisation_id"], row["department_id"]),
        owner_name=row["organisation__name"] or row["department__name"] or "",
    )


async def create_need(
    user: CurrentUser, owner: Owner, data: NeedInput, *, publish: bool = False
) -> int:
    """A new call, a draft unless ``publish``; returns its id."""
    await permissions.require_owner(user, owner)
    check_need(data)
    fields = await fields_for(data.fields)
    async with in_transaction():
        need = await Need.create(
            title=data.title, description=data.description, area=data.area,
            period_start=data.period_start, period_end=data.period_end,
            status=NeedStatus.OPEN if publish else NeedStatus.DRAFT,
            opened_at=now() if publish else None,
            search_text=need_text(data.title, data.description, data.area),
            **owner.model_fields(),  # type: ignore[arg-type]  # mypy: ** could fill using_db
        )
        await set_fields(need, fields)
        changes = history.diff({}, _snapshot(data))
        changes["status"] = [None, str(need.status.value)]
        await history.record("need", need.id, "created", user.id, changes)
    return need.id


async def update_need(user: CurrentUser, need_id: int, data: NeedInput) -> None:
    await permissions.require_need(user, need_id)
    check_need(data)
    fields = await fields_for(data.fields)
    async with in_transaction():
        need = await Need.get(id=need_id)
        before, text_before = await _input_of(need), need.search_text
        need.update_from_dict({
            "title": data.title, "description": data.description, "area": data.area,
            "period_start": data.period_start, "period_end": data.period_end,
            "search_text": need_text(data.title, data.description, data.area),
        })
        await need.save()
        await set_fields(need, fields, before.fields)
        changes = history.diff(_snapshot(before), _snapshot(data))
        await history.record("need", need_id, "edited", user.id, changes)
    freshness.saved(Need._meta.db_table, need_id, changes, QUIET,
                    (text_before, need.search_text))


_MOVES: dict[str, tuple[NeedStatus, NeedStatus]] = {
    "open": (NeedStatus.DRAFT, NeedStatus.OPEN),
    "close": (NeedStatus.OPEN, NeedStatus.CLOSED),
    "reopen": (NeedStatus.CLOSED, NeedStatus.OPEN),
}


async def change_status(
    user: CurrentUser, need_id: int, action: str, close_reason: str = ""
) -> None:
    """Publish, close (with a reason: filled or withdrawn) or reopen a call."""
    await permissions.require_need(user, need_id)
    if action not in _MOVES:
        raise DomainError("Please choose one of the options.", "action")
    source, target = _MOVES[action]
    reason: CloseReason | None = None
    if action == "close":
        if close_reason not in {r.value for r in CloseReason}:
            raise DomainError("Please say why the call is closed.", "close_reason")
        reason = CloseReason(close_reason)
    async with in_transaction():
        need = await Need.get(id=need_id)
        if need.status != source:
            raise DomainError("This call cannot be changed that way now.", "action")
        changes: dict[str, list[Any]] = {"status": [source.value, target.value]}
        old_reason = need.close_reason.value if need.close_reason else None
        if old_reason != (reason.value if reason else None):
            changes["close_reason"] = [old_reason, reason.value if reason else None]
        need.status = target
        need.close_reason = reason  # type: ignore[assignment]  # Tortoise: null enum typed non-null
        if target == NeedStatus.OPEN:
            need.opened_at = now()
        await need.save()
        await history.record("need", need_id, action, user.id, changes)


async def publicly_visible(need_id: int) -> bool:
    """Whether a visitor can see the call now (open, and its owner public)."""
    return await Need.filter(visible_needs(None), id=need_id).exists()
