"""Meeting rooms of the citizen activity centre, kept by the coordinator."""

from __future__ import annotations

from dataclasses import dataclass

from kakehashi.accounts.auth import CurrentUser
from kakehashi.errors import DomainError, NotFound
from kakehashi.introductions.models import Room
from kakehashi.introductions.queue import require_coordinator


@dataclass(frozen=True)
class RoomInput:
    name: str
    location: str
    capacity: int | None
    is_active: bool = True


@dataclass(frozen=True)
class RoomView:
    id: int
    name: str
    location: str
    capacity: int
    is_active: bool


def _view(room: Room) -> RoomView:
    return RoomView(room.id, room.name, room.location, room.capacity, room.is_active)


async def list_rooms(active_only: bool = False) -> list[RoomView]:
    query = Room.filter(is_active=True) if active_only else Room.all()
    return [_view(r) for r in await query.order_by("name")]


async def room_input(room_id: int) -> RoomInput:
    room = await Room.get_or_none(id=room_id)
    if room is None:
        raise NotFound("Page not found")
    return RoomInput(room.name, room.location, room.capacity, room.is_active)


async def _check(data: RoomInput, room_id: int | None = None) -> None:
    if not data.name:
        raise DomainError("Please fill in this field.", "name")
    if data.capacity is None or data.capacity < 1:
        raise DomainError("Please enter how many people the room holds (at least 1).",
                          "capacity")
    clash = Room.filter(name=data.name)
    if room_id is not None:
        clash = clash.exclude(id=room_id)
    if await clash.exists():
        raise DomainError("A room of this name already exists.", "name")


async def save_room(user: CurrentUser, data: RoomInput, room_id: int | None = None) -> int:
    """Add a room, or change one (deactivating keeps it on past meetings)."""
    require_coordinator(user)
    await _check(data, room_id)
    values = {"name": data.name, "location": data.location, "capacity": data.capacity,
              "is_active": data.is_active}
    if room_id is None:
        return (await Room.create(**values)).id  # type: ignore[arg-type]  # mypy: ** could fill using_db
    if not await Room.filter(id=room_id).update(**values):
        raise NotFound("Page not found")
    return room_id
