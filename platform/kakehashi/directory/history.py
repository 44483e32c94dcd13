"""Change history: every edit of a profile, need or capability keeps who, when and what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kakehashi.directory.models.history import ChangeRecord


async def record(
    entity_type: str, entity_id: int, action: str, user_id: int | None,
    changes: dict[str, list[Any]],
) -> None:
    """Call inside the service's transaction so the record and the change land together."""
    await ChangeRecord.create(
        entity_type=entity_type, entity_id=entity_id, action=action, user_id=user_id,
        changes={k: [_plain(v) for v in pair] for k, pair in changes.items()},
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{name: [old, new]}``."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(str(v) for v in value) if isinstance(value, (set, frozenset)) else [
            str(v) for v in value
        ]
    return str(value)


@dataclass(frozen=True)
class HistoryEntry:
    action: str
    user_name: str
    created_at: datetime
    changes: dict[str, list[Any]]


async def entries(entity_type: str, entity_id: int, limit: int = 50) -> list[HistoryEntry]:
    rows = await ChangeRecord.filter(entity_type=entity_type, entity_id=entity_id).order_by(
        "-created_at", "-id"
    ).limit(limit).values("action", "user__display_name", "created_at", "changes")
    return [
        HistoryEntry(
            action=r["action"], user_name=r["user__display_name"] or "",
            created_at=r["created_at"], changes=r["changes"] or {},
        )
        for r in rows
    ]
