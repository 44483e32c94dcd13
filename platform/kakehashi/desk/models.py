"""What the desk stores: the office's own deadlines (one row) and which overdue items each person
was last reminded of, so a daily reminder run never repeats an item within a day."""

from tortoise import fields
from tortoise.models import Model


class DeskSettings(Model):
    """The office's deadlines, edited on the desk (no row: the defaults)."""

    id = fields.IntField(primary_key=True)
    unanswered_days = fields.IntField(default=7)
    """A request to be introduced is on the desk after this many days without an answer."""
    outcome_days = fields.IntField(default=3)
    """A meeting is on the desk this many days after it started if no outcome is recorded."""
    party_days = fields.IntField(default=14)
    """How long an agreement (or a completed collaboration's evaluation) may wait for a party."""
    deadline_warning_days = fields.IntField(default=7)
    """An answer deadline this many days away (or less) is on the desk."""
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "desk_settings"


class DeskReminder(Model):
    """The last time one person was reminded of one overdue item (``item`` like "outcome:12")."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField()
    item = fields.CharField(max_length=100)
    reminded_at = fields.DatetimeField()

    class Meta:
        table = "desk_reminder"
        unique_together = (("user_id", "item"),)
