"""The coordinator's queue: pairs waiting to be introduced or dismissed with a reason.

Items come from the matching engine (:func:`sync_from_suggestions`), from a group or department
asking to meet another (この団体と話したい), or from a coordinator picking two parties. A pair is
in the queue once at most while open, whichever side it was written from.
"""

from __future__ import annotations

from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import parties
from kakehashi.directory.models.needs import Need
from kakehashi.directory.visibility import visible_needs
from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.http.urls import path_for
from kakehashi.introductions import permissions
from kakehashi.introductions.models import DismissReason, QueueItem, QueueOrigin, QueueStatus
from kakehashi.notifications import events as notifications
from kakehashi.suggestions.models import Suggestion

DEFAULT_MIN_SCORE = 0.66
"""The demo city's three best suggestions per record score 0.53–0.78 (median 0.64): 0.66 keeps
about the strongest quarter, so the queue holds pairs worth a coordinator's time."""
PARTY_TYPES = ("organisation", "department")


def pair_key(a: Owner, b: Owner) -> tuple[tuple[str, int], tuple[str, int]]:
    """The same key for a pair written either way round."""
    first, second = sorted([(a.kind, a.id), (b.kind, b.id)])
    return first, second


def party_a(item: QueueItem) -> Owner:
    return Owner(item.party_a_kind, item.party_a_id)


def party_b(item: QueueItem) -> Owner:
    return Owner(item.party_b_kind, item.party_b_id)


def require_coordinator(user: CurrentUser) -> None:
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")


async def open_item_for(a: Owner, b: Owner) -> QueueItem | None:
    for item in await QueueItem.filter(
        status=QueueStatus.OPEN,
        party_a_kind__in=[a.kind, b.kind], party_a_id__in=[a.id, b.id],
        party_b_kind__in=[a.kind, b.kind], party_b_id__in=[a.id, b.id],
    ):
        if pair_key(party_a(item), party_b(item)) == pair_key(a, b):
            return item
    return None


async def _tell_coordinators(item: QueueItem, a: parties.Party, b: parties.Party) -> None:
    await notifications.notify(
        await parties.coordinator_user_ids(), "introduction_requested",
        {"queue_item_id": item.id, "party_a": a.name, "party_b": b.name,
         "reason": item.message},
        path_for("queue"),
    )


async def request_introduction(
    user: CurrentUser, asker: Owner, other: Owner, message: str, need_id: int | None = None
) -> QueueItem:
    """A member of ``asker`` asks the office to introduce ``other``; the request joins the queue.

    An open request for the same pair is refused with a friendly message; an open suggestion
    for it becomes this request (keeping its score and reasons)."""
    await permissions.require_asker(user, asker)
    if asker == other:
        raise DomainError("You cannot ask to be introduced to yourselves.", "asker")
    mine = await parties.party(asker)
    theirs = await parties.party(other)
    await permissions.require_public(other)
    if need_id is not None and not await Need.filter(visible_needs(None), id=need_id).exists():
        need_id = None
    async with in_transaction():
        item = await open_item_for(asker, other)
        if item is not None and item.origin == QueueOrigin.REQUEST:
            raise DomainError(
                "You have already asked to meet them; the collaboration office will be in "
                "touch.", "message",
            )
        if item is None:
            item = await QueueItem.create(
                origin=QueueOrigin.REQUEST, party_a_kind=asker.kind, party_a_id=asker.id,
                party_b_kind=other.kind, party_b_id=other.id, need_id=need_id,
                message=message, requested_by_id=user.id,
            )
        else:
            item.update_from_dict({
                "origin": QueueOrigin.REQUEST, "party_a_kind": asker.kind,
                "party_a_id": asker.id, "party_b_kind": other.kind, "party_b_id": other.id,
                "message": message, "requested_by_id": user.id,
            })
            await item.save()
        await _tell_coordinators(item, mine, theirs)
    return item


async def add_by_coordinator(
    user: CurrentUser, a: Owner, b: Owner, message: str = ""
) -> QueueItem:
    """A coordinator puts any two parties in the queue by hand."""
    require_coordinator(user)
    if a == b:
        raise DomainError("Please choose two different parties.", "party_b")
    await parties.party(a)
    await parties.party(b)
    if await open_item_for(a, b) is not None:
        raise DomainError("This pair is already waiting in the queue.", "party_b")
    return await QueueItem.create(
        origin=QueueOrigin.COORDINATOR, party_a_kind=a.kind, party_a_id=a.id,
        party_b_kind=b.kind, party_b_id=b.id, message=message, requested_by_id=user.id,
    )


