"""Turning the platform's records into the matching engine's documents, and back.

Ids are ``"<type>:<id>"``: ``org``, ``dept``, ``need``, ``cap``, ``prop``. Only what the public may
see is indexed (:mod:`kakehashi.directory.visibility`, for an anonymous reader): approved
organisations, departments, open needs of departments and approved groups, and capabilities of
those. Proposals waiting to be routed or answered are indexed too,
as queries only (role ``proposal``): they are never suggested to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.queryset import QuerySet

from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.directory.visibility import (
    visible_capabilities,
    visible_needs,
    visible_organisations,
)
from kakehashi.proposals.models import Proposal, ProposalStatus
from kakehashi.taxonomy.models import Field as TaxonomyField
from matching import Document

TYPE_OF_PREFIX = {
    "org": "organisation", "dept": "department", "need": "need", "cap": "capability",
    "prop": "proposal",
}
PREFIX_OF_TYPE = {v: k for k, v in TYPE_OF_PREFIX.items()}


def doc_id(entity_type: str, entity_id: int) -> str:
    return f"{PREFIX_OF_TYPE[entity_type]}:{entity_id}"


def parse_doc_id(value: str) -> tuple[str, int]:
    prefix, _, number = value.partition(":")
    return TYPE_OF_PREFIX[prefix], int(number)


@dataclass(frozen=True)
class Corpus:
    """Every indexable document and a fingerprint per document to notice changes cheaply."""

    documents: dict[str, Document]
    versions: dict[str, datetime | None]


async def _codes(relation: str) -> dict[int, set[str]]:
    """Field codes per record, read from the taxonomy side (``organisations``, ``needs``…)."""
    out: dict[int, set[str]] = {}
    for code, record_id in await TaxonomyField.all().values_list("code", f"{relation}__id"):
        if record_id is not None:
            out.setdefault(int(record_id), set()).add(str(code))
    return out


def indexed_records() -> dict[str, QuerySet[Any]]:
    """The records the engine indexes, per type (the worker's change fingerprint reads the
    same sets)."""
    return {
        "organisation": Organisation.filter(visible_organisations(None)),
        "department": Department.all(),
        "need": Need.filter(visible_needs(None), status=NeedStatus.OPEN),
        "capability": Capability.filter(visible_capabilities(None)),
        "proposal": Proposal.filter(
            status__in=[ProposalStatus.SUBMITTED, ProposalStatus.ROUTED]
        ),
    }


async def load_corpus() -> Corpus:
    documents: dict[str, Document] = {}
    versions: dict[str, datetime | None] = {}

    indexed = indexed_records()
    organisations = await indexed["organisation"].values(
        "id", "name", "kind", "area", "description", "activities", "updated_at"
    )
    org_fields = await _codes("organisations")
    approved = {o["id"]: o for o in organisations}
    for o in organisations:
        key = doc_id("organisation", o["id"])
        documents[key] = Document(
            id=key, text="\n".join((o["name"], o["description"], o["activities"])),
            fields=frozenset(org_fields.get(o["id"], ())), kind=o["kind"], area=o["area"] or None,
            role="profile", owner=key,
        )
        versions[key] = o["updated_at"]

    departments = await indexed["department"].values(
        "id", "name", "description", "updated_at"
    )
    dept_fields = await _codes("departments")
    for d in departments:
        key = doc_id("department", d["id"])
        documents[key] = Document(
            id=key, text="\n".join((d["name"], d["description"])),
            fields=frozenset(dept_fields.get(d["id"], ())), kind="department", role="profile",
            owner=key,
        )
        versions[key] = d["updated_at"]

    needs = await indexed["need"].values(
        "id", "title", "description", "area", "organisation_id", "department_id", "updated_at"
    )
    need_fields = await _codes("needs")
    for n in needs:
        owner = _owner_key(n, approved)
        if owner is None:
            continue
        key = doc_id("need", n["id"])
        documents[key] = Document(
            id=key, text="\n".join((n["title"], n["description"])),
            fields=frozenset(need_fields.get(n["id"], ())), kind=_owner_kind(n, approved),
            area=n["area"] or None, role="need", owner=owner,
        )
        versions[key] = n["updated_at"]

    capabilities = await indexed["capability"].values(
        "id", "title", "description", "organisation_id", "department_id", "updated_at"
    )
    cap_fields = await _codes("capabilities")
    for c in capabilities:
        owner = _owner_key(c, approved)
        if owner is None:
            continue
        key = doc_id("capability", c["id"])
        area = approved[c["organisation_id"]]["area"] if c["organisation_id"] else None
        documents[key] = Document(
            id=key, text="\n".join((c["title"], c["description"])),
            fields=frozenset(cap_fields.get(c["id"], ())), kind=_owner_kind(c, approved),
            area=area or None, role="capability", owner=owner,
        )
        versions[key] = c["updated_at"]

    proposals = await indexed["proposal"].values(
        "id", "title", "issue", "plan", "expected_effect", "organisation_id", "updated_at"
    )
    proposal_fields = await _codes("proposals")
    for p in proposals:
        group = approved.get(p["organisation_id"])
        if group is None:
            continue
        key = doc_id("proposal", p["id"])
        documents[key] = Document(
            id=key, text="\n".join((p["title"], p["issue"], p["plan"], p["expected_effect"])),
            fields=frozenset(proposal_fields.get(p["id"], ())), kind=str(group["kind"]),
            area=group["area"] or None, role="proposal",
            owner=doc_id("organisation", p["organisation_id"]),
        )
        versions[key] = p["updated_at"]
    return Corpus(documents=documents, versions=versions)


def _owner_key(row: dict[str, object], approved: dict[int, dict[str, object]]) -> str | None:
    if row["department_id"]:
        return doc_id("department", int(row["department_id"]))  # type: ignore[call-overload]
    if row["organisation_id"] in approved:
        return doc_id("organisation", int(row["organisation_id"]))  # type: ignore[call-overload]
    return None


def _owner_kind(row: dict[str, object], approved: dict[int, dict[str, object]]) -> str:
    if row["department_id"]:
        return "department"
    return str(approved[row["organisation_id"]]["kind"])  # type: ignore[index]
