"""The in-app inbox and the durable mail outbox the background worker sends from."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from kakehashi.accounts.models import User


class Notification(Model):
    """One message in a user's inbox, written in the user's language when it was created."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharField(max_length=40)
    title = fields.CharField(max_length=300)
    body = fields.TextField(default="")
    link = fields.CharField(max_length=500, default="")
    read_at = fields.DatetimeField(null=True)
    digested_at = fields.DatetimeField(null=True)
    """When a daily digest mail carried it (digest users only)."""
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notification"
        ordering = ["-created_at", "-id"]
        indexes = (("user_id", "read_at"),)


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    """Gave up after the last retry; a coordinator can send it again."""


class OutboxMail(Model):
    """A mail written in the same transaction as the change it reports, sent later with retries.

    dedupe_key makes one-off mails (reminders, digests) idempotent across worker restarts.
    """

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="mails", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    to_address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body_text = fields.TextField()
    calendar = fields.TextField(default="")
    """An iCalendar attachment (text/calendar), with its METHOD inside, or empty."""
    kind = fields.CharField(max_length=40)
    dedupe_key = fields.CharField(max_length=200, null=True, unique=True)
    status = fields.CharEnumField(MailStatus, max_length=16, default=MailStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.TextField(default="")
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "outbox_mail"
        ordering = ["id"]
        indexes = (("status", "next_attempt_at"),)