async def dismiss(user: CurrentUser, item_id: int, code: str, note: str) -> None:
    """Take a pair off the queue with a reason; "other" needs the reason in words."""
    require_coordinator(user)
    if code not in {r.value for r in DismissReason}:
        raise DomainError("Please choose a reason.", "reason")
    if code == DismissReason.OTHER and not note.strip():
        raise DomainError("Please say why in a few words.", "note")
    async with in_transaction():
        updated = await QueueItem.filter(id=item_id, status=QueueStatus.OPEN).update(
            status=QueueStatus.DISMISSED, dismiss_reason=DismissReason(code), dismiss_note=note,
            handled_by_id=user.id, handled_at=localtime(),
        )
        if not updated:
            if not await QueueItem.exists(id=item_id):
                raise NotFound("Page not found")
            raise DomainError("This item has already been handled.", "reason")
        item = await QueueItem.get(id=item_id)
        if item.origin == QueueOrigin.REQUEST:
            await _tell_the_asker(item, note.strip())


async def _tell_the_asker(item: QueueItem, note: str) -> None:
    """A request the office will not take further: the asker hears it, with the office's
    words, rather than finding the request gone."""
    named = await parties.parties([party_a(item), party_b(item)])
    asker, other = named.get(party_a(item)), named.get(party_b(item))
    if asker is None or other is None:
        return
    await notifications.notify(
        await parties.member_user_ids(party_a(item)), "introduction_request_dismissed",
        {"party_a": asker.name, "party_b": other.name, "reason": note}, path_for("my_page"))


async def open_item(item_id: int) -> QueueItem:
    item = await QueueItem.get_or_none(id=item_id)
    if item is None:
        raise NotFound("Page not found")
    if item.status != QueueStatus.OPEN:
        raise DomainError("This item has already been handled.")
    return item


async def sync_from_suggestions(min_score: float = DEFAULT_MIN_SCORE, max_rank: int = 3) -> int:
    """Queue every stored suggestion strong enough whose pair is not in the queue yet.

    Idempotent: a pair already queued (either way round, in any status) is never added again.
    Returns how many items were added."""
    rows = await Suggestion.filter(
        score__gte=min_score, rank__lte=max_rank,
        source_type__in=["need", *PARTY_TYPES], target_type__in=["need", *PARTY_TYPES],
    ).order_by("-score", "id").values(
        "source_type", "source_id", "target_type", "target_id", "score", "reasons"
    )
    if not rows:
        return 0
    need_ids = {r["source_id"] for r in rows if r["source_type"] == "need"} | {
        r["target_id"] for r in rows if r["target_type"] == "need"
    }
    need_owner: dict[int, Owner] = {}
    for n in await Need.filter(id__in=need_ids).values("id", "organisation_id", "department_id"):
        if n["organisation_id"] or n["department_id"]:
            need_owner[n["id"]] = (
                Owner("organisation", n["organisation_id"]) if n["organisation_id"]
                else Owner("department", n["department_id"])
            )
    seen = {
        pair_key(Owner(a_kind, a_id), Owner(b_kind, b_id))
        for a_kind, a_id, b_kind, b_id in await QueueItem.all().values_list(
            "party_a_kind", "party_a_id", "party_b_kind", "party_b_id"
        )
    }
    new: list[QueueItem] = []
    for row in rows:
        need_id = None
        ends: list[Owner] = []
        for kind, key in ((row["source_type"], row["source_id"]),
                          (row["target_type"], row["target_id"])):
            if kind == "need":
                need_id = key
                if key not in need_owner:
                    break
                ends.append(need_owner[key])
            else:
                ends.append(Owner(kind, key))
        if len(ends) != 2 or ends[0] == ends[1] or pair_key(*ends) in seen:
            continue
        seen.add(pair_key(*ends))
        new.append(QueueItem(
            origin=QueueOrigin.SUGGESTION, party_a_kind=ends[0].kind, party_a_id=ends[0].id,
            party_b_kind=ends[1].kind, party_b_id=ends[1].id, need_id=need_id,
            score=row["score"], reasons=row["reasons"] or [],
        ))
    existing = await parties.parties([o for item in new for o in (party_a(item), party_b(item))])
    new = [i for i in new if party_a(i) in existing and party_b(i) in existing]
    if new:
        await QueueItem.bulk_create(new, batch_size=500)
    return len(new)
