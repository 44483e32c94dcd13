"""Build the calls for partners: most from departments, some from groups, mostly open."""

import random
from datetime import date, timedelta

from kakehashi.demo.departments import DEPARTMENTS
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


def build_needs(
    rng: random.Random, groups: tuple[DemoGroup, ...], today: date
) -> tuple[DemoNeed, ...]:
    """About 110 needs; each owner's titles differ and fields stay within the owner's work."""
    owners: list[tuple[str, str, tuple[str, ...], str]] = [
        ("department", spec.name, spec.fields, "")
        for spec in DEPARTMENTS
        for _ in range(NEEDS_PER_DEPARTMENT)
    ]
    askers = [g for g in groups if g.kind != "individual"]
    for group in rng.sample(askers, k=GROUP_NEEDS):
        subs = tuple(code for code in group.fields if "." in code)
        owners.append((group.kind, group.name, subs, group.area))
    statuses = [status for status, count in STATUSES.items() for _ in range(count)]
    statuses += ["open"] * max(0, len(owners) - len(statuses))
    rng.shuffle(statuses)
    areas = area_names()
    titles: set[tuple[str, str]] = set()
    needs = []
    for (owner, owner_name, subs, home), status in zip(owners, statuses, strict=False):
        owner_kind = "department" if owner == "department" else "group"
        first = rng.choice(subs)
        chosen = [first]
        if first in COMPANIONS and rng.random() < 0.3:
            chosen.append(rng.choice(COMPANIONS[first]))
        area = home if owner_kind == "group" else ("" if rng.random() < 0.4 else rng.choice(areas))
        where = Setting(area, "")
        title, description = need_text(rng, tuple(chosen), where, owner)
        for _ in range(10):
            if (owner_name, title) not in titles:
                break
            chosen[0] = rng.choice(subs)
            title, description = need_text(rng, tuple(chosen), where, owner)
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
