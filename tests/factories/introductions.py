"""Shared set-up for the queue and introduction tests: two parties, their people, a room."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.timezone import now

from kakehashi.accounts.auth import CurrentUser, load_current_user
from kakehashi.accounts.models import Role
from kakehashi.accounts.permissions import Owner
from kakehashi.accounts.rules import create_user
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.introductions import queue
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions.models import QueueItem, Room
from kakehashi.introductions.rules import Place, Slot

PASSWORD = "correct horse battery"


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


async def user(email: str, role: Role, affiliation: str | None = None) -> CurrentUser:
    created = await create_user(email, PASSWORD, role, affiliation=affiliation,
                                display_name=email.split("@")[0])
    found = await load_current_user(created.id)
    assert found is not None
    return found


async def world() -> World:
    group = await Organisation.create(name="みどりの会", kind="citizen_group",
                                      status=ApprovalStatus.APPROVED)
    department = await Department.create(name="福祉課", section="健康福祉部")
    outsider_group = await Organisation.create(name="よその会", kind="npo",
                                               status=ApprovalStatus.APPROVED)
    room = await Room.create(name="会議室A", location="市民活動センター2階", capacity=12)
    return World(
        group=group, department=department, room=room,
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


