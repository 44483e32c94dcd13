"""Partner concentration (Tomakomai 第4章(5)): does one partner get most of a department's work?

For each department, its introductions (not cancelled) and collaborations of the last twelve
months, and each partner's share of them. The counts are the matching engine's own
(``partner_load.recent_items``), so the anti-fixation penalty and this page never disagree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from kakehashi.accounts import permissions
from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import parties
from kakehashi.directory.models.orgs import Department
from kakehashi.errors import Forbidden
from kakehashi.suggestions.partner_load import WINDOW, PartyKey, recent_items

WARNING_SHARE = 0.5
"""A partner holding more than this share of a department's items is flagged ..."""
WARNING_MIN_ITEMS = 4
"""... once the department has at least this many items (with two or three items one partner
holds half of them by chance alone)."""
WINDOW_DAYS = WINDOW.days


@dataclass(frozen=True)
class PartnerShare:
    name: str
    url: str
    kind: str
    introductions: int
    collaborations: int
    items: int
    share: float
    """items / the department's items (a collaboration with two partners counts for both,
    so the shares of one department may add up to more than 100 %)."""
    warning: bool

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass(frozen=True)
class DepartmentConcentration:
    id: int
    name: str
    section: str
    introductions: int
    collaborations: int
    partners: list[PartnerShare]

    @property
    def items(self) -> int:
        return self.introductions + self.collaborations

    @property
    def warning(self) -> bool:
        return any(p.warning for p in self.partners)


def is_concentrated(partner_items: int, department_items: int) -> bool:
    """The warning rule, in one place: more than WARNING_SHARE of at least WARNING_MIN_ITEMS."""
    return (department_items >= WARNING_MIN_ITEMS
            and partner_items > WARNING_SHARE * department_items)


async def _concentrations(department_ids: list[int]) -> list[DepartmentConcentration]:
    wanted = set(department_ids)
    totals: dict[int, Counter[str]] = defaultdict(Counter)
    per_partner: dict[int, dict[PartyKey, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for kind, keys in await recent_items():
        for party_kind, party_id in keys:
            if party_kind != "department" or party_id not in wanted:
                continue
            totals[party_id][kind] += 1
            for partner in keys - {(party_kind, party_id)}:
                per_partner[party_id][partner][kind] += 1
    names = await parties.parties(
        Owner(k, i) for partners in per_partner.values() for (k, i) in partners
    )
    departments = await Department.filter(id__in=sorted(wanted)).order_by(
        "section", "name", "id"
    ).values("id", "name", "section")
    result = []
    for row in departments:
        total = totals[row["id"]]
        items = total["introduction"] + total["collaboration"]
        shares = []
        for (kind, party_id), counts in per_partner[row["id"]].items():
            party = names.get(Owner(kind, party_id))
            if party is None:
                continue
            n = counts["introduction"] + counts["collaboration"]
            shares.append(PartnerShare(
                name=party.name, url=party.url, kind=kind,
                introductions=counts["introduction"], collaborations=counts["collaboration"],
                items=n, share=n / items if items else 0.0, warning=is_concentrated(n, items),
            ))
        shares.sort(key=lambda s: (-s.items, s.name))
        result.append(DepartmentConcentration(
            id=row["id"], name=row["name"], section=row["section"],
            introductions=total["introduction"], collaborations=total["collaboration"],
            partners=shares,
        ))
    return result


async def department_concentration(
    user: CurrentUser, department_id: int
) -> DepartmentConcentration:
    """One department's partners: its own staff and coordinators only."""
    await permissions.require_department(user, department_id)
    return (await _concentrations([department_id]))[0]


async def all_concentrations(user: CurrentUser) -> list[DepartmentConcentration]:
    """Every department, those with a warning first: for the collaboration office."""
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")
    ids = list(await Department.all().values_list("id", flat=True))
    found = await _concentrations([int(i) for i in ids])  # type: ignore[call-overload]  # Tortoise: flat rows typed as tuples
    return sorted(found, key=lambda d: (not d.warning, -d.items, d.section, d.name))
