"""The two sides of an introduction: a citizen group or a city department, named and reachable.

A party is a :class:`~kakehashi.accounts.permissions.Owner`. Queue items, introductions,
notifications and calendars all need the same answers: what is it called, where is its page,
who are its people, and which parties does a signed-in user speak for. The coordinator's
pickers find parties here too: a few letters of a name or its reading, or kind, field and area,
give a short list instead of hundreds (the same search serves the form sent without JavaScript
and the JSON the picker's script asks while typing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tortoise.expressions import Q, Subquery

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.models import Membership, Role, User
from kakehashi.accounts.permissions import OWNER_KINDS, Owner, parse_owner
from kakehashi.directory import search
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.directory.visibility import visible_organisations
from kakehashi.errors import DomainError, NotFound
from kakehashi.http.urls import path_for
from kakehashi.taxonomy.fields import list_fields
from kakehashi.taxonomy.models import Field


@dataclass(frozen=True)
class Party:
    """A party as pages show it."""

    kind: str
    id: int
    name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def owner(self) -> Owner:
        return Owner(self.kind, self.id)

    @property
    def url(self) -> str:
        return path_for("group" if self.kind == "organisation" else "department", id=self.id)


async def parties(owners: Iterable[Owner]) -> dict[Owner, Party]:
    """Names of many parties in two queries; parties that no longer exist are left out."""
    wanted: dict[str, set[int]] = {kind: set() for kind in OWNER_KINDS}
    for owner in owners:
        wanted[owner.kind].add(owner.id)
    found: dict[Owner, Party] = {}
    if wanted["organisation"]:
        for row in await Organisation.filter(id__in=wanted["organisation"]).values("id", "name"):
            found[Owner("organisation", row["id"])] = Party("organisation", row["id"], row["name"])
    if wanted["department"]:
        for row in await Department.filter(id__in=wanted["department"]).values("id", "name"):
            found[Owner("department", row["id"])] = Party("department", row["id"], row["name"])
    return found


async def party(owner: Owner) -> Party:
    """One party; an unknown one is refused at the field that named it."""
    found = (await parties([owner])).get(owner)
    if found is None:
        raise DomainError("Please choose a group or department from the list.", "party")
    return found


async def member_user_ids(owner: Owner) -> list[int]:
    """Active users with a membership of that group or department."""
    rows = await Membership.filter(
        user__is_active=True, **owner.model_fields()
    ).values_list("user_id", flat=True)
    return sorted({int(r) for r in rows})  # type: ignore[call-overload]


async def coordinator_user_ids() -> list[int]:
    rows = await User.filter(role=Role.COORDINATOR, is_active=True).order_by("id").values_list(
        "id", flat=True
    )
    return [int(r) for r in rows]  # type: ignore[call-overload]


def is_member(user: CurrentUser, owner: Owner) -> bool:
    """Speaks for the party itself (a coordinator does not, unless also a member)."""
    if owner.kind == "organisation":
        return owner.id in user.organisation_ids
    return owner.id in user.department_ids


async def parties_of(user: CurrentUser) -> list[Party]:
    """The approved groups and the departments the user belongs to, by name."""
    found = await parties(
        [Owner("organisation", i) for i in user.organisation_ids]
        + [Owner("department", i) for i in user.department_ids]
    )
    approved = set(
        await Organisation.filter(
            visible_organisations(None), id__in=user.organisation_ids
        ).values_list("id", flat=True)
    )
    return sorted(
        (p for p in found.values() if p.kind == "department" or p.id in approved),
        key=lambda p: (p.kind, p.name),
    )


# --- finding parties to pick (the coordinator's pickers) ------------------------------------

MAX_FOUND = 30
"""Enough to choose from on one screen; a longer list asks for more letters."""


@dataclass(frozen=True)
class PartyQuery:
    words: str = ""
    kind: str = ""
    """``organisation``, ``department`` or both."""
    field: str = ""
    area: str = ""

    @property
    def active(self) -> bool:
        return bool(self.words.strip() or self.field or self.area or self.kind)


def _tagged(field: str, relation: str) -> Q:
    codes = Field.filter(Q(code=field) | Q(code__startswith=field + "."))
    return Q(id__in=Subquery(codes.values(f"{relation}__id")))


async def find(query: PartyQuery, limit: int = MAX_FOUND) -> list[Party]:
    """Approved groups and departments matching every typed word (name, reading, description:
    the site's search, any spelling), the kind, the field and the area; departments first."""
    if not query.active:
        return []
    words = search.parse(query.words)
    found: list[Party] = []
    if query.kind in ("", "department") and not query.area:
        departments = Department.all()
        if query.field:
            departments = departments.filter(_tagged(query.field, "departments"))
        ids = (await search.ranked_ids(departments, words) if words.active
               else await departments.order_by("name").limit(limit).values_list("id", flat=True))
        found += await _named(Department, "department", list(ids)[:limit])  # type: ignore[arg-type]  # Tortoise: flat rows typed as tuples
    if query.kind in ("", "organisation"):
        groups = Organisation.filter(visible_organisations(None))
        if query.field:
            groups = groups.filter(_tagged(query.field, "organisations"))
        if query.area:
            groups = groups.filter(area=query.area)
        ids = (await search.ranked_ids(groups, words) if words.active
               else await groups.order_by("furigana", "name").limit(limit).values_list(
                   "id", flat=True))
        found += await _named(Organisation, "organisation", list(ids)[:limit])  # type: ignore[arg-type]  # Tortoise: flat rows typed as tuples
    return found[:limit]


async def _named(model: type[Organisation] | type[Department], kind: str,
                 ids: list[int]) -> list[Party]:
    if not ids:
        return []
    names = dict(await model.filter(id__in=ids).values_list("id", "name"))
    return [Party(kind, i, str(names[i])) for i in ids if i in names]


def _owner(key: str) -> Owner | None:
    try:
        return parse_owner(key)
    except NotFound:
        return None


async def chosen(keys: Iterable[str]) -> list[Party]:
    """The parties behind picked keys (``organisation:3``), approved groups and departments only;
    unknown keys are left out, so a forged key picks nothing."""
    owners = [o for o in (_owner(k) for k in dict.fromkeys(keys)) if o is not None]
    group_ids = {o.id for o in owners if o.kind == "organisation"}
    department_ids = {o.id for o in owners if o.kind == "department"}
    names: dict[Owner, str] = {}
    if group_ids:
        for i, name in await Organisation.filter(
                visible_organisations(None), id__in=group_ids).values_list("id", "name"):
            names[Owner("organisation", i)] = name
    if department_ids:
        for i, name in await Department.filter(id__in=department_ids).values_list("id", "name"):
            names[Owner("department", i)] = name
    return [Party(o.kind, o.id, names[o]) for o in owners if o in names]


async def areas() -> list[str]:
    """The areas approved groups name, for the picker's area choice."""
    rows = await Organisation.filter(visible_organisations(None)).exclude(area="").distinct(
    ).order_by("area").values_list("area", flat=True)
    return [str(r) for r in rows]


@dataclass(frozen=True)
class Picking:
    """What a coordinator's party picker shows (``browse/_party_picker.html``): the parties
    picked so far, in the order picked and kept ticked, and, once the coordinator pressed
    「探す」, those found; the finder's choices. Shared by every form that chooses parties
    (a collaboration's, a pair added to the queue), which all work without the script."""

    picked: list[Party]
    found: list[Party]
    finder: PartyQuery
    finding: bool
    areas: list[str]
    root_fields: list[tuple[str, str]]


def finder_of(raw: Callable[[str], str]) -> PartyQuery:
    """The finder's fields as a form sends them (``raw``: a field's text by name)."""
    return PartyQuery(words=raw("party_q")[:100], kind=raw("party_kind"),
                      field=raw("party_field")[:64], area=raw("party_area")[:100])


async def picking(keys: Iterable[str], finder: PartyQuery, *, finding: bool) -> Picking:
    picked = await chosen(keys)
    found = await find(finder) if finding else []
    taken = {p.key for p in picked}
    return Picking(picked, [p for p in found if p.key not in taken], finder, finding,
                   await areas(),
                   [(f.code, f.label) for f in await list_fields() if f.parent_code is None])
