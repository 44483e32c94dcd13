"""Generate the demo city: the same seed always gives the same city, with no database involved.

The loader inserts the returned values as they are; ``today`` anchors the needs' periods.
"""

import random
from datetime import date

from kakehashi.demo.capabilities import build_capabilities
from kakehashi.demo.departments import DEPARTMENTS
from kakehashi.demo.groups import build_groups
from kakehashi.demo.needs import build_needs
from kakehashi.demo.people import make_person
from kakehashi.demo.records import (
    DemoCapability,
    DemoCity,
    DemoDepartment,
    DemoGroup,
    DemoNeed,
)
from kakehashi.demo.vocabulary import CITY_NAME, area_names, with_parents

__all__ = [
    "DemoCapability",
    "DemoCity",
    "DemoDepartment",
    "DemoGroup",
    "DemoNeed",
    "generate_city",
]

CITY_DOMAIN = "city.kakehashi.example"


def build_departments(rng: random.Random) -> tuple[DemoDepartment, ...]:
    """The hand-written departments with a fictional staff contact each."""
    departments = []
    for index, spec in enumerate(DEPARTMENTS):
        person = make_person(rng)
        departments.append(DemoDepartment(
            name=spec.name,
            section=spec.section,
            description=spec.description,
            fields=with_parents(spec.fields),
            contact_name=person.name,
            contact_email=f"{person.romaji_surname}.{spec.slug}@{CITY_DOMAIN}",
            contact_phone=f"01-2345-68{index:02d}",
            public_phone=f"01-2345-67{index:02d}",
        ))
    return tuple(departments)


def generate_city(seed: int = 2026, today: date = date(2026, 11, 23)) -> DemoCity:
    """A whole fictional city; each part draws from its own seeded stream, never global state."""
    departments = build_departments(random.Random(f"{seed}-departments"))
    groups = build_groups(random.Random(f"{seed}-groups"))
    needs = build_needs(random.Random(f"{seed}-needs"), groups, today)
    capabilities = build_capabilities(random.Random(f"{seed}-capabilities"), groups)
    return DemoCity(
        name=CITY_NAME,
        areas=area_names(),
        departments=departments,
        groups=groups,
        needs=needs,
        capabilities=capabilities,
    )
