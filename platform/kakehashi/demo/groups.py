"""Build the city's citizen-side partners: every kind, each named, described and reachable."""

import random
from dataclasses import replace

from kakehashi.demo import names
from kakehashi.demo.group_texts import activities, group_description
from kakehashi.demo.names import Named, Town
from kakehashi.demo.people import Person, make_person, private_phone
from kakehashi.demo.records import DemoGroup
from kakehashi.demo.texts import Setting
from kakehashi.demo.vocabulary import CRITERIA, RELATED, SUB_AREAS, with_parents

TARGET_GROUPS = 320
KIND_COUNTS = {"individual": 30, "npo": 56, "company": 24, "other_corporation": 22}
MAX_NEIGHBOURHOODS = 100

# Where each kind of partner usually works; the first pick decides the name.
NEIGHBOURHOOD_SUBS = (
    "disaster.prevention", "disaster.crime", "environment.beautification", "environment.waste",
    "culture.festival", "welfare.elderly", "community.facilities", "welfare.childcare",
)
COMPANY_SUBS = (
    "environment.beautification", "environment.waste", "education.learning",
    "disaster.volunteer", "culture.sports", "welfare.disability", "culture.festival",
    "community.facilities", "disaster.prevention",
)
NPO_SUBS = (
    "welfare.elderly", "welfare.disability", "welfare.childcare", "welfare.childcare",
    "education.learning", "education.learning", "culture.international",
    "environment.conservation", "community.planning", "disaster.volunteer", "culture.arts",
    "environment.waste", "welfare.disability",
)
# Groups every seed has, so the demo always shows a clear fit: 福祉課's call for 安否確認 in a
# disaster should find a group whose whole work is 見守り among its first suggestions.
SHOWCASE_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ひだまり見守り隊", "ひだまりみまもりたい", ("welfare.elderly",)),
)
SHOWCASE_TEXTS: dict[str, tuple[str, str]] = {
    "ひだまり見守り隊": (
        "ひとり暮らしの高齢者の見守りと安否確認を続ける住民の会です。"
        "担当の班ごとに要配慮者のお宅を週に一度訪ね、声かけと見守りをしています。"
        "災害時には担当地区の要配慮者の安否確認に回れるよう、名簿と連絡の手順を確かめています。",
        "毎週、ひとり暮らしの高齢者宅への見守り訪問と声かけをしています。"
        "年に二回、災害時の要配慮者安否確認の訓練をしています。",
    ),
}
SIZES = {
    "neighbourhood": (60, 900), "citizen_group": (4, 60), "npo": (10, 160),
    "company": (8, 300), "other_corporation": (20, 220), "individual": (1, 1),
}
FOUNDED = {
    "neighbourhood": (1950, 2008), "citizen_group": (1975, 2025), "npo": (1999, 2024),
    "company": (1955, 2020), "other_corporation": (1952, 2021), "individual": (1985, 2025),
}
# Criteria a kind always declares, and the others it declares with this probability.
CRITERIA_HABITS: dict[str, tuple[frozenset[str], float]] = {
    "neighbourhood": (frozenset(CRITERIA) - {"delivery_capacity"}, 0.7),
    "citizen_group": (frozenset({"voluntary", "public_benefit", "non_profit"}), 0.6),
    "npo": (frozenset(CRITERIA) - {"delivery_capacity"}, 0.85),
    "company": (frozenset(CRITERIA) - {"non_profit"}, 0.0),
    "other_corporation": (frozenset(CRITERIA), 0.0),
    "individual": (frozenset({"voluntary", "public_benefit", "non_profit"}), 0.5),
}


def _sub_areas(
    rng: random.Random, first: str, pool: tuple[str, ...], extra: float, related: bool = True,
) -> list[str]:
    """The first sub-area and up to two more, only from its neighbours so the work stays one."""
    if related:
        pool = tuple(c for c in RELATED[first] if c in pool) or RELATED[first]
    chosen = [first]
    while rng.random() < extra and len(chosen) < 3:
        candidate = rng.choice(pool)
        if candidate not in chosen:
            chosen.append(candidate)
        extra /= 2
    return chosen


def _criteria(rng: random.Random, kind: str) -> tuple[str, ...]:
    always, chance = CRITERIA_HABITS[kind]
    return tuple(c for c in CRITERIA if c in always or rng.random() < chance)


def _public_contact(rng: random.Random, kind: str, index: int, where: Setting) -> str:
    if kind == "individual":
        return "市民活動センター経由"
    if kind == "neighbourhood":
        return rng.choice((
            f"{where.district}コミュニティセンター経由", f"{where.town}会館（会長宛）",
        ))
    if kind == "citizen_group" and rng.random() < 0.5:
        return "市民活動センター経由"
    return f"https://g{index:03d}.example.jp/"


