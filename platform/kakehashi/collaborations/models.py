"""Collaborations (協働事業): their forms, the agreement versions every party approves, progress
check-ins, the joint evaluation against the eight principles, and publication."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from kakehashi.accounts.models import User
    from kakehashi.directory.models.orgs import Department, Organisation
    from kakehashi.introductions.models import Introduction
    from kakehashi.proposals.models import Proposal
    from kakehashi.taxonomy.models import Field


class CollaborationStatus(StrEnum):
    DRAFT = "draft"
    """Opened from an introduction's outcome (or by a coordinator), agreement not yet agreed."""
    AGREED = "agreed"
    """Every party approved the same agreement version."""
    ACTIVE = "active"
    COMPLETED = "completed"


class CollaborationForm(StrEnum):
    """The seven forms of collaboration (苫小牧市 第3章)."""

    CO_HOSTING = "co_hosting"  # 共催
    COMMITTEE = "committee"  # 実行委員会・協議会
    AGREEMENT = "agreement"  # 協定
    COOPERATION = "cooperation"  # 事業協力
    COMMISSION = "commission"  # 委託
    SUBSIDY = "subsidy"  # 補助・助成
    SPONSORSHIP = "sponsorship"  # 後援


PRINCIPLES = ("a", "b", "c", "d", "e", "f", "g", "h")
"""The eight principles ア–ク (目的の共有 … 公開と評価), scored in each evaluation."""


class Collaboration(Model):
    """A collaboration between groups and departments, opened as a draft when an introduction
    ends in collaborate (or by a coordinator), and followed to its published evaluation."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200, default="")
    summary = fields.TextField(default="")
    status = fields.CharEnumField(
        CollaborationStatus, max_length=16, default=CollaborationStatus.DRAFT
    )
    forms: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    introduction: fields.ForeignKeyNullableRelation["Introduction"] = (
        fields.ForeignKeyField(
            "models.Introduction", related_name="collaborations", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    introduction_id: int | None
    proposal: fields.ForeignKeyNullableRelation["Proposal"] = fields.ForeignKeyField(
        "models.Proposal", related_name="collaborations", null=True, on_delete=fields.SET_NULL
    )
    proposal_id: int | None
    organisations: fields.ManyToManyRelation["Organisation"] = (
        fields.ManyToManyField(
            "models.Organisation", related_name="collaborations",
            through="collaboration_organisation",
        )
    )
    departments: fields.ManyToManyRelation["Department"] = (
        fields.ManyToManyField(
            "models.Department", related_name="collaborations", through="collaboration_department"
        )
    )
    fields_: fields.ManyToManyRelation["Field"] = fields.ManyToManyField(
        "models.Field", related_name="collaborations", through="collaboration_field"
    )
    agreed_version = fields.IntField(null=True)
    """The agreement version every party approved (None until then)."""
    started_on = fields.DateField(null=True)
    completed_on = fields.DateField(null=True)
    published_at = fields.DatetimeField(null=True)
    """Set by the coordinator once both sides have evaluated: the public page shows it."""
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "collaboration"
        ordering = ["-created_at", "-id"]


class AgreementVersion(Model):
    """One version of the written agreement (協定書・役割分担): every edit makes a new version
    and asks every party again. costs and roles hold one entry per party."""

    id = fields.IntField(primary_key=True)
    collaboration: fields.ForeignKeyRelation[Collaboration] = fields.ForeignKeyField(
        "models.Collaboration", related_name="agreement_versions", on_delete=fields.CASCADE
    )
    collaboration_id: int
    number = fields.IntField()
    purpose = fields.TextField()
    plan = fields.TextField()
    period_start = fields.DateField()
    period_end = fields.DateField()
    costs: list[dict[str, object]] = fields.JSONField(default=list)  # type: ignore[assignment]
    """[{"party": "organisation:3", "amount": 120000, "note": "..."}] in yen."""
    roles: list[dict[str, object]] = fields.JSONField(default=list)  # type: ignore[assignment]
    """[{"party": "department:2", "role": "...", "responsibility": "..."}]."""
    city_can = fields.TextField(default="")
    city_cannot = fields.TextField(default="")
    personal_information = fields.TextField(default="")
    """How personal information met in the work is handled (個人情報の取扱い)."""
    insurance = fields.TextField(default="")
    """Insurance taken out and who answers for accidents (保険・事故の対応)."""
    evaluation_plan = fields.TextField(default="")
    """How and when the parties evaluate together (評価の方法と時期, 小平市 キ・ク)."""
    change_termination = fields.TextField(default="")
    """How the agreement is changed or ended early (変更・解除)."""
    check_in_every = fields.IntField(null=True)
    """Check-ins every this many ``check_in_unit`` while under way (None: none scheduled)."""
    check_in_unit = fields.CharField(max_length=8, default="")
    """"week" or "month" (苫小牧市 第4章(3): 随時、互いに進捗状況を確認)."""
    created_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="agreement_versions", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "agreement_version"
        ordering = ["collaboration_id", "number"]
        unique_together = (("collaboration", "number"),)


class AgreementApproval(Model):
    """A party's approval of one agreement version."""

    id = fields.IntField(primary_key=True)
    version: fields.ForeignKeyRelation[AgreementVersion] = fields.ForeignKeyField(
        "models.AgreementVersion", related_name="approvals", on_delete=fields.CASCADE
    )
    version_id: int
    party_kind = fields.CharField(max_length=16)
    party_id = fields.IntField()
    approved_by: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="agreement_approvals", null=True,
            on_delete=fields.SET_NULL,
        )
    )
    approved_by_id: int | None
    approved_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "agreement_approval"
        unique_together = (("version", "party_kind", "party_id"),)


class CheckIn(Model):
    """A progress check-in by any party: what was done, problems, next steps."""

    id = fields.IntField(primary_key=True)
    collaboration: fields.ForeignKeyRelation[Collaboration] = fields.ForeignKeyField(
        "models.Collaboration", related_name="check_ins", on_delete=fields.CASCADE
    )
    collaboration_id: int
    party_kind = fields.CharField(max_length=16)
    party_id = fields.IntField()
    held_on = fields.DateField()
    done = fields.TextField()
    problems = fields.TextField(default="")
    next_steps = fields.TextField(default="")
    author: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="check_ins", null=True, on_delete=fields.SET_NULL
        )
    )
    author_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "check_in"
        ordering = ["-held_on", "-id"]


class Evaluation(Model):
    """One party's evaluation: a score of 1 to 5 per principle (ア–ク) and free text."""

    id = fields.IntField(primary_key=True)
    collaboration: fields.ForeignKeyRelation[Collaboration] = fields.ForeignKeyField(
        "models.Collaboration", related_name="evaluations", on_delete=fields.CASCADE
    )
    collaboration_id: int
    party_kind = fields.CharField(max_length=16)
    party_id = fields.IntField()
    scores: dict[str, int] = fields.JSONField(default=dict)  # type: ignore[assignment]
    achieved = fields.TextField(default="")
    to_improve = fields.TextField(default="")
    author: fields.ForeignKeyNullableRelation["User"] = (
        fields.ForeignKeyField(
            "models.User", related_name="evaluations", null=True, on_delete=fields.SET_NULL
        )
    )
    author_id: int | None
    updated_at = fields.DatetimeField(auto_now=True)
    publication_consented_at = fields.DatetimeField(null=True)
    """When this party agreed that the result may be published (Kodaira ク: 公開について協議);
    cleared whenever any party's evaluation changes, since the agreement was to that text."""

    class Meta:
        table = "evaluation"
        unique_together = (("collaboration", "party_kind", "party_id"),)
