"""Shared set-up for the queue and introduction tests: two parties, their people, a room."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.timezone import now

from factories.accounts import user
from factories.directory import department, group
from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import Role
from kakehashi.accounts.permissions import Owner
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.introductions import availability, queue
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions.models import IntroductionSlot, QueueItem, Room
from kakehashi.introductions.rules import Place, Slot


@dataclass
class World:
    group: Organisation
    department: Department
    room: Room
    coordinator: CurrentUser
    member: CurrentUser
    staff: CurrentUser
    outsider: CurrentUser
    outsider_group_id: int

    @property
    def a(self) -> Owner:
        return Owner("organisation", self.group.id)

    @property
    def b(self) -> Owner:
        return Owner("department", self.department.id)


async def world() -> World:
    midori, fukushi = await group("みどりの会"), await department("福祉課")
    outsider_group = await group("よその会", kind="npo")
    room = await Room.create(name="会議室A", location="市民活動センター2階", capacity=12)
    return World(
        group=midori, department=fukushi, room=room,
        coordinator=await user("coord@example.jp", Role.COORDINATOR),
        member=await user("member@example.jp", Role.GROUP, "みどりの会"),
        staff=await user("staff@example.jp", Role.DEPARTMENT, "福祉課"),
        outsider=await user("other@example.jp", Role.GROUP, "よその会"),
        outsider_group_id=outsider_group.id,
    )


def slot(days: int, hour: int = 10, minutes: int = 60) -> Slot:
    start = (now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                   microsecond=0)
    return Slot(start, start + timedelta(minutes=minutes))


def proposal(*slots: Slot, room_id: int | None = None, url: str = "",
             **flags: bool) -> introductions.MeetingOffer:
    """An offer; early, late or holiday times are confirmed unless ``confirm_hours=False``
    (``slot`` counts days from today, which may be a public holiday)."""
    flags.setdefault("confirm_hours", True)
    return introductions.MeetingOffer(
        slots=list(slots) or [slot(7)], place=Place(room_id, url), agenda="顔合わせ", **flags
    )


async def queued(w: World) -> QueueItem:
    return await queue.add_by_coordinator(w.coordinator, w.a, w.b)


async def introduced(w: World, *slots: Slot, per_month: int = 3) -> int:
    item = await queued(w)
    intro = await introductions.propose(
        w.coordinator, item.id, proposal(*slots, room_id=w.room.id), per_month
    )
    return intro.id




async def current_slots(intro_id: int) -> list[IntroductionSlot]:
    return list(await IntroductionSlot.filter(
        introduction_id=intro_id, is_current=True).order_by("starts_at", "id"))


async def mark(who: CurrentUser, intro_id: int, *slots: IntroductionSlot,
               comment: str = "") -> None:
    """``who``'s side can attend ``slots`` (and none of the other current ones)."""
    await availability.mark_availability(who, intro_id, availability.Availability(
        frozenset(s.id for s in slots), comment))


async def both_attend_first(w: World, intro_id: int) -> IntroductionSlot:
    """Both parties can attend only the first slot: the meeting is scheduled by itself."""
    first = (await current_slots(intro_id))[0]
    await mark(w.member, intro_id, first)
    await mark(w.staff, intro_id, first)
    return first
