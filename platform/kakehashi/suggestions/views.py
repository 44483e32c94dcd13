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
from kakehashi.taxonomy.fields import field_labels
from matching import closeness


@dataclass(frozen=True)
class SuggestionView:
    """One partner in a list: an organisation or department once, however many of its
    records (profile, offers) fit; `items` says which ones."""

    rank: int
    target_type: str
    target_id: int
    name: str
    detail: str
    url: str
    score_percent: int
    reasons: list[str]
    items: tuple[str, ...] = ()

    @property
    def closeness(self) -> str:
        """`very_close`, `close` or `reference`: the score in a word, shown beside it."""
        return closeness(self.score_percent / 100)


@dataclass(frozen=True)
class Target:
    """What a stored target is, and the party (organisation or department) it belongs to."""

    name: str
    detail: str
    url: str
    party: tuple[str, int]
    item: str


async def for_source(source_type: str, source_id: int) -> list[SuggestionView]:
    rows = await Suggestion.filter(source_type=source_type, source_id=source_id).order_by("rank")
    return await _views(rows)


async def _views(rows: list[Suggestion]) -> list[SuggestionView]:
    """Rows as people read them, one per party: a group's profile and its offers become one
    row (at the best score, with the best row's reasons) that lists which of them fit.
    Calls for partners stay separate rows: each is its own invitation."""
    return _merge(rows, await _targets(rows), await field_labels())


def _merge(
    rows: list[Suggestion], targets: dict[tuple[str, int], Target], field_labels: dict[str, str]
) -> list[SuggestionView]:
    merged: dict[tuple[str, int], list[Suggestion]] = {}
    for row in rows:
        target = targets.get((row.target_type, row.target_id))
        if target is None:
            continue  # the record went away since the worker's last pass
        merged.setdefault(target.party, []).append(row)  # rows come best first
    views: list[SuggestionView] = []
    for (party_type, party_id), group in merged.items():
        best = group[0]
        found = [targets[(r.target_type, r.target_id)] for r in group]
        profile = next(  # the party's own record (its profile, or the call itself)
            (t for r, t in zip(group, found, strict=True)
             if (r.target_type, r.target_id) == t.party), None,
        )
        first = found[0]
        views.append(SuggestionView(
            rank=len(views) + 1, target_type=party_type, target_id=party_id,
            name=first.name, detail=(profile or first).detail,
            url=(profile or first).url, score_percent=round(best.score * 100),
            reasons=[explain(r, field_labels) for r in best.reasons],
            items=tuple(dict.fromkeys(t.item for t in found)) if len(found) > 1 else (),
        ))
    return views


def _party_url(party_type: str, party_id: int) -> str:
    route = "group" if party_type == "organisation" else "department"
    return path_for(route, id=party_id)


async def _values(model: Any, ids: set[int] | None, *names: str) -> list[dict[str, Any]]:
    """``values()`` of the records ``ids``; no query when a list has none of that kind."""
    return await model.filter(id__in=ids).values(*names) if ids else []


async def _targets(rows: list[Suggestion]) -> dict[tuple[str, int], Target]:
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.target_type, set()).add(row.target_id)
    out: dict[tuple[str, int], Target] = {}
    for o in await _values(Organisation, wanted.get("organisation"), "id", "name", "kind"):
        out[("organisation", o["id"])] = Target(
            o["name"], labels.label(labels.PARTNER_KINDS, o["kind"]),
            path_for("group", id=o["id"]), ("organisation", o["id"]), _("Group profile"),
        )
    for d in await _values(Department, wanted.get("department"), "id", "name", "section"):
        out[("department", d["id"])] = Target(
            d["name"], d["section"], path_for("department", id=d["id"]),
            ("department", d["id"]), _("Department profile"),
        )
    for n in await _values(Need, wanted.get("need"), "id", "title", "department__name",
                           "organisation__name"):
        owner = n["department__name"] or n["organisation__name"] or ""
        out[("need", n["id"])] = Target(
            n["title"], owner, path_for("need", id=n["id"]), ("need", n["id"]), n["title"]
        )
    for c in await _values(Capability, wanted.get("capability"), "id", "title",
                           "department__name", "organisation__name", "organisation_id",
                           "department_id"):
        owner = c["department__name"] or c["organisation__name"] or ""
        party = (
            ("organisation", c["organisation_id"]) if c["organisation_id"]
            else ("department", c["department_id"])
        )
        offer = _("Can offer: %(title)s", title=c["title"])
        out[("capability", c["id"])] = Target(
            owner, offer, _party_url(*party), party, offer
        )
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
    source_owner: str = ""


async def strongest_pairs(limit: int = 50) -> list[PairView]:
    """The coordinator's overview: the best-scoring suggestions for needs, best first; each
    call shows who posted it and each candidate party appears once per call (its profile and
    offers merged), so no two rows look the same."""
    rows = await Suggestion.filter(source_type="need").order_by("-score", "id").limit(3 * limit)
    by_need: dict[int, list[Suggestion]] = {}
    for row in rows:
        by_need.setdefault(row.source_id, []).append(row)
    needs = {
        n["id"]: n for n in await Need.filter(id__in=list(by_need)).values(
            "id", "title", "department__name", "organisation__name"
        )
    }
    targets = await _targets(rows)
    labels_by_code = await field_labels()
    pairs = []
    for need_id, need_rows in by_need.items():
        need = needs.get(need_id)
        if need is None:
            continue
        owner = need["department__name"] or need["organisation__name"] or ""
        for view in _merge(sorted(need_rows, key=lambda r: r.rank), targets, labels_by_code):
            pairs.append(PairView(str(need["title"]), path_for("need", id=need_id), view, owner))
    pairs.sort(key=lambda p: -p.suggestion.score_percent)
    return pairs[:limit]
