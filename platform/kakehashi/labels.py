"""Display labels of domain values (English message ids, translated when shown)."""

from __future__ import annotations

from kakehashi.directory.models.orgs import Criterion, PartnerKind
from kakehashi.i18n import gettext

PARTNER_KINDS: dict[str, str] = {
    PartnerKind.INDIVIDUAL: "Individual volunteer",
    PartnerKind.CITIZEN_GROUP: "Citizen group",
    PartnerKind.NPO: "NPO corporation",
    PartnerKind.NEIGHBOURHOOD: "Neighbourhood association",
    PartnerKind.COMPANY: "Company",
    PartnerKind.OTHER_CORPORATION: "Other corporation",
}
"""Labels of :class:`PartnerKind`, which alone says which kinds exist."""

CRITERIA: dict[str, str] = {
    Criterion.VOLUNTARY: "Acts voluntarily",
    Criterion.SELF_RELIANT: "Self-reliant",
    Criterion.PUBLIC_BENEFIT: "Works for the public benefit",
    Criterion.NON_PROFIT: "Non-profit",
    Criterion.PROPER_ACCOUNTS: "Keeps proper accounts",
    Criterion.DELIVERY_CAPACITY: "Able to deliver",
}
"""Labels of :class:`Criterion`."""

NEED_STATUSES: dict[str, str] = {
    "draft": "Draft",
    "open": "Open",
    "closed": "Closed",
}

APPROVAL_STATUSES: dict[str, str] = {
    "pending": "Waiting for approval",
    "approved": "Approved",
    "rejected": "Not approved",
}

CLOSE_REASONS: dict[str, str] = {"filled": "Partner found", "withdrawn": "Withdrawn"}


def label(table: dict[str, str], value: object) -> str:
    key = getattr(value, "value", value)
    return gettext(table[key]) if key in table else str(key or "")


def options(table: dict[str, str]) -> list[tuple[str, str]]:
    """``(value, translated label)`` pairs for a select box."""
    return [(str(value), gettext(text)) for value, text in table.items()]
