"""The public records, as plain dicts: what the JSON API and the open-data downloads publish.

What is public is :mod:`kakehashi.directory.visibility`'s rule for an anonymous reader, so the
API, the downloads, the pages and the engine cannot disagree: approved groups
(no private contact fields), departments (public phone only), open calls for partners and the
offers of departments and approved groups, published collaborations with their evaluations,
answered proposals with their answers, and the field taxonomy. Each list is a fixed number of
queries whatever its length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from kakehashi.collaborations.models import Collaboration, Evaluation
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.directory.visibility import (
    visible_capabilities,
    visible_needs,
    visible_organisations,
)
from kakehashi.errors import DomainError, NotFound
from kakehashi.proposals.models import Proposal
from kakehashi.proposals.rules import public_proposals
from kakehashi.taxonomy.models import Field

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return getattr(value, "value", value)


async def _field_codes(relation: str, ids: list[int]) -> dict[int, list[str]]:
    codes: dict[int, list[str]] = defaultdict(list)
    if ids:
        rows = await Field.filter(**{f"{relation}__id__in": ids}).order_by("position", "id") \
            .values_list(f"{relation}__id", "code")
        for record_id, code in rows:
            codes[record_id].append(code)
    return codes


async def _names(model: type[Model], ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(await model.filter(id__in=sorted(ids)).values_list("id", "name"))


async def _rows(queryset: QuerySet[Any], columns: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in await queryset.values(*columns)]


GROUP_COLUMNS = ("id", "name", "furigana", "kind", "area", "description", "activities",
                 "founded_year", "size", "public_contact", "criteria_declared",
                 "criteria_confirmed", "created_at")


async def _groups(ids: list[int]) -> list[dict[str, Any]]:
    rows = await _rows(Organisation.filter(id__in=ids), GROUP_COLUMNS)
    codes = await _field_codes("organisations", ids)
    return [{**row, "fields": codes[row["id"]]} for row in rows]


async def _departments(ids: list[int]) -> list[dict[str, Any]]:
    rows = await _rows(Department.filter(id__in=ids),
                       ("id", "name", "section", "description", "public_phone"))
    codes = await _field_codes("departments", ids)
    return [{**row, "fields": codes[row["id"]]} for row in rows]


async def _owned(model: type[Model], relation: str, ids: list[int],
                 columns: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = await _rows(model.filter(id__in=ids), (*columns, "organisation_id", "department_id"))
    codes = await _field_codes(relation, ids)
    groups = await _names(Organisation, {r["organisation_id"] for r in rows} - {None})
    departments = await _names(Department, {r["department_id"] for r in rows} - {None})
    result = []
    for row in rows:
        org, dept = row.pop("organisation_id"), row.pop("department_id")
        owner = ({"type": "group", "id": org, "name": groups.get(org, "")} if org else
                 {"type": "department", "id": dept, "name": departments.get(dept, "")})
        result.append({**row, "owner": owner, "fields": codes[row["id"]]})
    return result


async def _needs(ids: list[int]) -> list[dict[str, Any]]:
    return await _owned(Need, "needs", ids, ("id", "title", "description", "area",
                                             "period_start", "period_end", "status", "opened_at"))


async def _capabilities(ids: list[int]) -> list[dict[str, Any]]:
    return await _owned(Capability, "capabilities", ids,
                        ("id", "title", "description", "created_at"))


EVALUATION_COLUMNS = ("collaboration_id", "party_kind", "party_id", "scores", "achieved",
                      "to_improve")


async def evaluations_of(collaboration_ids: list[int]) -> list[dict[str, Any]]:
    """The parties' evaluations (scores per principle and their words), without authors."""
    if not collaboration_ids:
        return []
    return await _rows(Evaluation.filter(collaboration_id__in=collaboration_ids)
                       .order_by("collaboration_id", "party_kind", "party_id"),
                       EVALUATION_COLUMNS)


async def _collaborations(ids: list[int]) -> list[dict[str, Any]]:
    rows = await _rows(Collaboration.filter(id__in=ids), (
        "id", "title", "summary", "status", "forms", "started_on", "completed_on",
        "published_at"))
    codes = await _field_codes("collaborations", ids)
    parties: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for kind, model, relation in (("group", Organisation, "collaborations"),
                                  ("department", Department, "collaborations")):
        pairs = await model.filter(**{f"{relation}__id__in": ids}).order_by("id") \
            .values_list(f"{relation}__id", "id", "name")
        for collaboration_id, party_id, name in pairs:
            parties[collaboration_id].append({"type": kind, "id": party_id, "name": name})
    evaluations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for evaluation in await evaluations_of(ids):
        evaluations[evaluation.pop("collaboration_id")].append(evaluation)
    return [{**row, "fields": codes[row["id"]], "parties": parties[row["id"]],
             "evaluations": evaluations[row["id"]]} for row in rows]


