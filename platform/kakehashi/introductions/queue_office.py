"""The office's own work on the queue: many items at once, who looks after which, and notes.

Bulk dismissing runs the single-item rule for each item in one transaction, so a refusal leaves
nothing half done; restoring brings a dismissed pair back (unless the same pair is waiting
again) and keeps why in a note. Notes and assignments are the office's: only coordinators
write or read them (see ``queue_views``).
"""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import Role, User
from kakehashi.errors import DomainError, NotFound
from kakehashi.i18n import gettext as _
from kakehashi.introductions import queue
from kakehashi.introductions.models import QueueItem, QueueStatus
from kakehashi.introductions.note_models import QueueNote

MAX_BULK = 200
"""Items one bulk action may take: a few pages of the queue."""
MAX_NOTE = 2000


def _chosen(item_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise DomainError("Please tick at least one item.", "items")
    if len(ids) > MAX_BULK:
        raise DomainError("Please choose at most %(max)s items at a time.", "items",
                          max=MAX_BULK)
    return ids


async def dismiss_many(user: CurrentUser, item_ids: Sequence[int], code: str,
                       note: str) -> int:
    """Dismiss every ticked waiting item with one reason; all or none."""
    ids = _chosen(item_ids)
    async with in_transaction():
        for item_id in ids:
            await queue.dismiss(user, item_id, code, note)
    return len(ids)


async def restore_many(user: CurrentUser, item_ids: Sequence[int], note: str) -> int:
    """Bring dismissed items back to the waiting queue, with why (kept as a note)."""
    queue.require_coordinator(user)
    ids = _chosen(item_ids)
    if not note.strip():
        raise DomainError("Please say why in a few words.", "note")
    async with in_transaction():
        items = await QueueItem.filter(id__in=ids).select_for_update()
        if len(items) != len(ids):
            raise NotFound("Page not found")
        for item in items:
            if item.status != QueueStatus.DISMISSED:
                raise DomainError("Only dismissed items can be restored.", "items")
            if await queue.open_item_for(queue.party_a(item), queue.party_b(item)):
                raise DomainError("This pair is already waiting in the queue.", "items")
            await QueueItem.filter(id=item.id).update(
                status=QueueStatus.OPEN, dismiss_reason=None, dismiss_note="",
                handled_by_id=None, handled_at=None)
            await QueueNote.create(item_id=item.id, author_id=user.id, text=_(
                "Restored: %(why)s", why=note.strip()))
    return len(ids)


async def assign_many(user: CurrentUser, item_ids: Sequence[int],
                      assignee_id: int | None) -> int:
    """Put items in a coordinator's hands (``None``: back to the whole office)."""
    queue.require_coordinator(user)
    ids = _chosen(item_ids)
    if assignee_id is not None and not await User.exists(
            id=assignee_id, role=Role.COORDINATOR, is_active=True):
        raise DomainError("Please choose one of the options.", "assignee")
    async with in_transaction():
        return await QueueItem.filter(id__in=ids).update(assignee_id=assignee_id)


async def add_note(user: CurrentUser, item_id: int, text: str, *,
                   about_group: int | None = None) -> None:
    """An internal note for the other coordinators: on the item, or (``about_group``) on one
    of its groups, where it then shows beside every item that group is in."""
    queue.require_coordinator(user)
    text = text.strip()
    if not text:
        raise DomainError("Please fill in this field.", "note")
    if len(text) > MAX_NOTE:
        raise DomainError("Please keep this under %(max)s characters (now %(now)s).", "note",
                          max=MAX_NOTE, now=len(text))
    item = await QueueItem.get_or_none(id=item_id)
    if item is None:
        raise NotFound("Page not found")
    if about_group is None:
        await QueueNote.create(item_id=item.id, author_id=user.id, text=text)
        return
    groups = {o.id for o in (queue.party_a(item), queue.party_b(item))
              if o.kind == "organisation"}
    if about_group not in groups:
        raise DomainError("Please choose one of the options.", "about")
    await QueueNote.create(organisation_id=about_group, author_id=user.id, text=text)


async def coordinators() -> list[tuple[str, str]]:
    """The office's people, for the assignee choice."""
    rows = await User.filter(role=Role.COORDINATOR, is_active=True).order_by(
        "display_name", "id").values("id", "display_name", "email")
    return [(str(r["id"]), r["display_name"] or r["email"]) for r in rows]
