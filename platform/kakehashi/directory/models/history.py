"""Change history: who changed a profile, need or capability, when, and what."""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from kakehashi.accounts.models import User


class ChangeRecord(Model):
    id = fields.IntField(primary_key=True)
    entity_type = fields.CharField(max_length=32)
    entity_id = fields.IntField()
    action = fields.CharField(max_length=32)
    user: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="changes", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    changes: dict[str, list[object]] = fields.JSONField(default=dict)  # type: ignore[assignment]
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "change_record"
        ordering = ["-created_at", "-id"]
        indexes = (("entity_type", "entity_id"),)
