"""Stored suggestions and the matching worker's bookmark.

Suggestions live in the database, not in a web worker's memory, so every worker on one
PostgreSQL shows the same ones and they survive restarts. The matching worker rewrites them.
"""

from tortoise import fields
from tortoise.models import Model


class Suggestion(Model):
    """One suggested partner for one source record (a need or an organisation), best first."""

    id = fields.IntField(primary_key=True)
    source_type = fields.CharField(max_length=16)
    source_id = fields.IntField()
    target_type = fields.CharField(max_length=16)
    target_id = fields.IntField()
    rank = fields.IntField()
    score = fields.FloatField()
    reasons: list[dict[str, object]] = fields.JSONField(default=list)  # type: ignore[assignment]
    computed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "suggestion"
        ordering = ["source_type", "source_id", "rank"]
        indexes = (("source_type", "source_id"),)


class MatchingState(Model):
    """Key-value bookmarks of the matching worker (the last change it has indexed)."""

    key = fields.CharField(max_length=64, primary_key=True)
    value = fields.CharField(max_length=200)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "matching_state"
