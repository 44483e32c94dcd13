"""Open data: every public record as CSV (for Excel) and JSON, under CC BY 4.0.

The records come from ``api_resources`` (the one definition of what is public). CSV files are
UTF-8 with a BOM and CRLF line ends so Excel opens them as they are, and every cell goes
through ``csv_formats.write_cell`` so text that Excel would run as a formula is guarded.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from kakehashi.api import resources as api_resources
from kakehashi.directory.csv_formats import write_cell
from kakehashi.errors import NotFound
from kakehashi.i18n import gettext as _

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    """An English message id: pages translate it."""


def _c(name: str, description: str) -> Column:
    return Column(name, description)


_FIELDS = _c("fields", "Field codes (see the fields dataset), separated by ;")
_OWNER = (_c("owner_type", "group or department"), _c("owner_id", "Id of the owner"),
          _c("owner_name", "Name of the owner"))

DATASETS: dict[str, tuple[str, str, tuple[Column, ...]]] = {
    "groups": ("groups", "Approved citizen groups (without their private contact details)", (
        _c("id", "Id"), _c("name", "Name"), _c("furigana", "Reading of the name"),
        _c("kind", "Kind of group"), _c("area", "Area"),
        _c("description", "What the group does"), _c("activities", "Activities so far"),
        _c("founded_year", "Year founded"), _c("size", "Number of members"),
        _c("public_contact", "Public contact details"),
        _c("criteria_declared", "Capable-partner criteria the group declares"),
        _c("criteria_confirmed", "Criteria the collaboration office confirmed"),
        _FIELDS, _c("created_at", "Registered at"))),
    "departments": ("departments", "City departments (public phone only)", (
        _c("id", "Id"), _c("name", "Name"), _c("section", "Section"),
        _c("description", "What the department does"), _c("public_phone", "Public phone"),
        _FIELDS)),
    "needs": ("needs", "Open calls for partners", (
        _c("id", "Id"), _c("title", "Title"), _c("description", "Description"),
        _c("area", "Area"), _c("period_start", "Period from"), _c("period_end", "Period to"),
        _c("status", "Status"), _c("opened_at", "Published at"), *_OWNER, _FIELDS)),
    "capabilities": ("capabilities", "What groups and departments can offer", (
        _c("id", "Id"), _c("title", "Title"), _c("description", "Description"),
        _c("created_at", "Registered at"), *_OWNER, _FIELDS)),
    "collaborations": ("collaborations", "Published collaborations", (
        _c("id", "Id"), _c("title", "Title"), _c("summary", "Summary"),
        _c("status", "Status"), _c("forms", "Forms of collaboration, separated by ;"),
        _c("started_on", "Started on"), _c("completed_on", "Completed on"),
        _c("published_at", "Published at"),
        _c("groups", "Groups taking part, separated by ;"),
        _c("departments", "Departments taking part, separated by ;"), _FIELDS)),
    "evaluations": ("collaborations",
                    "Evaluations of published collaborations by each party", (
        _c("collaboration_id", "Id of the collaboration"),
        _c("party_type", "group or department"), _c("party_id", "Id of the party"),
        *(_c(f"score_{p}", "Score for principle %(principle)s (1-5)") for p in "abcdefgh"),
        _c("achieved", "What was achieved"), _c("to_improve", "What to improve"))),
    "proposals": ("proposals", "Answered proposals and their answers", (
        _c("id", "Id"), _c("title", "Title"), _c("issue", "The issue"), _c("plan", "The plan"),
        _c("expected_effect", "Expected effect"), _c("group_id", "Id of the proposing group"),
        _c("group_name", "Proposing group"), _c("department_name", "Department that answered"),
        _c("answer", "Answer: adopted, considering or not_adopted"),
        _c("answer_reason", "Reason given with the answer"), _c("answered_at", "Answered at"),
        _c("created_at", "Submitted at"), _FIELDS)),
    "fields": ("fields", "The field taxonomy", (
        _c("code", "Code"), _c("label_ja", "Japanese label"), _c("label_en", "English label"),
        _c("parent", "Code of the parent field"), _c("position", "Display order"))),
}
"""dataset → (the API resource it comes from, its title, its CSV columns)."""


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    title: str
    columns: list[tuple[str, str]]


def catalogue() -> list[DatasetInfo]:
    """The datasets as the open-data page lists them, titles and columns translated."""
    return [
        DatasetInfo(name, _(title), [
            (c.name, _(c.description, principle=c.name[-1].upper()) if "principle" in
             c.description else _(c.description)) for c in columns])
        for name, (_resource, title, columns) in DATASETS.items()
    ]


def _party_names(parties: list[dict[str, Any]], kind: str) -> list[str]:
    return [p["name"] for p in parties if p["type"] == kind]


def _flat(dataset: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The CSV rows of one record (a collaboration gives one row per evaluation in
    ``evaluations``)."""
    if dataset in ("needs", "capabilities"):
        owner = record["owner"]
        return [{**record, "owner_type": owner["type"], "owner_id": owner["id"],
                 "owner_name": owner["name"]}]
    if dataset == "collaborations":
        return [{**record, "groups": _party_names(record["parties"], "group"),
                 "departments": _party_names(record["parties"], "department")}]
    if dataset == "evaluations":
        return [{"collaboration_id": record["id"], "party_type": e["party_kind"].replace(
            "organisation", "group"), "party_id": e["party_id"],
            **{f"score_{p}": (e["scores"] or {}).get(p) for p in "abcdefgh"},
            "achieved": e["achieved"], "to_improve": e["to_improve"]}
            for e in record["evaluations"]]
    if dataset == "proposals":
        department = record["department"] or {}
        return [{**record, "group_id": record["group"]["id"],
                 "group_name": record["group"]["name"],
                 "department_name": department.get("name", "")}]
    return [record]


def _require(dataset: str) -> tuple[str, str, tuple[Column, ...]]:
    if dataset not in DATASETS:
        raise NotFound("Page not found")
    return DATASETS[dataset]


async def as_csv(dataset: str) -> bytes:
    resource, _title, columns = _require(dataset)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for record in await api_resources.everything(resource):
        for row in _flat(dataset, record):
            writer.writerow([write_cell(row.get(c.name)) for c in columns])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


async def as_json(dataset: str) -> bytes:
    resource, title, _columns = _require(dataset)
    records = await api_resources.everything(resource)
    if dataset == "evaluations":
        records = [row for record in records for row in _flat(dataset, record)]
    document = {"dataset": dataset, "title": title, "licence": LICENCE,
                "licence_url": LICENCE_URL, "count": len(records), "items": records}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
