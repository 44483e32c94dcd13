"""Organisations (citizen-side partners) and departments (the city's 担当課)."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from kakehashi.directory.models.searchable import KeepsSearchGrams

if TYPE_CHECKING:
    from kakehashi.taxonomy.models import Field

FIRST_FOUNDED_YEAR = 1868
"""Meiji 1: an older founding year is a typing mistake (forms and CSV import share this)."""
MAX_MEMBERS = 1_000_000
"""The largest plausible size of a group, in members."""


class PartnerKind(StrEnum):
    INDIVIDUAL = "individual"
    CITIZEN_GROUP = "citizen_group"
    NPO = "npo"
    NEIGHBOURHOOD = "neighbourhood"
    COMPANY = "company"
    OTHER_CORPORATION = "other_corporation"


class Criterion(StrEnum):
    """The six marks of a capable partner (Kodaira §2(2)), self-declared, coordinator-confirmed."""

    VOLUNTARY = "voluntary"
    SELF_RELIANT = "self_reliant"
    PUBLIC_BENEFIT = "public_benefit"
    NON_PROFIT = "non_profit"
    PROPER_ACCOUNTS = "proper_accounts"
    DELIVERY_CAPACITY = "delivery_capacity"


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Organisation(KeepsSearchGrams, Model):
    """A citizen group, NPO, 町内会・自治会, company programme or individual volunteer."""

    TITLE_FIELD = "name"

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(PartnerKind, max_length=32)
    name = fields.CharField(max_length=200, unique=True)
    furigana = fields.CharField(max_length=200, default="")
    area = fields.CharField(max_length=100, default="")
    description = fields.TextField(default="")
    activities = fields.TextField(default="")
    founded_year = fields.IntField(null=True)
    size = fields.IntField(null=True)
    criteria_declared: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    criteria_confirmed: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    public_contact = fields.CharField(max_length=300, default="")
    contact_name = fields.CharField(max_length=100, default="")
    contact_email = fields.CharField(max_length=254, default="")
    contact_phone = fields.CharField(max_length=40, default="")
    status = fields.CharEnumField(ApprovalStatus, max_length=16, default=ApprovalStatus.PENDING)
    fields_: fields.ManyToManyRelation["Field"] = fields.ManyToManyField(
        "models.Field", related_name="organisations", through="organisation_field"
    )
    search_text = fields.TextField(default="")
    search_grams = fields.TextField(default="")
    search_title = fields.TextField(default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "organisation"
        ordering = ["furigana", "name"]
        # The visibility rule's "approved groups", the area select and the list's order, all
        # read from indexes alone (the rows are wide: descriptions and search text).
        indexes = (("status", "id"), ("status", "area"), ("status", "furigana", "name", "id"))


class Department(KeepsSearchGrams, Model):
    """A city department (課・室) inside a section (部)."""

    TITLE_FIELD = "name"

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    section = fields.CharField(max_length=200, default="")
    description = fields.TextField(default="")
    public_phone = fields.CharField(max_length=40, default="")
    contact_name = fields.CharField(max_length=100, default="")
    contact_email = fields.CharField(max_length=254, default="")
    contact_phone = fields.CharField(max_length=40, default="")
    fields_: fields.ManyToManyRelation["Field"] = fields.ManyToManyField(
        "models.Field", related_name="departments", through="department_field"
    )
    search_text = fields.TextField(default="")
    search_grams = fields.TextField(default="")
    search_title = fields.TextField(default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "department"
        ordering = ["section", "name"]