def _plan(rng: random.Random, all_towns: tuple[Town, ...]) -> list[tuple[str, Town, Named | None]]:
    """The kind and town of every group; 町内会・自治会 come with their names."""
    hoods = names.neighbourhood_names(rng)
    rng.shuffle(hoods)
    plan: list[tuple[str, Town, Named | None]] = [
        ("neighbourhood", town, named) for named, town in hoods[:MAX_NEIGHBOURHOODS]
    ]
    for kind, count in KIND_COUNTS.items():
        plan += [(kind, rng.choice(all_towns), None) for _ in range(count)]
    plan += [
        ("citizen_group", rng.choice(all_towns), None)
        for _ in range(TARGET_GROUPS - len(plan) - len(names.FIXED_CORPORATIONS)
                       - len(SHOWCASE_GROUPS))
    ]
    rng.shuffle(plan)
    return plan


def _first_sub_areas(rng: random.Random, kind: str, town: Town) -> tuple[list[str], Named | None]:
    """A group's sub-areas; other corporations get their name with them (the form decides)."""
    if kind == "neighbourhood":
        return _sub_areas(rng, rng.choice(NEIGHBOURHOOD_SUBS), NEIGHBOURHOOD_SUBS, 1.0), None
    if kind == "company":
        return _sub_areas(rng, rng.choice(COMPANY_SUBS), COMPANY_SUBS, 0.4), None
    if kind == "other_corporation":
        named, subs = names.corporation_name(rng, town)
        return _sub_areas(rng, subs[0], subs, 0.8, related=False), named
    pool = NPO_SUBS if kind == "npo" else SUB_AREAS
    return _sub_areas(rng, rng.choice(pool), pool, 0.5 if kind == "npo" else 0.3), None


def _name(rng: random.Random, kind: str, town: Town, first: str, person: Person) -> Named:
    if kind == "company":
        return names.company_name(rng)
    if kind == "other_corporation":
        return names.corporation_name(rng, town)[0]
    if kind == "npo":
        return names.npo_name(rng, first, town)
    if kind == "individual":
        return names.individual_name(rng, person, first)
    return names.citizen_group_name(rng, first, town)


def build_groups(rng: random.Random) -> tuple[DemoGroup, ...]:
    """About 320 groups of all six kinds with unique names."""
    all_towns = names.towns()
    used: set[str] = set()
    groups: list[DemoGroup] = []
    for name, furigana, subs in names.FIXED_CORPORATIONS:
        town = rng.choice(all_towns)
        person = make_person(rng)
        groups.append(_group(rng, len(groups), "other_corporation", town, (name, furigana),
                             list(subs), person))
        used.add(name)
    for name, furigana, subs in SHOWCASE_GROUPS:
        town = rng.choice(all_towns)
        group = _group(rng, len(groups), "citizen_group", town, (name, furigana),
                       list(subs), make_person(rng))
        description, activities_text = SHOWCASE_TEXTS[name]
        groups.append(replace(group, description=description, activities=activities_text))
        used.add(name)
    for kind, town, planned in _plan(rng, all_towns):
        person = make_person(rng)
        sub_areas, named = _first_sub_areas(rng, kind, town)
        named = planned or named or _name(rng, kind, town, sub_areas[0], person)
        while named[0] in used or (kind == "individual" and person.name in used):
            if kind == "individual":
                person = make_person(rng)  # one title per person; a taken name needs a new one
            named = _name(rng, kind, town, sub_areas[0], person)
        used.add(named[0])
        if kind == "individual":
            used.add(person.name)
        groups.append(_group(rng, len(groups), kind, town, named, sub_areas, person))
    return tuple(groups)


def _group(
    rng: random.Random, index: int, kind: str, town: Town, named: Named, sub_areas: list[str],
    person: Person,
) -> DemoGroup:
    where = Setting(town.district, town.name)
    year = rng.randint(*FOUNDED[kind])
    size = rng.randint(*SIZES[kind])
    subs = tuple(sub_areas)
    return DemoGroup(
        name=named[0],
        furigana=named[1],
        kind=kind,
        area=town.district,
        description=group_description(rng, kind, subs, where, year, size),
        activities=activities(rng, subs, where, named[0]),
        fields=with_parents(subs),
        founded_year=year,
        size=size,
        criteria_declared=_criteria(rng, kind),
        public_contact=_public_contact(rng, kind, index, where),
        contact_name=person.name,
        contact_email=f"{person.romaji_given}.{person.romaji_surname}.{index:03d}@example.jp",
        contact_phone=private_phone(index),
        main_area=subs[0],
    )
