"""The CSV file format: encodings, the columns of each kind, and how a cell is read and written.

The header row uses the English column codes below (stable and machine-readable); export writes
them and import requires them, so an exported file can be edited in Excel and imported back.
Columns left out of an imported file keep their stored values on update. Nothing here touches
the database: ``csv_io`` does that.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from kakehashi.directory.models.needs import CloseReason, NeedStatus
from kakehashi.directory.models.orgs import FIRST_FOUNDED_YEAR, MAX_MEMBERS, PartnerKind
from kakehashi.i18n import gettext as _
from kakehashi.record_ids import MAX_ID
from kakehashi.timezone import today

KINDS: tuple[str, ...] = ("groups", "departments", "needs")
FIELD_SEPARATORS = re.compile(r"[;|,、\s]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula; full-width ＝＋－＠ count too, since
Excel on a Japanese system folds them (checked after NFKC)."""


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as a spreadsheet numbers it (header = 1; 0 = the whole file)."""

    row: int
    column: str
    message: str


Row = tuple[int, dict[str, Any]]
"""A row number and its cells by column name (raw strings, or typed values once read)."""


class CellError(ValueError):
    """A cell that cannot be read; the message is already translated."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"  # text, email, integer, id, year (not after this one), date, choice, fields
    required: bool = False
    max_length: int = 200
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()


def _contacts() -> list[Column]:
    return [
        Column("contact_name", max_length=100),
        Column("contact_email", "email", max_length=254),
        Column("contact_phone", max_length=40),
    ]


COLUMNS: dict[str, list[Column]] = {
    "groups": [
        Column("name", required=True),
        Column("furigana"),
        Column("kind", "choice", required=True, choices=tuple(k.value for k in PartnerKind)),
        Column("area", max_length=100),
        Column("description", max_length=4000),
        Column("activities", max_length=4000),
        Column("fields", "fields"),
        Column("founded_year", "year", minimum=FIRST_FOUNDED_YEAR),
        Column("size", "integer", minimum=0, maximum=MAX_MEMBERS),
        Column("public_contact", max_length=300),
        *_contacts(),
    ],
    "departments": [
        Column("name", required=True),
        Column("section"),
        Column("description", max_length=4000),
        Column("public_phone", max_length=40),
        Column("fields", "fields"),
        *_contacts(),
    ],
    "needs": [
        Column("id", "id", maximum=MAX_ID),
        Column("title", required=True),
        Column("description", max_length=4000),
        Column("owner_type", "choice", required=True, choices=("department", "group")),
        Column("owner_name", required=True),
        Column("fields", "fields"),
        Column("area", max_length=100),
        Column("period_start", "date"),
        Column("period_end", "date"),
        Column("status", "choice", choices=tuple(s.value for s in NeedStatus)),
        Column("close_reason", "choice", choices=tuple(r.value for r in CloseReason)),
    ],
}


def clean_text(raw: str) -> str:
    """What a person meant: no control characters, no spreadsheet formula guard."""
    value = _CONTROL.sub("", raw).strip()
    if len(value) > 1 and value[0] == "'" and (
            unicodedata.normalize("NFKC", value[1]) in _FORMULA_START):
        value = value[1:]
    return value


def read_cell(column: Column, raw: str, field_codes: set[str]) -> Any:
    """The typed value of one cell, or :class:`CellError` saying what is wrong."""
    value = clean_text(raw)
    if not value:
        if column.required:
            raise CellError(_("Please fill in this field."))
        if column.type == "fields":
            return []
        return "" if column.type in ("text", "email") else None
    if column.type in ("text", "email") and len(value) > column.max_length:
        raise CellError(_("Please keep this under %(max)s characters (now %(now)s).",
                          max=column.max_length, now=len(value)))
    if column.type == "email":
        if not _EMAIL.match(value):
            raise CellError(_("Please enter an e-mail address such as name@example.jp."))
        return value.lower()
    if column.type in ("integer", "id", "year"):
        return _integer(column, value)
    if column.type == "date":
        try:
            return date.fromisoformat(_pad_date(value))
        except ValueError:
            raise CellError(_("Please enter a date as YYYY-MM-DD.")) from None
    if column.type == "choice":
        if value not in column.choices:
            raise CellError(_("Please use one of: %(values)s", values=", ".join(column.choices)))
        return value
    if column.type == "fields":
        codes = sorted({c for c in FIELD_SEPARATORS.split(value) if c})
        unknown = [c for c in codes if c not in field_codes]
        if unknown:
            raise CellError(_("Unknown field code: %(codes)s", codes=", ".join(unknown)))
        return codes
    return value


def _integer(column: Column, value: str) -> int:
    try:
        number = int(value.replace(",", ""))
    except ValueError:
        raise CellError(_("Please enter a whole number.")) from None
    low = column.minimum if column.minimum is not None else 1
    high = column.maximum if column.maximum is not None else MAX_ID
    if column.type == "year":
        high = today().year
    if not low <= number <= high:
        raise CellError(_("Please enter a number from %(min)s to %(max)s.", min=low, max=high))
    return number


def _pad_date(value: str) -> str:
    """Excel writes 2026/4/1; read it as 2026-04-01."""
    parts = re.split(r"[-/]", value)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(value)
    return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"


def write_cell(value: Any) -> str:
    """A stored value as a cell; text that Excel would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(getattr(value, "value", value))
    if unicodedata.normalize("NFKC", text[:1]) in _FORMULA_START:
        return "'" + text
    return text


def decode(data: bytes) -> str | None:
    """The text of the file, or None when it is neither UTF-8, UTF-16 nor Shift_JIS."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_table(kind: str, text: str) -> tuple[list[Row], list[RowError]]:
    """Each non-blank row below the header: its number and raw cells by column name."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error:
        row = len(records) + 1
        return [], [RowError(row, "", _(
            "Row %(row)s could not be read: please check its quotation marks.", row=row))]
    if not records or not any(cell.strip() for cell in records[0]):
        return [], [RowError(1, "", _("The first row must name the columns."))]
    columns, errors = _header(kind, records[0])
    if errors:
        return [], errors
    rows: list[Row] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(columns):
            errors.append(RowError(number, "", _(
                "This row has %(cells)s cells but the first row names %(columns)s columns.",
                cells=len(record), columns=len(columns))))
            continue
        rows.append((number, {c.name: cell for c, cell in zip(columns, record, strict=True)}))
    if not rows and not errors:
        errors.append(RowError(2, "", _("The file has no rows below the column names.")))
    return rows, errors


def _header(kind: str, cells: list[str]) -> tuple[list[Column], list[RowError]]:
    known = {c.name: c for c in COLUMNS[kind]}
    names = [cell.strip().lstrip("\ufeff").strip().lower() for cell in cells]
    expected = ", ".join(known)
    if not any(name in known for name in names):
        return [], [RowError(1, "", _(
            "The first row must name the columns, e.g. %(columns)s.", columns=expected))]
    errors: list[RowError] = []
    for name in names:
        if name not in known:
            errors.append(RowError(1, name, _(
                "Unknown column. The columns are: %(columns)s.", columns=expected)))
        elif names.count(name) > 1 and name not in {e.column for e in errors}:
            errors.append(RowError(1, name, _("This column appears twice.")))
    for column in known.values():
        if column.required and column.name not in names:
            errors.append(RowError(1, column.name, _("This column is required.")))
    return [known[n] for n in names if n in known], errors
