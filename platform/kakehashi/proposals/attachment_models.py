"""Files a group attaches to its 後援 application (企画書・チラシ・収支予算).

Kept in the database beside the application, not under ``static/``: they are served only to
those who may read the application, travel with backups, and are written in the same
transaction as the record that names them.
"""

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from kakehashi.accounts.models import User
    from kakehashi.proposals.models import SponsorshipApplication


class SponsorshipAttachment(Model):
    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation["SponsorshipApplication"] = fields.ForeignKeyField(
        "models.SponsorshipApplication", related_name="attachments", on_delete=fields.CASCADE,
    )
    application_id: int
    kind = fields.CharField(max_length=16)
    """plan (企画書), flyer (チラシ), budget (収支予算) or other."""
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=64)
    """Found from the content, never from the name or the browser's claim."""
    size = fields.IntField()
    content = fields.BinaryField()
    uploaded_by: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="sponsorship_attachments", null=True,
        on_delete=fields.SET_NULL,
    )
    uploaded_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sponsorship_attachment"
        ordering = ["id"]
