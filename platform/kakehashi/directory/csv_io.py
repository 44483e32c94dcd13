"""CSV import and export of groups, departments and calls for partners (needs).

Import checks every cell of every row and writes nothing unless the whole file is right; then
all rows go in one transaction. Groups and departments are matched by name (update) or created
(imported groups are approved: the office imports its own list); calls for partners are updated
when the ``id`` column names one, otherwise created. Rows that change nothing are not counted,
so exporting and importing the same file reports 0 created and 0 updated. Export writes UTF-8
with a BOM and CRLF line ends (so Excel opens it) and the same columns import accepts.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tortoise.models import Model
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from kakehashi.directory import history
from kakehashi.directory.csv_formats import (
    COLUMNS,
    KINDS,
    CellError,
    Row,
    RowError,
    decode,
    read_cell,
    read_table,
    write_cell,
)
from kakehashi.directory.indexing import department_text, need_text, organisation_text
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.i18n import gettext as _
from kakehashi.settings import Settings
from kakehashi.taxonomy.fields import field_codes
from kakehashi.taxonomy.models import Field

__all__ = ["ImportReport", "RowError", "export_csv", "import_csv"]

DEFAULT_MAX_BYTES = Settings.csv_max_bytes
_ENTITY = {"groups": "organisation", "departments": "department", "needs": "need"}
_MODEL: dict[str, type[Model]] = {
    "groups": Organisation, "departments": Department, "needs": Need,
}


@dataclass(frozen=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


async def import_csv(
    kind: str, data: bytes, *, user_id: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ImportReport:
    """Check the whole file; if nothing is wrong, write every row in one transaction."""
    if kind not in KINDS:
        return ImportReport(errors=[RowError(0, "", _("Unknown kind of file."))])
    if len(data) > max_bytes:
        return ImportReport(errors=[RowError(0, "", _(
            "The file is too large: please split it into files of at most %(size)s.",
            size=size_text(max_bytes)))])
    text = decode(data)
    if text is None:
        return ImportReport(errors=[RowError(0, "", _("The file is not UTF-8 or Shift_JIS."))])
    rows, errors = read_table(kind, text)
    if not errors:
        rows, errors = await _validate(kind, rows)
    if errors:
        return ImportReport(errors=errors)
    async with in_transaction():
        created, updated = await _write(kind, [values for _number, values in rows], user_id)
    return ImportReport(created=created, updated=updated)


def size_text(size: int) -> str:
    """2000000 → "2 MB" (decimal units, as file managers show them)."""
    return f"{size / 1_000_000:g} MB" if size >= 1_000_000 else f"{size / 1000:g} KB"


async def _validate(kind: str, rows: list[Row]) -> tuple[list[Row], list[RowError]]:
    """Typed rows, and every problem of any cell or between rows, in row and column order."""
    codes = await field_codes()
    columns = {c.name: c for c in COLUMNS[kind]}
    clean: list[Row] = []
    errors: list[RowError] = []
    for number, raw in rows:
        values: dict[str, Any] = {}
        for name, cell in raw.items():
            try:
                values[name] = read_cell(columns[name], cell, codes)
            except CellError as error:
                errors.append(RowError(number, name, str(error)))
        clean.append((number, values))
    errors.extend(_duplicates(kind, clean))
    if kind == "needs":
        errors.extend(await _check_needs(clean))
    order = list(columns)
    errors.sort(key=lambda e: (e.row, order.index(e.column) if e.column in order else -1))
    return clean, errors


def _duplicates(kind: str, rows: list[Row]) -> list[RowError]:
    """A name (or need id) twice in one file would make the second row silently win."""
    key = "id" if kind == "needs" else "name"
    first: dict[Any, int] = {}
    errors: list[RowError] = []
    for number, values in rows:
        value = values.get(key)
        if value in (None, ""):
            continue
        if value in first:
            errors.append(RowError(number, key, _(
                "%(value)s appears twice in this file (also in row %(row)s).",
                value=value, row=first[value])))
        else:
            first[value] = number
    return errors


async def _check_needs(rows: list[Row]) -> list[RowError]:
    departments = set(await Department.all().values_list("name", flat=True))
    groups = set(await Organisation.all().values_list("name", flat=True))
    ids = {v["id"] for _n, v in rows if v.get("id")}
    known_ids = set(await Need.filter(id__in=ids).values_list("id", flat=True)) if ids else set()
    errors: list[RowError] = []
    for number, values in rows:
        owner_type, owner = values.get("owner_type"), values.get("owner_name")
        if owner and owner_type == "department" and owner not in departments:
            errors.append(RowError(number, "owner_name", _(
                "No department is called %(name)s.", name=owner)))
        elif owner and owner_type == "group" and owner not in groups:
            errors.append(RowError(number, "owner_name", _(
                "No group is called %(name)s.", name=owner)))
        if values.get("id") and values["id"] not in known_ids:
            errors.append(RowError(number, "id", _(
                "There is no call for partners with the id %(id)s. Leave the id empty to "
                "add a new one.", id=values["id"])))
        if values.get("status") == NeedStatus.CLOSED and not values.get("close_reason"):
            errors.append(RowError(number, "close_reason", _(
                "A closed call needs a reason: filled or withdrawn.")))
        start, end = values.get("period_start"), values.get("period_end")
        if start and end and end < start:
            errors.append(RowError(number, "period_end", _(
                "The end date must not be before the start date.")))
    return errors


async def _write(kind: str, rows: list[dict[str, Any]], user_id: int | None) -> tuple[int, int]:
    fields_by_code = {f.code: f for f in await Field.all()}
    counts: Counter[str] = Counter()
    for values in rows:
        if values.get("status", "") is None:
            del values["status"]  # an empty status keeps the stored one (new: draft)
        record: Model | None
        if kind == "needs":
            record, before = await _need_for(values)
        else:
            record = await _MODEL[kind].get_or_none(name=values["name"])
            before = await _snapshot(kind, record) if record else None
        if record is None:
            record = _MODEL[kind](**_defaults(kind))
        after = {**(before or {}), **values}
        if kind == "needs":
            after.pop("id", None)
        changes = history.diff(before or {}, after)
        if before is not None and not changes:
            continue
        await _save(kind, record, after, fields_by_code, created=before is None,
                    fields_changed="fields" in changes)
        await history.record(_ENTITY[kind], record.pk, "imported", user_id, changes)
        counts["created" if before is None else "updated"] += 1
    return counts["created"], counts["updated"]


def _defaults(kind: str) -> dict[str, Any]:
    if kind == "groups":
        return {"status": ApprovalStatus.APPROVED}
    if kind == "needs":
        return {"status": NeedStatus.DRAFT}
    return {}


async def _need_for(values: dict[str, Any]) -> tuple[Need | None, dict[str, Any] | None]:
    if not values.get("id"):
        return None, None
    need = await Need.get(id=values["id"])
    return need, await _snapshot("needs", need)


async def _snapshot(kind: str, record: Any) -> dict[str, Any]:
    """The record's values under the CSV's column names, as an import row would give them."""
    snapshot: dict[str, Any] = {}
    for column in COLUMNS[kind]:
        if column.name == "fields":
            codes = await record.fields_.all().values_list("code", flat=True)
            snapshot["fields"] = sorted(codes)
        elif column.name == "owner_type":
            snapshot["owner_type"] = "department" if record.department_id else "group"
        elif column.name == "owner_name":
            owner = (
                Department.filter(id=record.department_id) if record.department_id
                else Organisation.filter(id=record.organisation_id)
            )
            snapshot["owner_name"] = (await owner.first().values_list("name", flat=True))
        elif column.name != "id":
            value = getattr(record, column.name)
            snapshot[column.name] = getattr(value, "value", value)
    return snapshot


async def _save(
    kind: str, record: Any, values: dict[str, Any], fields_by_code: dict[str, Field],
    *, created: bool, fields_changed: bool,
) -> None:
    for name, value in values.items():
        if name not in ("fields", "owner_type", "owner_name"):
            setattr(record, name, value)
    if kind == "groups":
        record.search_text = organisation_text(
            record.name, record.furigana, record.area, record.description, record.activities)
    elif kind == "departments":
        record.search_text = department_text(record.name, record.section, record.description)
    else:
        await _set_owner(record, values)
        record.search_text = need_text(record.title, record.description, record.area)
        if record.status != NeedStatus.DRAFT and record.opened_at is None:
            record.opened_at = now()
        if record.status != NeedStatus.CLOSED:
            record.close_reason = None  # the same rule as closing a call on its page
    await record.save()
    if fields_changed:
        if not created:
            await record.fields_.clear()
        codes = values.get("fields") or []
        if codes:
            await record.fields_.add(*(fields_by_code[c] for c in codes))


async def _set_owner(need: Need, values: dict[str, Any]) -> None:
    if values.get("owner_type") == "department":
        need.department = await Department.get(name=values["owner_name"])
        need.organisation = None
    else:
        need.organisation = await Organisation.get(name=values["owner_name"])
        need.department = None


async def export_csv(kind: str) -> bytes:
    """Every record of ``kind`` as UTF-8 CSV with BOM and CRLF, header row of column codes."""
    if kind not in KINDS:
        raise ValueError(f"unknown CSV kind {kind!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [c.name for c in COLUMNS[kind]]
    writer.writerow(names)
    for record in await _MODEL[kind].all().order_by("id"):
        snapshot = await _snapshot(kind, record)
        snapshot["id"] = record.pk
        writer.writerow([write_cell(snapshot.get(name)) for name in names])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
