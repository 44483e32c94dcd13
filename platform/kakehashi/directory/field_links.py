"""How a record is linked to its fields, read in SQL: its field ids in its own row, and "tagged
with one of these fields" as a condition. Both go straight to the link tables (``need_field`` …)
with field ids from the worker's taxonomy snapshot, instead of joining the ``field`` table per
row as Tortoise's relation filters do."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

from kakehashi.taxonomy.models import Field

LINKS = {
    "organisations": ("organisation", "organisation_field", "organisation_id"),
    "departments": ("department", "department_field", "department_id"),
    "needs": ("need", "need_field", "need_id"),
    "capabilities": ("capability", "capability_field", "capability_id"),
}
"""Per relation of :class:`~kakehashi.taxonomy.models.Field`: the record's table, and the table
linking it to its fields with the record's column."""


def field_ids_column(relation: str) -> RawSQL:
    """A record's field ids as one comma-separated text, read in the same row as the record, so
    a card list or a profile needs no second query for its tags (see :func:`tags_from`)."""
    table, through, key = LINKS[relation]
    dialect = Field._meta.db.capabilities.dialect
    joined = ("string_agg(field_id::text, ',')" if dialect == "postgres"
              else "group_concat(field_id)")
    return RawSQL(f'(SELECT {joined} FROM {through} WHERE {through}.{key} = "{table}"."id")')


def tagged(queryset: QuerySet[Any], relation: str, field_ids: Iterable[int]) -> QuerySet[Any]:
    """The records of ``queryset`` tagged with at least one of ``field_ids``."""
    table, through, key = LINKS[relation]
    chosen = [str(int(i)) for i in sorted(set(field_ids))]
    ids = ", ".join(chosen) or "NULL"
    condition = RawSQL(f'"{table}"."id" IN (SELECT {key} FROM {through} WHERE field_id IN ({ids}))')
    # One name per set of fields: a second condition (a field and a sub-area) must not replace
    # the first under the same name.
    name = f"tagged_{relation}_{'_'.join(chosen) or 'none'}"
    return queryset.annotate(**{name: condition}).filter(**{name: RawSQL("TRUE")})