async def _proposals(ids: list[int]) -> list[dict[str, Any]]:
    rows = await _rows(Proposal.filter(id__in=ids), (
        "id", "title", "issue", "plan", "expected_effect", "organisation_id", "routed_to_id",
        "answer", "answer_reason", "answered_at", "created_at"))
    codes = await _field_codes("proposals", ids)
    groups = await _names(Organisation, {r["organisation_id"] for r in rows})
    departments = await _names(Department, {r["routed_to_id"] for r in rows if r["routed_to_id"]})
    result = []
    for row in rows:
        org, dept = row.pop("organisation_id"), row.pop("routed_to_id")
        result.append({
            **row, "fields": codes[row["id"]],
            "group": {"id": org, "name": groups.get(org, "")},
            "department": {"id": dept, "name": departments[dept]} if dept in departments else None,
        })
    return result


async def _fields(ids: list[int]) -> list[dict[str, Any]]:
    rows = await Field.filter(id__in=ids).values("id", "code", "label_ja", "label_en",
                                                  "parent__code", "position")
    return [{"code": r["code"], "label_ja": r["label_ja"], "label_en": r["label_en"],
             "parent": r["parent__code"], "position": r["position"]} for r in rows]


@dataclass(frozen=True)
class Resource:
    """One kind of public record: which rows are public, their order, how they read."""

    name: str
    public: Callable[[], QuerySet[Any]]
    order: tuple[str, ...]
    serialise: Callable[[list[int]], Awaitable[list[dict[str, Any]]]]
    field_relation: str | None
    key: str = "id"


RESOURCES: dict[str, Resource] = {r.name: r for r in (
    Resource("groups", lambda: Organisation.filter(visible_organisations(None)),
             ("furigana", "name", "id"), _groups, "organisations"),
    Resource("departments", lambda: Department.all(), ("section", "name", "id"), _departments,
             "departments"),
    Resource("needs", lambda: Need.filter(visible_needs(None), status=NeedStatus.OPEN),
             ("-id",), _needs, "needs"),
    Resource("capabilities", lambda: Capability.filter(visible_capabilities(None)), ("-id",),
             _capabilities, "capabilities"),
    Resource("collaborations", lambda: Collaboration.filter(published_at__isnull=False),
             ("-published_at", "-id"), _collaborations, "collaborations"),
    Resource("proposals", lambda: Proposal.filter(public_proposals()), ("-answered_at", "-id"),
             _proposals, "proposals"),
    Resource("fields", lambda: Field.all(), ("position", "id"), _fields, None, key="code"),
)}


@dataclass(frozen=True)
class ResourcePage:
    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total


async def _with_field(resource: Resource, queryset: QuerySet[Any], code: str) -> QuerySet[Any]:
    """``field=welfare`` matches the field and its sub-areas; an unknown code is refused."""
    tagged = Field.filter(Q(code=code) | Q(code__startswith=code + "."))
    if not await tagged.exists():
        raise DomainError("Unknown field code: %(codes)s", "field", codes=code)
    if resource.field_relation is None:
        return queryset.filter(Q(code=code) | Q(code__startswith=code + "."))
    return queryset.filter(id__in=Subquery(tagged.values(f"{resource.field_relation}__id")))


async def _ordered(resource: Resource, ids: list[int]) -> list[dict[str, Any]]:
    by_id = {item["id"]: item for item in await resource.serialise(ids)} \
        if resource.key == "id" else None
    if by_id is None:
        return await resource.serialise(ids)
    return [by_id[i] for i in ids if i in by_id]


async def list_page(name: str, *, page: int, per_page: int, field: str = "") -> ResourcePage:
    """One page of a resource; ``page`` past the end gives an empty page, not an error."""
    resource = RESOURCES[name]
    queryset = resource.public()
    if field:
        queryset = await _with_field(resource, queryset, field)
    total = await queryset.count()
    ids = list(await queryset.order_by(*resource.order).offset((page - 1) * per_page)
               .limit(per_page).values_list("id", flat=True))
    return ResourcePage(items=await _ordered(resource, ids), total=total, page=page,  # type: ignore[arg-type]  # Tortoise: flat rows typed as tuples
                        per_page=per_page)


async def detail(name: str, key: int | str) -> dict[str, Any]:
    """One public record; a private, unknown or unpublished one is simply not found."""
    resource = RESOURCES[name]
    ids = list(await resource.public().filter(**{resource.key: key}).values_list("id", flat=True))
    if not ids:
        raise NotFound("Page not found")
    return (await resource.serialise(ids))[0]  # type: ignore[arg-type]  # Tortoise: flat rows typed as tuples


async def written(name: str, record_id: int) -> dict[str, Any]:
    """One record in its public shape, public yet or not: the answer to an API write, for a
    writer the service has already let see it (a proposal before it is answered)."""
    found = await RESOURCES[name].serialise([record_id])
    if not found:
        raise NotFound("Page not found")
    return found[0]


async def everything(name: str) -> list[dict[str, Any]]:
    """Every public record of a resource, in its list order: for the open-data downloads."""
    resource = RESOURCES[name]
    ids = list(await resource.public().order_by(*resource.order).values_list("id", flat=True))
    return await _ordered(resource, ids)  # type: ignore[arg-type]  # Tortoise: flat rows typed as tuples
