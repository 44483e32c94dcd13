"""The city as the bridge: the coordinator's queue, introductions, their slots and timeline.

A party is a citizen group or a city department, stored as a kind and an id (as
``kakehashi.accounts.permissions.Owner``), so one introduction can join any two of them.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from kakehashi.accounts.models import User
    from kakehashi.directory.models.needs import Need


class QueueOrigin(StrEnum):
    SUGGESTION = "suggestion"
    """Put in the queue by the matching worker."""
    REQUEST = "request"
    """A group or a department asked to be introduced (この団体と話したい)."""
    COORDINATOR = "coordinator"
    """A coordinator picked the pair by hand."""


class QueueStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    INTRODUCED = "introduced"
    WITHDRAWN = "withdrawn"
    """The asker took its request back before the office acted on it."""


class DismissReason(StrEnum):
    NOT_RELEVANT = "not_relevant"
    ALREADY_WORKING = "already_working"
    PARTY_UNAVAILABLE = "party_unavailable"
    TOO_MANY = "too_many"
    OTHER = "other"


class QueueItem(Model):
    """A pair waiting for the coordinator: dismiss it with a reason or introduce the parties.

    party_a is the side the suggestion or request starts from (the asker), party_b the other.
    """

    id = fields.IntField(primary_key=True)
    origin = fields.CharEnumField(QueueOrigin, max_length=16)
    status = fields.CharEnumField(QueueStatus, max_length=16, default=QueueStatus.OPEN)
    party_a_kind = fields.CharField(max_length=16)
    party_a_id = fields.IntField()
    party_b_kind = fields.CharField(max_length=16)
    party_b_id = fields.IntField()
    need: fields.ForeignKeyNullableRelation["Need"] = fields.ForeignKeyField(
        "models.Need", related_name="queue_items", null=True, on_delete=fields.SET_NULL
    )
    need_id: int | None
    score = fields.FloatField(null=True)
    reasons: list[dict[str, object]] = fields.JSONField(default=list)  # type: ignore[assignment]
    message = fields.TextField(default="")
    requested_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="queue_requests", null=True, on_delete=fields.SET_NULL
        )
    )
    requested_by_id: int | None
    dismiss_reason = fields.CharEnumField(DismissReason, max_length=32, null=True)
    dismiss_note = fields.TextField(default="")
    handled_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="queue_handled", null=True, on_delete=fields.SET_NULL
        )
    )
    handled_by_id: int | None
    handled_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    assignee: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="queue_assigned", null=True, on_delete=fields.SET_NULL
        )
    )
    """The coordinator who looks after this pair (none: anyone in the office)."""
    assignee_id: int | None

    class Meta:
        table = "queue_item"
        ordering = ["-created_at", "-id"]
        indexes = (("status", "created_at"), ("party_a_kind", "party_a_id", "party_b_kind",
                                               "party_b_id"))


class Room(Model):
    """A meeting room of the citizen activity centre (市民活動センター)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    location = fields.CharField(max_length=200, default="")
    capacity = fields.IntField()
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "room"
        ordering = ["name"]


class IntroductionStatus(StrEnum):
    PROPOSED = "proposed"
    """Slots sent, waiting for both parties."""
    NEEDS_SLOTS = "needs_slots"
    """Both parties answered and no slot suits both: the coordinator offers new ones."""
    SCHEDULED = "scheduled"
    """One slot confirmed: by the coordinator, or by itself when it alone suits both."""
    HELD = "held"
    """The coordinator recorded the outcome."""
    CANCELLED = "cancelled"
    """Called off by the coordinator (中止)."""
    DECLINED = "declined"
    """A party declined to meet, with a reason (不成立)."""
    WITHDRAWN = "withdrawn"
    """A party withdrew, with a reason (取り下げ)."""


class Outcome(StrEnum):
    COLLABORATE = "collaborate"
    LATER = "later"
    NO = "no"


