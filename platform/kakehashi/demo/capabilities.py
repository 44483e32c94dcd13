"""Build what each party can offer: most groups one thing, some two, departments their means."""

import random

from kakehashi.demo.capability_phrases import DEPARTMENT_HOW, DEPARTMENT_OFFERS
from kakehashi.demo.departments import DEPARTMENTS
from kakehashi.demo.offer_texts import capability_text
from kakehashi.demo.records import DemoCapability, DemoGroup
from kakehashi.demo.texts import Setting
from kakehashi.demo.vocabulary import FIELDS, with_parents

OFFERS_PER_GROUP = ((0, 0.1), (1, 0.8), (2, 0.1))  # (how many, probability)
OFFERS_PER_DEPARTMENT = 2


def _how_many(rng: random.Random) -> int:
    roll = rng.random()
    for count, chance in OFFERS_PER_GROUP:
        if roll < chance:
            return count
        roll -= chance
    return OFFERS_PER_GROUP[-1][0]


def group_capabilities(rng: random.Random, group: DemoGroup) -> list[DemoCapability]:
    """Offers in the group's own sub-areas, never the same title twice."""
    subs = [code for code in group.fields if "." in code]
    rng.shuffle(subs)
    found: list[DemoCapability] = []
    for sub in subs[: _how_many(rng)]:
        where = Setting(group.area, "")
        title, description = capability_text(rng, sub, where, group.size, group.kind)
        found.append(DemoCapability(
            owner_kind="group",
            owner_name=group.name,
            title=title,
            description=description,
            fields=with_parents([sub]),
        ))
    return found


def department_capabilities(rng: random.Random) -> list[DemoCapability]:
    """What each department brings: rooms, publicity, grants, staff; in its own fields."""
    found = []
    for spec in DEPARTMENTS:
        labels = "・".join(FIELDS[code] for code in spec.fields)
        for title, offer in rng.sample(DEPARTMENT_OFFERS, k=OFFERS_PER_DEPARTMENT):
            scope = rng.choice((
                f"{labels}の分野で活動する団体が対象です。",
                f"{spec.name}の所管する{labels}に関わる活動であれば、まずはご相談ください。",
                f"{labels}に取り組む団体との協働事業で活用していただけます。",
            ))
            found.append(DemoCapability(
                owner_kind="department",
                owner_name=spec.name,
                title=title,
                description=offer + scope + rng.choice(DEPARTMENT_HOW).format(department=spec.name),
                fields=with_parents(spec.fields),
            ))
    return found


def build_capabilities(
    rng: random.Random, groups: tuple[DemoGroup, ...]
) -> tuple[DemoCapability, ...]:
    """About 340 capabilities in all."""
    found = department_capabilities(rng)
    for group in groups:
        found += group_capabilities(rng, group)
    return tuple(found)
