"""Needs (calls for partners) and capabilities (what a party can offer)."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from kakehashi.directory.models.searchable import KeepsSearchGrams

if TYPE_CHECKING:
    from kakehashi.directory.models.orgs import Department, Organisation
    from kakehashi.taxonomy.models import Field


class NeedStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class CloseReason(StrEnum):
    FILLED = "filled"
    WITHDRAWN = "withdrawn"


class Need(KeepsSearchGrams, Model):
    """A call for partners, owned by exactly one department or one organisation."""

    TITLE_FIELD = "title"

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    area = fields.CharField(max_length=100, default="")
    period_start = fields.DateField(null=True)
    period_end = fields.DateField(null=True)
    status = fields.CharEnumField(NeedStatus, max_length=16, default=NeedStatus.DRAFT)
    close_reason = fields.CharEnumField(CloseReason, max_length=16, null=True)
    organisation: fields.ForeignKeyNullableRelation["Organisation"] = (
        fields.ForeignKeyField(
            "models.Organisation", related_name="needs", null=True, on_delete=fields.CASCADE
        )
    )
    organisation_id: int | None
    department: fields.ForeignKeyNullableRelation["Department"] = (
        fields.ForeignKeyField(
            "models.Department", related_name="needs", null=True, on_delete=fields.CASCADE
        )
    )
    department_id: int | None
    fields_: fields.ManyToManyRelation["Field"] = fields.ManyToManyField(
        "models.Field", related_name="needs", through="need_field"
    )
    search_text = fields.TextField(default="")
    search_grams = fields.TextField(default="")
    search_title = fields.TextField(default="", db_default="")
    opened_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "need"
        ordering = ["-created_at", "-id"]
        # Counts and the area select of visible calls, read from the index alone.
        indexes = (("status", "organisation_id", "department_id", "area"),)


class Capability(KeepsSearchGrams, Model):
    """Something a group or department can give: skills, people, rooms, equipment, know-how."""

    TITLE_FIELD = "title"

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    organisation: fields.ForeignKeyNullableRelation["Organisation"] = (
        fields.ForeignKeyField(
            "models.Organisation", related_name="capabilities", null=True,
            on_delete=fields.CASCADE,
        )
    )
    organisation_id: int | None
    department: fields.ForeignKeyNullableRelation["Department"] = (
        fields.ForeignKeyField(
            "models.Department", related_name="capabilities", null=True,
            on_delete=fields.CASCADE,
        )
    )
    department_id: int | None
    fields_: fields.ManyToManyRelation["Field"] = fields.ManyToManyField(
        "models.Field", related_name="capabilities", through="capability_field"
    )
    search_text = fields.TextField(default="")
    search_grams = fields.TextField(default="")
    search_title = fields.TextField(default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "capability"
        ordering = ["-created_at", "-id"]
        # Counts of visible offers, read from the index alone; the list's newest-first page
        # read backwards from the second, stopping after a page.
        indexes = (("organisation_id", "department_id"), ("created_at", "id"))
