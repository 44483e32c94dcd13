"""Citizens' proposals (提案型協働事業) and 後援 applications, each answered with reasons."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from kakehashi.accounts.models import User
    from kakehashi.directory.models.orgs import Department, Organisation
    from kakehashi.taxonomy.models import Field


class ProposalStatus(StrEnum):
    SUBMITTED = "submitted"
    ROUTED = "routed"
    ANSWERED = "answered"


class ProposalAnswer(StrEnum):
    ADOPTED = "adopted"
    CONSIDERING = "considering"
    NOT_ADOPTED = "not_adopted"
    """Requires a plain-language reason."""


class Proposal(Model):
    """A group proposes a collaborative project: the coordinator routes it, a department
    answers, and once answered the proposal and the answer are public."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation["Organisation"] = (
        fields.ForeignKeyField(
            "models.Organisation", related_name="proposals", on_delete=fields.CASCADE
        )
    )
    organisation_id: int
    title = fields.CharField(max_length=200)
    issue = fields.TextField()
    plan = fields.TextField()
    expected_effect = fields.TextField()
    fields_: fields.ManyToManyRelation["Field"] = fields.ManyToManyField(
        "models.Field", related_name="proposals", through="proposal_field"
    )
    departments_in_mind: fields.ManyToManyRelation["Department"] = (
        fields.ManyToManyField(
            "models.Department", related_name="proposals_in_mind",
            through="proposal_department_in_mind",
        )
    )
    status = fields.CharEnumField(ProposalStatus, max_length=16, default=ProposalStatus.SUBMITTED)
    routed_to: fields.ForeignKeyNullableRelation["Department"] = (
        fields.ForeignKeyField(
            "models.Department", related_name="proposals_routed", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    routed_to_id: int | None
    routed_at = fields.DatetimeField(null=True)
    answer = fields.CharEnumField(ProposalAnswer, max_length=16, null=True)
    answer_reason = fields.TextField(default="")
    answered_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="proposals_answered", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    answered_by_id: int | None
    answered_at = fields.DatetimeField(null=True)
    answer_due_on = fields.DateField(null=True)
    """Set when the office sends the proposal to a department: the day the group may expect
    the answer by (shown to both sides; the desk warns before it passes)."""
    needs_learned = fields.TextField(default="")
    """What the city learned of the issue and its needs (課題・ニーズ), kept even when the
    proposal is not adopted."""
    submitted_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="proposals_submitted", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    submitted_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "proposal"
        ordering = ["-created_at", "-id"]


class ProposalConsultation(Model):
    """A consultation with the proposing group before the answer (協議): when, what was
    discussed, what comes next. The group reads it on its proposal."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[Proposal] = fields.ForeignKeyField(
        "models.Proposal", related_name="consultations", on_delete=fields.CASCADE
    )
    proposal_id: int
    held_on = fields.DateField()
    notes = fields.TextField()
    next_steps = fields.TextField(default="")
    author: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="proposal_consultations", null=True,
        on_delete=fields.SET_NULL
    )
    author_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "proposal_consultation"
        ordering = ["held_on", "id"]


class SponsorshipStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REFUSED = "refused"


REFUSAL_GROUNDS = (
    "for_profit", "particular_citizens", "unsafe", "religious_or_political", "public_order",
    "possibly_illegal", "public_criticism",
)
"""The seven grounds on which 後援 is refused; the reviewer checks every one."""


class SponsorshipApplication(Model):
    """An application for the city's nominal sponsorship (後援) of an event."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation["Organisation"] = (
        fields.ForeignKeyField(
            "models.Organisation", related_name="sponsorship_applications",
            on_delete=fields.CASCADE,
        )
    )
    organisation_id: int
    event_name = fields.CharField(max_length=200)
    purpose = fields.TextField()
    description = fields.TextField(default="")
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    venue = fields.CharField(max_length=200)
    expected_attendance = fields.IntField(null=True)
    admission_fee = fields.IntField(default=0)
    """In yen, 0 for free events."""
    status = fields.CharEnumField(
        SponsorshipStatus, max_length=16, default=SponsorshipStatus.SUBMITTED
    )
    grounds: dict[str, bool] = fields.JSONField(default=dict)  # type: ignore[assignment]
    """Per refusal ground: True when the reviewer found it applies, False when it does not."""
    decision_note = fields.TextField(default="")
    reviewer: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="sponsorship_reviews", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    reviewer_id: int | None
    decided_at = fields.DatetimeField(null=True)
    submitted_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="sponsorship_applications", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    submitted_by_id: int | None
    organiser = fields.CharField(max_length=200, default="", db_default="")
    """主催: who runs the event (a 実行委員会 may differ from the applying group)."""
    audience = fields.TextField(default="", db_default="")
    """対象: who may take part; the "particular citizens" ground is judged on it."""
    name_usage = fields.TextField(default="", db_default="")
    """How the city's name appears (チラシに「後援：○○市」…)."""
    answer_due_on = fields.DateField(null=True)
    """When the office should have decided (``sponsorships.answer_due``)."""
    department: fields.ForeignKeyNullableRelation["Department"] = fields.ForeignKeyField(
        "models.Department", related_name="sponsorship_opinions", null=True,
        on_delete=fields.SET_NULL,
    )
    """The department whose work the event concerns, asked for its opinion."""
    department_id: int | None
    opinion_question = fields.TextField(default="", db_default="")
    opinion_requested_at = fields.DatetimeField(null=True)
    opinion_supports = fields.BooleanField(null=True)
    """The department's view: True supports 後援, False has concerns, None not given yet."""
    opinion = fields.TextField(default="", db_default="")
    opinion_by: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="sponsorship_opinions_given", null=True,
        on_delete=fields.SET_NULL,
    )
    opinion_by_id: int | None
    opinion_at = fields.DatetimeField(null=True)
    contributes = fields.BooleanField(null=True)
    """本市の施策の推進に寄与: the ground 後援 needs, besides none of the seven applying."""
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sponsorship_application"
        ordering = ["-created_at", "-id"]
