"""The demo city's records: plain frozen values the database loader inserts as they are."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DemoDepartment:
    """A 担当課; ``fields`` are taxonomy codes, contacts are fictional."""

    name: str
    section: str
    description: str
    fields: tuple[str, ...]
    contact_name: str
    contact_email: str
    contact_phone: str
    public_phone: str


@dataclass(frozen=True)
class DemoGroup:
    """A citizen-side partner of one of the six kinds; ``contact_*`` are private."""

    name: str
    furigana: str
    kind: str
    area: str
    description: str
    activities: str
    fields: tuple[str, ...]
    founded_year: int
    size: int
    criteria_declared: tuple[str, ...]
    public_contact: str
    contact_name: str
    contact_email: str
    contact_phone: str
    main_area: str = ""  # the sub-area the name speaks of; its calls are about this work


@dataclass(frozen=True)
class DemoNeed:
    """A call for partners owned by a department or a group (by name)."""

    owner_kind: str
    owner_name: str
    title: str
    description: str
    fields: tuple[str, ...]
    area: str
    period_start: date | None
    period_end: date | None
    status: str


@dataclass(frozen=True)
class DemoCapability:
    """What a department or a group can offer (by owner name)."""

    owner_kind: str
    owner_name: str
    title: str
    description: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class DemoCity:
    """A whole fictional city, the same for the same seed."""

    name: str
    areas: tuple[str, ...]
    departments: tuple[DemoDepartment, ...]
    groups: tuple[DemoGroup, ...]
    needs: tuple[DemoNeed, ...]
    capabilities: tuple[DemoCapability, ...]
