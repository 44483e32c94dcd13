"""The queue as the coordinator reads it: filtered, paged, both parties named, reasons in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q
from tortoise.functions import Coalesce
from tortoise.timezone import localtime

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import User
from kakehashi.directory import parties, search
from kakehashi.directory.listings import Page
from kakehashi.directory.models.needs import Need
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.introductions.models import (
    Introduction,
    QueueItem,
    QueueOrigin,
    QueueStatus,
)
from kakehashi.introductions.note_models import QueueNote
from kakehashi.introductions.queue import party_a, party_b, require_coordinator
from kakehashi.introductions.queue_field_order import ids_by_field
from kakehashi.suggestions.views import explain
from kakehashi.taxonomy.fields import label_for
from kakehashi.taxonomy.models import Field as TaxonomyField


@dataclass(frozen=True)
class QueueFilters:
    status: str = QueueStatus.OPEN.value
    origin: str = ""
    field: str = ""
    department: int | None = None
    min_score: int | None = None
    """Percent, as pages show scores."""
    older_than: int | None = None
    newer_than: int | None = None
    """Days since the item joined the queue."""
    q: str = ""
    """Words found in either party's record or the call (the site's Japanese search)."""
    sort: str = "newest"
    """``newest``, ``oldest`` (longest waiting first), ``fit`` (best score first) or ``field``
    (the taxonomy's order of fields, best fit first within each: ``queue_field_order``)."""
    assigned: str = ""
    """``me`` (the reader's items), ``nobody`` (not yet taken) or any."""


SORTS = {"newest": ("-created_at", "-id"), "oldest": ("created_at", "id"),
         "fit": ("-fit", "-created_at", "-id"), "field": ()}
"""``fit`` reads the score with unscored items (requests, pairs added by hand) last, the same
on SQLite and PostgreSQL, which otherwise disagree on where NULL sorts."""


@dataclass(frozen=True)
class NoteView:
    text: str
    author: str
    created_at: datetime
    about_group: str
    """The group's name for a note on a group ("" for a note on this item)."""


@dataclass(frozen=True)
class QueueItemView:
    id: int
    origin: str
    status: str
    party_a: parties.Party
    party_b: parties.Party
    need_id: int | None
    need_title: str
    score_percent: int | None
    reasons: list[str]
    message: str
    created_at: datetime
    age_days: int
    dismiss_reason: str
    dismiss_note: str
    introduction_id: int | None = None
    assignee: str = ""
    notes: tuple[NoteView, ...] = ()


def _party_filter(kind: str, ids: list[int]) -> Q:
    return Q(party_a_kind=kind, party_a_id__in=ids) | Q(party_b_kind=kind, party_b_id__in=ids)


async def _field_filter(code: str) -> Q:
    """Either party, or the call for partners, works in the field (or one of its sub-areas)."""
    tagged = TaxonomyField.filter(Q(code=code) | Q(code__startswith=code + "."))
    organisations = await tagged.filter(organisations__id__isnull=False).values_list(
        "organisations__id", flat=True)
    departments = await tagged.filter(departments__id__isnull=False).values_list(
        "departments__id", flat=True)
    needs = await tagged.filter(needs__id__isnull=False).values_list("needs__id", flat=True)
    return (
        _party_filter("organisation", [int(i) for i in set(organisations)] or [0])  # type: ignore[call-overload]  # Tortoise: flat rows typed as tuples
        | _party_filter("department", [int(i) for i in set(departments)] or [0])  # type: ignore[call-overload]  # Tortoise: flat rows typed as tuples
        | Q(need_id__in=[int(i) for i in set(needs)] or [0])  # type: ignore[call-overload]  # Tortoise: flat rows typed as tuples
    )


async def _words_filter(q: str) -> Q:
    """Items where every word is found in one of the item's records (its group, department or
    call), as the site search finds it: any spelling (見守り = みまもり = ミマモリ), so
    「福祉課 見守り」 finds 福祉課's pairs with a 見守り group."""
    query = search.parse(q)
    condition = Q()
    for term in query.terms:
        one = search.SearchQuery(query.text, (term,))
        groups = await search.ranked_ids(Organisation.all(), one)
        departments = await search.ranked_ids(Department.all(), one)
        needs = await search.ranked_ids(Need.all(), one)
        condition &= (_party_filter("organisation", groups or [0])
                      | _party_filter("department", departments or [0])
                      | Q(need_id__in=needs or [0]))
    return condition


async def queue_page(
    user: CurrentUser, filters: QueueFilters, number: int, size: int
) -> Page[QueueItemView]:
    require_coordinator(user)
    query = QueueItem.all()
    if filters.status in {s.value for s in QueueStatus}:
        query = query.filter(status=filters.status)
    if filters.origin in {o.value for o in QueueOrigin}:
        query = query.filter(origin=filters.origin)
    if filters.field:
        query = query.filter(await _field_filter(filters.field))
    if filters.department:
        query = query.filter(_party_filter("department", [filters.department]))
    if filters.min_score is not None:
        query = query.filter(score__gte=filters.min_score / 100)
    if filters.older_than is not None:
        query = query.filter(created_at__lte=localtime() - timedelta(days=filters.older_than))
    if filters.newer_than is not None:
        query = query.filter(created_at__gte=localtime() - timedelta(days=filters.newer_than))
    if filters.assigned == "me":
        query = query.filter(assignee_id=user.id)
    elif filters.assigned == "nobody":
        query = query.filter(assignee_id__isnull=True)
    if filters.q:
        query = query.filter(await _words_filter(filters.q))
    total = await query.count()
    number = min(max(1, number), max(1, -(-total // size)))
    if filters.sort == "field":
        page_ids = (await ids_by_field(query))[(number - 1) * size:number * size]
        found = {i.id: i for i in await QueueItem.filter(id__in=page_ids)}
        return Page(items=await views([found[i] for i in page_ids if i in found]),
                    total=total, number=number, size=size)
    order = SORTS.get(filters.sort, SORTS["newest"])
    if filters.sort == "fit":
        query = query.annotate(fit=Coalesce("score", -1.0))
    items = await query.order_by(*order).offset((number - 1) * size).limit(size)
    return Page(items=await views(items), total=total, number=number, size=size)


async def views(items: list[QueueItem]) -> list[QueueItemView]:
    named = await parties.parties(o for i in items for o in (party_a(i), party_b(i)))
    need_titles = dict(await Need.filter(
        id__in={i.need_id for i in items if i.need_id}
    ).values_list("id", "title"))
    field_labels = {
        f["code"]: label_for(f["label_ja"], f["label_en"])
        for f in await TaxonomyField.all().values("code", "label_ja", "label_en")
    }
    today = localtime()
    introduced = dict(await Introduction.filter(
        queue_item_id__in=[i.id for i in items if i.status == QueueStatus.INTRODUCED]
    ).order_by("id").values_list("queue_item_id", "id"))
    notes = await _notes(items)
    assignees = await _names({i.assignee_id for i in items if i.assignee_id})
    out = []
    for item in items:
        a, b = named.get(party_a(item)), named.get(party_b(item))
        if a is None or b is None:
            continue  # a party was deleted since
        need_id = item.need_id
        out.append(QueueItemView(
            id=item.id, origin=item.origin.value, status=item.status.value, party_a=a,
            party_b=b, need_id=need_id, need_title=str(need_titles.get(need_id, "")),
            score_percent=round(item.score * 100) if item.score is not None else None,
            reasons=[explain(r, field_labels) for r in item.reasons],
            message=item.message, created_at=item.created_at,
            age_days=max(0, (today - item.created_at).days),
            dismiss_reason=item.dismiss_reason.value if item.dismiss_reason else "",
            dismiss_note=item.dismiss_note, introduction_id=introduced.get(item.id),
            assignee=assignees.get(item.assignee_id or 0, ""),
            notes=tuple(notes.get(("item", item.id), []) + [
                n for o in (party_a(item), party_b(item)) if o.kind == "organisation"
                for n in notes.get(("organisation", o.id), [])]),
        ))
    return out


async def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return {r["id"]: r["display_name"] or r["email"] for r in await User.filter(
        id__in=user_ids).values("id", "display_name", "email")}


async def _notes(items: list[QueueItem]) -> dict[tuple[str, int], list[NoteView]]:
    """The office's notes on these items and on the groups in them, oldest first."""
    groups = {o.id for i in items for o in (party_a(i), party_b(i)) if o.kind == "organisation"}
    rows = await QueueNote.filter(
        Q(item_id__in=[i.id for i in items] or [0]) | Q(organisation_id__in=groups or {0})
    ).order_by("created_at", "id").values(
        "item_id", "organisation_id", "organisation__name", "author_id", "text", "created_at")
    authors = await _names({r["author_id"] for r in rows if r["author_id"]})
    out: dict[tuple[str, int], list[NoteView]] = {}
    for r in rows:
        key = ("item", r["item_id"]) if r["item_id"] else ("organisation", r["organisation_id"])
        out.setdefault(key, []).append(NoteView(
            r["text"], authors.get(r["author_id"] or 0, ""), r["created_at"],
            "" if r["item_id"] else r["organisation__name"] or ""))
    return out


async def item_view(user: CurrentUser, item_id: int) -> QueueItemView | None:
    require_coordinator(user)
    item = await QueueItem.get_or_none(id=item_id)
    found = await views([item]) if item else []
    return found[0] if found else None


async def top_fields() -> list[tuple[str, str]]:
    """The top-level fields, for the queue's field filter."""
    rows = await TaxonomyField.filter(parent_id=None).order_by("position", "code").values(
        "code", "label_ja", "label_en"
    )
    return [(r["code"], label_for(r["label_ja"], r["label_en"])) for r in rows]


async def departments() -> list[tuple[str, str]]:
    return [(str(d["id"]), d["name"]) for d in await Department.all().order_by("name").values(
        "id", "name"
    )]
