"""Introductions as people read them: lists, one introduction with its slots, answers and
timeline, and which actions the reader may take."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tortoise.expressions import Q

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import User
from kakehashi.collaborations.models import Collaboration
from kakehashi.directory import parties
from kakehashi.directory.listings import Page
from kakehashi.directory.models.needs import Need
from kakehashi.i18n import gettext as _
from kakehashi.introductions import permissions
from kakehashi.introductions.availability_views import Grid, grid
from kakehashi.introductions.models import (
    Introduction,
    IntroductionAnswer,
    IntroductionEvent,
    IntroductionSlot,
    IntroductionStatus,
    QueueItem,
    QueueOrigin,
    Room,
)
from kakehashi.introductions.permissions import ANSWERABLE_STATUSES, owners_of, sides_of, viewable
from kakehashi.introductions.timeline import event_text, outcome_labels, when


def status_labels() -> dict[str, str]:
    """Every status, in the order an introduction goes through them (lists, statistics)."""
    return {"proposed": _("Waiting for answers"), "needs_slots": _("New times needed"),
            "scheduled": _("Scheduled"), "held": _("Held"),
            "declined": _("Not going ahead"), "withdrawn": _("Withdrawn"),
            "cancelled": _("Cancelled")}


@dataclass(frozen=True)
class IntroductionRow:
    id: int
    status: str
    status_label: str
    party_a: parties.Party
    party_b: parties.Party
    when: str
    created_at: datetime
    waiting_for_me: bool = False


@dataclass(frozen=True)
class EventView:
    at: str
    actor: str
    party: str
    text: str


@dataclass(frozen=True)
class IntroductionDetail:
    id: int
    status: str
    status_label: str
    party_a: parties.Party
    party_b: parties.Party
    need_id: int | None
    need_title: str
    request_message: str
    """What the asker wrote when it asked to meet (parties and coordinators see it)."""
    coordinator: str
    room: str
    room_location: str
    room_capacity: int | None
    online_url: str
    agenda: str
    when: str
    outcome: str
    minutes: str
    cancel_reason: str
    limit_overridden: bool
    collaboration_id: int | None
    grid: Grid
    timeline: list[EventView]
    my_sides: list[str] = field(default_factory=list)
    can_answer: bool = False
    can_confirm: bool = False
    can_change: bool = False
    can_record_outcome: bool = False


def _mine(user: CurrentUser) -> Q:
    mine = Q(id=0)
    for kind, ids in (("organisation", user.organisation_ids),
                      ("department", user.department_ids)):
        if ids:
            mine |= Q(party_a_kind=kind, party_a_id__in=list(ids))
            mine |= Q(party_b_kind=kind, party_b_id__in=list(ids))
    return mine


async def _rows(user: CurrentUser, intros: list[Introduction]) -> list[IntroductionRow]:
    named = await parties.parties(o for i in intros for o in owners_of(i))
    answered = {
        (a["introduction_id"], a["side"].value if hasattr(a["side"], "value") else a["side"])
        for a in await IntroductionAnswer.filter(
            introduction_id__in=[i.id for i in intros]
        ).values("introduction_id", "side")
    }
    labels = status_labels()
    rows = []
    for intro in intros:
        a, b = owners_of(intro)
        if a not in named or b not in named:
            continue
        waiting = intro.status in ANSWERABLE_STATUSES and any(
            (intro.id, side.value) not in answered for side in sides_of(user, intro)
        )
        shown = intro.status in (IntroductionStatus.SCHEDULED, IntroductionStatus.HELD)
        rows.append(IntroductionRow(
            id=intro.id, status=intro.status.value, status_label=labels[intro.status.value],
            party_a=named[a], party_b=named[b],
            when=when(intro.starts_at, intro.ends_at) if shown else "",
            created_at=intro.created_at, waiting_for_me=waiting,
        ))
    return rows


async def introduction_page(
    user: CurrentUser, status: str, number: int, size: int
) -> Page[IntroductionRow]:
    """Coordinators see all introductions, everyone else those of their own parties."""
    query = Introduction.all() if user.is_coordinator else Introduction.filter(_mine(user))
    if status in {s.value for s in IntroductionStatus}:
        query = query.filter(status=status)
    total = await query.count()
    number = min(max(1, number), max(1, -(-total // size)))
    intros = await query.order_by("-created_at", "-id").offset((number - 1) * size).limit(size)
    return Page(items=await _rows(user, intros), total=total, number=number, size=size)


async def my_introductions(user: CurrentUser, limit: int = 10) -> list[IntroductionRow]:
    """For "my page": the current introductions of the user's groups and departments."""
    if not (user.organisation_ids or user.department_ids):
        return []
    intros = await Introduction.filter(
        _mine(user), status__in=list(permissions.OPEN_STATUSES)
    ).order_by("-created_at", "-id").limit(limit)
    return await _rows(user, intros)


