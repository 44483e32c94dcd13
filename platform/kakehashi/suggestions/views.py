"""Stored suggestions as people read them: the partner's name and link, and why, in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kakehashi import labels
from kakehashi.directory.models.needs import Capability, Need
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.suggestions.models import Suggestion
from kakehashi.taxonomy.fields import label_for
from kakehashi.taxonomy.models import Field as TaxonomyField
from matching import closeness


@dataclass(frozen=True)
class SuggestionView:
    rank: int
    target_type: str
    target_id: int
    name: str
    detail: str
    url: str
    score_percent: int
    reasons: list[str]

    @property
    def closeness(self) -> str:
        """`very_close`, `close` or `reference`: the score in a word, shown beside it."""
        return closeness(self.score_percent / 100)


async def for_source(source_type: str, source_id: int) -> list[SuggestionView]:
    rows = await Suggestion.filter(source_type=source_type, source_id=source_id).order_by("rank")
    return await _views(rows)


async def _views(rows: list[Suggestion]) -> list[SuggestionView]:
    names = await _target_names(rows)
    field_labels = {
        f["code"]: label_for(f["label_ja"], f["label_en"])
        for f in await TaxonomyField.all().values("code", "label_ja", "label_en")
    }
    views = []
    for row in rows:
        name, detail, url = names.get((row.target_type, row.target_id), ("", "", ""))
        if not name:
            continue  # the record went away since the worker's last pass
        views.append(SuggestionView(
            rank=row.rank, target_type=row.target_type, target_id=row.target_id, name=name,
            detail=detail, url=url, score_percent=round(row.score * 100),
            reasons=[explain(r, field_labels) for r in row.reasons],
        ))
    return views


async def _target_names(rows: list[Suggestion]) -> dict[tuple[str, int], tuple[str, str, str]]:
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.target_type, set()).add(row.target_id)
    out: dict[tuple[str, int], tuple[str, str, str]] = {}
    for o in await Organisation.filter(id__in=wanted.get("organisation", set())).values(
        "id", "name", "kind"
    ):
        out[("organisation", o["id"])] = (
            o["name"], labels.label(labels.PARTNER_KINDS, o["kind"]), path_for("group", id=o['id'])
        )
    for d in await Department.filter(id__in=wanted.get("department", set())).values(
        "id", "name", "section"
    ):
        out[("department", d["id"])] = (d["name"], d["section"], path_for("department", id=d['id']))
    for n in await Need.filter(id__in=wanted.get("need", set())).values(
        "id", "title", "department__name", "organisation__name"
    ):
        owner = n["department__name"] or n["organisation__name"] or ""
        out[("need", n["id"])] = (n["title"], owner, path_for("need", id=n['id']))
    for c in await Capability.filter(id__in=wanted.get("capability", set())).values(
        "id", "title", "department__name", "organisation__name", "organisation_id",
        "department_id",
    ):
        owner = c["department__name"] or c["organisation__name"] or ""
        url = (
            path_for("group", id=c['organisation_id']) if c["organisation_id"]
            else path_for("department", id=c['department_id'])
        )
        out[("capability", c["id"])] = (owner, _("Can offer: %(title)s", title=c["title"]), url)
    return out


def explain(reason: dict[str, Any], field_labels: dict[str, str]) -> str:
    """One reason from the engine in the reader's language."""
    code, data = reason.get("code"), reason.get("data") or {}
    if code == "shared_fields":
        text = _("Both work in %(fields)s", fields=_join(field_labels, data.get("fields", [])))
        return text + (_(" (guessed from the description)") if data.get("predicted") else "")
    if code == "shared_sub_areas":
        return _("Same sub-areas: %(areas)s",
                 areas=_join(field_labels, data.get("sub_areas", [])))
    if code == "shared_terms":
        return _("Both mention: %(terms)s", terms="、".join(data.get("terms", [])))
    if code == "similar_text":
        return _("Their descriptions are worded alike")
    if code == "same_area":
        return _("Same area: %(area)s", area=data.get("area", ""))
    if code == "near_area":
        return _("Nearby area: %(area)s", area=data.get("area", ""))
    if code == "partner_kind":
        kind = data.get("kind", "")
        kind_label = (
            _("City department") if kind == "department"
            else labels.label(labels.PARTNER_KINDS, kind)
        )
        return _("Kind of partner: %(kind)s", kind=kind_label)
    if code == "load_penalty":
        return _("Ranked lower because it already has %(count)s current collaborations or "
                 "introductions", count=data.get("current", 0))
    if code == "diversity":
        return _("Other entries of the same organisation were left out to keep the list varied")
    return str(reason.get("text", ""))


def _join(field_labels: dict[str, str], codes: list[str]) -> str:
    return "、".join(field_labels.get(code, code) for code in codes)


@dataclass(frozen=True)
class Source:
    """The record suggestions were made for, and who owns it (for the permission check)."""

    title: str
    organisation_id: int | None
    department_id: int | None


async def source(source_type: str, source_id: int) -> Source | None:
    if source_type == "need":
        row = await Need.get_or_none(id=source_id).values(
            "title", "organisation_id", "department_id"
        )
        return Source(row["title"], row["organisation_id"], row["department_id"]) if row else None
    if source_type == "organisation":
        name = await Organisation.get_or_none(id=source_id).values_list("name", flat=True)
        return Source(str(name), source_id, None) if name is not None else None
    name = await Department.get_or_none(id=source_id).values_list("name", flat=True)
    return Source(str(name), None, source_id) if name is not None else None


@dataclass(frozen=True)
class PairView:
    source_name: str
    source_url: str
    suggestion: SuggestionView


async def strongest_pairs(limit: int = 50) -> list[PairView]:
    """The coordinator's overview: the best-scoring suggestions for needs, best first."""
    rows = await Suggestion.filter(source_type="need").order_by("-score", "id").limit(limit)
    views = {(v.target_type, v.target_id, v.rank): v for v in await _views(rows)}
    titles = dict(
        await Need.filter(id__in={r.source_id for r in rows}).values_list("id", "title")
    )
    pairs = []
    for row in rows:
        view = views.get((row.target_type, row.target_id, row.rank))
        if view and row.source_id in titles:
            link = path_for("need", id=row.source_id)
            pairs.append(PairView(str(titles[row.source_id]), link, view))
    return pairs