class Introduction(Model):
    """The coordinator introduces two parties and arranges the meeting where they meet."""

    id = fields.IntField(primary_key=True)
    queue_item: fields.ForeignKeyNullableRelation[QueueItem] = fields.ForeignKeyField(
        "models.QueueItem", related_name="introductions", null=True, on_delete=fields.SET_NULL
    )
    queue_item_id: int | None
    party_a_kind = fields.CharField(max_length=16)
    party_a_id = fields.IntField()
    party_b_kind = fields.CharField(max_length=16)
    party_b_id = fields.IntField()
    need: fields.ForeignKeyNullableRelation["Need"] = fields.ForeignKeyField(
        "models.Need", related_name="introductions", null=True, on_delete=fields.SET_NULL
    )
    need_id: int | None
    coordinator: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="introductions_made", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    coordinator_id: int | None
    status = fields.CharEnumField(
        IntroductionStatus, max_length=16, default=IntroductionStatus.PROPOSED
    )
    room: fields.ForeignKeyNullableRelation[Room] = fields.ForeignKeyField(
        "models.Room", related_name="introductions", null=True, on_delete=fields.SET_NULL
    )
    room_id: int | None
    online_url = fields.CharField(max_length=500, default="")
    agenda = fields.TextField(default="")
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True)
    """The meeting time once scheduled (copied from the slot both parties accepted)."""
    sequence = fields.IntField(default=0)
    """iCalendar SEQUENCE: raised whenever the scheduled meeting changes or is cancelled."""
    limit_overridden = fields.BooleanField(default=False)
    outcome = fields.CharEnumField(Outcome, max_length=16, null=True)
    minutes = fields.TextField(default="")
    cancel_reason = fields.TextField(default="")
    reminded_sequence = fields.IntField(null=True)
    """The SEQUENCE whose day-before reminder was sent (a moved meeting is reminded again)."""
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    slots: fields.ReverseRelation["IntroductionSlot"]

    class Meta:
        table = "introduction"
        ordering = ["-created_at", "-id"]
        indexes = (("party_a_kind", "party_a_id"), ("party_b_kind", "party_b_id"),
                   ("status",))


class IntroductionSlot(Model):
    """One proposed time for the meeting (one to three per round of proposals)."""

    id = fields.IntField(primary_key=True)
    introduction: fields.ForeignKeyRelation[Introduction] = fields.ForeignKeyField(
        "models.Introduction", related_name="slots", on_delete=fields.CASCADE
    )
    introduction_id: int
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    is_current = fields.BooleanField(default=True)
    """False once a reschedule replaced this round of slots."""

    class Meta:
        table = "introduction_slot"
        ordering = ["starts_at", "id"]


class PartySide(StrEnum):
    A = "a"
    B = "b"


class IntroductionAnswer(Model):
    """A party's current answer to the current slots: its comment, or a decline with why.

    Which slots suit the party is in :class:`SlotAvailability`; ``slot`` is left from the time
    each party picked one slot and is no longer written."""

    id = fields.IntField(primary_key=True)
    introduction: fields.ForeignKeyRelation[Introduction] = fields.ForeignKeyField(
        "models.Introduction", related_name="answers", on_delete=fields.CASCADE
    )
    introduction_id: int
    side = fields.CharEnumField(PartySide, max_length=1)
    slot: fields.ForeignKeyNullableRelation[IntroductionSlot] = fields.ForeignKeyField(
        "models.IntroductionSlot", related_name="answers", null=True, on_delete=fields.CASCADE
    )
    slot_id: int | None
    declined = fields.BooleanField(default=False)
    reason = fields.TextField(default="")
    comment = fields.TextField(default="")
    """What the party adds to its availability (「午後なら調整できます」)."""
    answered_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="introduction_answers", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    answered_by_id: int | None
    answered_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "introduction_answer"
        unique_together = (("introduction", "side"),)


class SlotAvailability(Model):
    """Whether one party can attend one slot (○ or ×), no row meaning not answered yet."""

    id = fields.IntField(primary_key=True)
    introduction: fields.ForeignKeyRelation[Introduction] = fields.ForeignKeyField(
        "models.Introduction", related_name="availability", on_delete=fields.CASCADE
    )
    introduction_id: int
    slot: fields.ForeignKeyRelation[IntroductionSlot] = fields.ForeignKeyField(
        "models.IntroductionSlot", related_name="availability", on_delete=fields.CASCADE
    )
    slot_id: int
    side = fields.CharEnumField(PartySide, max_length=1)
    available = fields.BooleanField()
    answered_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="slot_availability", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    answered_by_id: int | None
    answered_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "slot_availability"
        unique_together = (("slot", "side"),)


class IntroductionEvent(Model):
    """One step of an introduction's timeline: who proposed, accepted, declined, and why."""

    id = fields.IntField(primary_key=True)
    introduction: fields.ForeignKeyRelation[Introduction] = fields.ForeignKeyField(
        "models.Introduction", related_name="events", on_delete=fields.CASCADE
    )
    introduction_id: int
    kind = fields.CharField(max_length=32)
    actor: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="introduction_events", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    actor_id: int | None
    side = fields.CharField(max_length=1, default="")
    data: dict[str, object] = fields.JSONField(default=dict)  # type: ignore[assignment]
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "introduction_event"
        ordering = ["created_at", "id"]

