"""Change history pages: who changed what and when, for those who keep the record.

A history shows private contact details, so it is shown only to those who may edit the record
(and coordinators); anyone else gets 404, as for a page they may not see.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kakehashi import labels
from kakehashi.accounts import permissions
from kakehashi.accounts.auth import CurrentUser, require_user
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import capabilities, history, needs
from kakehashi.errors import Forbidden, NotFound
from kakehashi.http.handling import path_id, refuse
from kakehashi.http.pages import render
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.taxonomy.fields import list_fields
from kakehashi.timezone import TOKYO


def field_labels() -> dict[str, str]:
    """Translated names of the recorded fields (built per request, in the reader's language)."""
    return {
        "name": _("Name of the group or department"),
        "owner_type": _("Owned by a department or a group"),
        "owner_name": _("Owner's name"),
        "furigana": _("Reading of the name (furigana)"),
        "kind": _("Kind of group"),
        "area": _("Area"),
        "description": _("Description"),
        "activities": _("Activities so far"),
        "fields": _("Fields"),
        "founded_year": _("Year founded"),
        "size": _("Number of members"),
        "criteria_declared": _("Capable partner (self-declaration)"),
        "criteria_confirmed": _("Confirmed by the collaboration office"),
        "public_contact": _("Public contact details"),
        "contact_name": _("Contact person"),
        "contact_email": _("Contact e-mail"),
        "contact_phone": _("Contact phone"),
        "section": _("Section"),
        "public_phone": _("Public phone number"),
        "title": _("Title"),
        "period_start": _("Period from"),
        "period_end": _("Period until"),
        "status": _("Status"),
        "close_reason": _("Reason for closing"),
        "reason": _("Reason for not approving"),
        "member": _("Member"),
    }


def action_labels() -> dict[str, str]:
    return {
        "created": _("Created"), "edited": _("Edited"), "open": _("Published"),
        "close": _("Closed"), "reopen": _("Reopened"), "deleted": _("Deleted"),
        "approved": _("Approved by the collaboration office"),
        "rejected": _("Not approved by the collaboration office"),
        "criteria_confirmed": _("Criteria confirmed by the collaboration office"),
        "imported": _("Imported from a CSV file"),
        "member_added": _("Member added"), "member_left": _("Member left"),
    }


VALUE_TABLES: dict[str, dict[str, str]] = {
    "kind": labels.PARTNER_KINDS, "criteria_declared": labels.CRITERIA,
    "criteria_confirmed": labels.CRITERIA, "status": labels.NEED_STATUSES,
    "close_reason": labels.CLOSE_REASONS,
}
STATUS_TABLES: dict[str, dict[str, str]] = {"organisation": labels.APPROVAL_STATUSES}
"""A group's ``status`` is its approval, not a call's draft/open/closed."""


def _value_table(entity_type: str, name: str) -> dict[str, str] | None:
    if name == "status" and entity_type in STATUS_TABLES:
        return STATUS_TABLES[entity_type]
    return VALUE_TABLES.get(name)


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    action: str
    user_name: str
    when: datetime
    time: str
    changes: list[Change]


def _show(entity_type: str, name: str, value: Any, taxonomy: dict[str, str]) -> str:
    table = _value_table(entity_type, name)
    values = value if isinstance(value, list) else [value]
    shown = [
        taxonomy.get(str(v), str(v)) if name == "fields"
        else labels.label(table, v) if table is not None
        else str(v)
        for v in values if v not in (None, "")
    ]
    return "、".join(shown) if shown else _("(empty)")


async def _entries(entity_type: str, entity_id: int) -> list[Entry]:
    taxonomy = {f.code: f.label for f in await list_fields()}
    names, actions = field_labels(), action_labels()
    result = []
    for entry in await history.entries(entity_type, entity_id):
        local = entry.created_at.astimezone(TOKYO)
        result.append(Entry(
            action=actions.get(entry.action, entry.action),
            user_name=entry.user_name, when=local, time=local.strftime("%H:%M"),
            changes=[
                Change(names.get(k, k), _show(entity_type, k, pair[0], taxonomy),
                       _show(entity_type, k, pair[1], taxonomy))
                for k, pair in entry.changes.items() if len(pair) == 2
            ],
        ))
    return result


async def _page(
    request: Request, entity_type: str, find: Callable[[CurrentUser, int], Awaitable[Any]],
    describe: Callable[[int], Awaitable[tuple[str, str]]],
) -> Response:
    user = require_user(request)
    entity_id = path_id(request)
    try:
        await find(user, entity_id)
    except (NotFound, Forbidden) as error:
        refuse(NotFound(error.message))
    title, back = await describe(entity_id)
    return render(request, "edit/history.html", {
        "title": title, "back": back, "entries": await _entries(entity_type, entity_id),
    })


async def _group(entity_id: int) -> tuple[str, str]:
    name = await permissions.owner_name(Owner("organisation", entity_id))
    return name, path_for("group", id=entity_id)


async def _department(entity_id: int) -> tuple[str, str]:
    name = await permissions.owner_name(Owner("department", entity_id))
    return name, path_for("department", id=entity_id)


async def _need(entity_id: int) -> tuple[str, str]:
    return (await needs.need_summary(entity_id)).title, path_for("edit_need", id=entity_id)


async def _capability(entity_id: int) -> tuple[str, str]:
    summary = await capabilities.capability_summary(entity_id)
    return summary.title, path_for("edit_capability", id=entity_id)


async def group_history(request: Request) -> Response:
    return await _page(request, "organisation", permissions.require_organisation, _group)


async def department_history(request: Request) -> Response:
    return await _page(request, "department", permissions.require_department, _department)


async def need_history(request: Request) -> Response:
    return await _page(request, "need", permissions.require_need, _need)


async def capability_history(request: Request) -> Response:
    return await _page(request, "capability", permissions.require_capability, _capability)
