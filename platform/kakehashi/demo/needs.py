"""Build the calls for partners: most from departments, some from groups, mostly open."""

import random
from datetime import date, timedelta

from kakehashi.demo.departments import DEPARTMENTS, LEAD_CALLS, REMIT
from kakehashi.demo.offer_texts import need_text
from kakehashi.demo.records import DemoGroup, DemoNeed
from kakehashi.demo.texts import Setting
from kakehashi.demo.vocabulary import area_names, with_parents

NEEDS_PER_DEPARTMENT = 5
GROUP_NEEDS = 27
STATUSES = {"open": 92, "draft": 10, "closed": 10}
# Sub-areas that often meet in one call (a drill that must reach the elderly, …).
COMPANIONS = {
    "disaster.prevention": ("welfare.elderly", "welfare.disability", "culture.international"),
    "welfare.childcare": ("education.learning", "environment.waste"),
    "culture.festival": ("community.planning", "environment.waste"),
    "community.facilities": ("environment.beautification", "culture.sports"),
    "education.learning": ("culture.international", "welfare.childcare"),
    "culture.sports": ("welfare.disability", "welfare.elderly"),
}


def _period(rng: random.Random, status: str, today: date) -> tuple[date | None, date | None]:
    """Closed calls lie in the past, drafts in the future, open ones around today."""
    if status == "closed":
        start = today - timedelta(days=rng.randint(150, 420))
        return start, start + timedelta(days=rng.randint(14, 120))
    if status == "draft":
        start = today + timedelta(days=rng.randint(30, 180))
        return start, start + timedelta(days=rng.randint(30, 240))
    roll = rng.random()
    if roll < 0.15:
        return None, None  # 通年: a standing call
    start = today + timedelta(days=rng.randint(-90, 90))
    if roll < 0.25:
        return start, None
    end = start + timedelta(days=rng.randint(30, 300))
    return start, max(end, today + timedelta(days=7))


def _owners(
    rng: random.Random, groups: tuple[DemoGroup, ...]
) -> list[tuple[str, str, dict[str, tuple[int, ...] | None], str]]:
    """Who posts: each department within its remit, and groups in their first (named) sub-area.

    A group's call is about the work its name announces, so 〇〇子ども食堂 asks for help with
    its 子ども食堂 and a green-space group never posts one.
    """
    owners: list[tuple[str, str, dict[str, tuple[int, ...] | None], str]] = [
        ("department", spec.name, REMIT[spec.slug], "")
        for spec in DEPARTMENTS
        for _ in range(NEEDS_PER_DEPARTMENT)
    ]
    askers = [g for g in groups if g.kind != "individual"]
    for group in rng.sample(askers, k=GROUP_NEEDS):
        owners.append((group.kind, group.name, {group.main_area: None}, group.area))
    return owners


def _companion(rng: random.Random, first: str, allowed: tuple[str, ...]) -> list[str]:
    """Sometimes a second sub-area the call also touches, only one its owner works in."""
    pool = tuple(c for c in COMPANIONS.get(first, ()) if c in allowed)
    return [rng.choice(pool)] if pool and rng.random() < 0.3 else []


def build_needs(
    rng: random.Random, groups: tuple[DemoGroup, ...], today: date
) -> tuple[DemoNeed, ...]:
    """About 110 needs; each owner's titles differ and topics stay within the owner's remit."""
    owners = _owners(rng, groups)
    own_subs = {g.name: tuple(c for c in g.fields if "." in c) for g in groups}
    own_subs.update({spec.name: spec.fields for spec in DEPARTMENTS})
    statuses = [status for status, count in STATUSES.items() for _ in range(count)]
    statuses += ["open"] * max(0, len(owners) - len(statuses))
    rng.shuffle(statuses)
    areas = area_names()
    titles: set[tuple[str, str]] = set()
    leads = {spec.name: LEAD_CALLS[spec.slug] for spec in DEPARTMENTS if spec.slug in LEAD_CALLS}
    needs = []
    for (owner, owner_name, remit, home), status in zip(owners, statuses, strict=False):
        owner_kind = "department" if owner == "department" else "group"
        subs = tuple(remit)
        lead = leads.pop(owner_name, None)
        first = lead[0] if lead else rng.choice(subs)
        chosen = [first, *_companion(rng, first, own_subs[owner_name])]
        area = home if owner_kind == "group" else ("" if rng.random() < 0.4 else rng.choice(areas))
        where = Setting(area, "")
        if lead:
            status = "open"
        topics = (lead[1],) if lead else remit[first]
        title, description = need_text(rng, tuple(chosen), where, owner, topics)
        for _ in range(60):  # a department's remit holds few titles: try until one is new
            if (owner_name, title) not in titles:
                break
            chosen[0] = rng.choice(subs)
            if owner_kind == "department":  # the same kind of call, in another district
                area = rng.choice(areas)
                where = Setting(area, "")
            title, description = need_text(rng, tuple(chosen), where, owner, remit[chosen[0]])
        titles.add((owner_name, title))
        start, end = _period(rng, status, today)
        needs.append(DemoNeed(
            owner_kind=owner_kind,
            owner_name=owner_name,
            title=title,
            description=description,
            fields=with_parents(chosen),
            area=area,
            period_start=start,
            period_end=end,
            status=status,
        ))
    return tuple(needs)
