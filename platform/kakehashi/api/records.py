"""What the JSON API's workflow writes answer with: the record just written, as plain dicts.

A 後援 application, a check-in or an approval has no public read, so its shape is defined here
(and in ``api_openapi``); an evaluation reads as in a published collaboration's
``evaluations``, a proposal as in ``/api/v1/proposals``.
"""

from __future__ import annotations

from typing import Any

from kakehashi.accounts.permissions import Owner
from kakehashi.api.resources import evaluations_of
from kakehashi.collaborations.models import CheckIn, Collaboration
from kakehashi.directory import parties
from kakehashi.errors import NotFound
from kakehashi.proposals.models import SponsorshipApplication

API_TYPES = {"organisation": "group", "department": "department"}


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def party(owner: Owner) -> dict[str, Any]:
    """A party as the public records name one: ``{"type": "group", "id", "name"}``."""
    named = (await parties.parties([owner])).get(owner)
    return {"type": API_TYPES[owner.kind], "id": owner.id, "name": named.name if named else ""}


async def sponsorship(application: SponsorshipApplication) -> dict[str, Any]:
    group = await party(Owner("organisation",
                              application.organisation_id))
    return {
        "id": application.id, "group": {"id": group["id"], "name": group["name"]},
        "event_name": application.event_name, "purpose": application.purpose,
        "description": application.description, "starts_on": _day(application.starts_on),
        "ends_on": _day(application.ends_on), "venue": application.venue,
        "expected_attendance": application.expected_attendance,
        "admission_fee": application.admission_fee,
        "organiser": application.organiser, "audience": application.audience,
        "name_usage": application.name_usage,
        "answer_due_on": _day(application.answer_due_on),
        "contributes": application.contributes,
        "status": str(getattr(application.status, "value", application.status)),
        "grounds": dict(application.grounds or {}),
        "decision_note": application.decision_note,
        "decided_at": _day(application.decided_at), "created_at": _day(application.created_at),
    }


async def check_in(check_in_id: int) -> dict[str, Any]:
    row = await CheckIn.filter(id=check_in_id).first().values(
        "id", "collaboration_id", "party_kind", "party_id", "held_on", "done", "problems",
        "next_steps")
    if row is None:
        raise NotFound("Page not found")
    kind, party_id = row.pop("party_kind"), row.pop("party_id")
    return {**row, "held_on": _day(row["held_on"]), "party": await party(Owner(kind, party_id))}


async def approval(collaboration_id: int, version: int, owner: Owner) -> dict[str, Any]:
    """The approval just given, and whether it made the agreement agreed."""
    row = await Collaboration.filter(id=collaboration_id).first().values(
        "status", "agreed_version")
    if row is None:
        raise NotFound("Page not found")
    status = str(getattr(row["status"], "value", row["status"]))
    return {"collaboration_id": collaboration_id, "version": version,
            "party": await party(owner), "agreed": row["agreed_version"] == version,
            "status": status}


async def evaluation(collaboration_id: int, owner: Owner) -> dict[str, Any]:
    """One party's evaluation, as a published collaboration shows it."""
    for row in await evaluations_of([collaboration_id]):
        if (row["party_kind"], row["party_id"]) == (owner.kind, owner.id):
            row.pop("collaboration_id")
            return row
    raise NotFound("Page not found")