async def awaiting_my_answer(user: CurrentUser) -> list[IntroductionRow]:
    """For "my page": introductions where a side the user speaks for has not yet said which
    times suit it (answering, or declining, removes the row)."""
    if not (user.organisation_ids or user.department_ids):
        return []
    intros = await Introduction.filter(
        _mine(user), status__in=list(ANSWERABLE_STATUSES)).order_by("created_at", "id")
    return [row for row in await _rows(user, intros) if row.waiting_for_me]


async def detail(user: CurrentUser, intro_id: int) -> IntroductionDetail:
    intro = await viewable(user, intro_id)
    a, b = owners_of(intro)
    named = await parties.parties([a, b])
    side_names = {"a": named[a].name if a in named else "",
                  "b": named[b].name if b in named else ""}
    slots = await IntroductionSlot.filter(introduction_id=intro.id, is_current=True).order_by(
        "starts_at", "id")
    events = await IntroductionEvent.filter(introduction_id=intro.id).order_by("created_at", "id")
    user_ids = {e.actor_id for e in events} | {intro.coordinator_id}
    names = dict(await User.filter(id__in=[i for i in user_ids if i]).values_list(
        "id", "display_name"))
    room = await Room.get_or_none(id=intro.room_id) if intro.room_id else None
    need_title = ""
    if intro.need_id:
        need_title = str(await Need.filter(id=intro.need_id).first().values_list(
            "title", flat=True) or "")
    collaboration = await Collaboration.filter(introduction_id=intro.id).first()
    request = await QueueItem.filter(id=intro.queue_item_id or 0,
                                     origin=QueueOrigin.REQUEST).first()
    my_sides = [s.value for s in sides_of(user, intro)]
    shown = intro.status in (IntroductionStatus.SCHEDULED, IntroductionStatus.HELD)
    return IntroductionDetail(
        id=intro.id, status=intro.status.value,
        status_label=status_labels()[intro.status.value], party_a=named[a], party_b=named[b],
        need_id=intro.need_id, need_title=need_title,
        request_message=request.message if request else "",
        coordinator=str(names.get(intro.coordinator_id, "")),
        room=room.name if room else "", room_location=room.location if room else "",
        room_capacity=room.capacity if room else None, online_url=intro.online_url,
        agenda=intro.agenda, when=when(intro.starts_at, intro.ends_at) if shown else "",
        outcome=outcome_labels().get(intro.outcome.value, "") if intro.outcome else "",
        minutes=intro.minutes, cancel_reason=intro.cancel_reason,
        limit_overridden=intro.limit_overridden,
        collaboration_id=collaboration.id if collaboration else None,
        grid=await grid(intro.id, list(slots), side_names, my_sides[0] if my_sides else "",
                        when),
        timeline=[EventView(
            when(e.created_at), str(names.get(e.actor_id, "")),
            side_names.get(e.side, ""), event_text(e.kind, e.data or {}),
        ) for e in events],
        my_sides=my_sides,
        can_answer=permissions.can_answer(user, intro),
        can_confirm=permissions.can_confirm(user, intro),
        can_change=permissions.can_change(user, intro),
        can_record_outcome=permissions.can_record_outcome(user, intro),
    )
