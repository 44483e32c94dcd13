"""The collaboration office's internal notes on queue items and groups (coordinators only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from kakehashi.introductions.models import QueueItem

if TYPE_CHECKING:
    from kakehashi.accounts.models import User
    from kakehashi.directory.models.orgs import Organisation


class QueueNote(Model):
    """An internal note of the collaboration office on a queue item or on a group: read by
    coordinators only (never on public pages, the parties' pages or the API)."""

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyNullableRelation[QueueItem] = fields.ForeignKeyField(
        "models.QueueItem", related_name="notes", null=True, on_delete=fields.CASCADE
    )
    item_id: int | None
    organisation: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "models.Organisation", related_name="office_notes", null=True,
        on_delete=fields.CASCADE
    )
    organisation_id: int | None
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="queue_notes", null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "queue_note"
        ordering = ["created_at", "id"]
