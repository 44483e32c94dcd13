"""Display labels of domain values (English message ids, translated when shown)."""

from __future__ import annotations

from kakehashi.i18n import gettext

PARTNER_KINDS: dict[str, str] = {
    "individual": "Individual volunteer",
    "citizen_group": "Citizen group",
    "npo": "NPO corporation",
    "neighbourhood": "Neighbourhood association",
    "company": "Company",
    "other_corporation": "Other corporation",
}

CRITERIA: dict[str, str] = {
    "voluntary": "Acts voluntarily",
    "self_reliant": "Self-reliant",
    "public_benefit": "Works for the public benefit",
    "non_profit": "Non-profit",
    "proper_accounts": "Keeps proper accounts",
    "delivery_capacity": "Able to deliver",
}

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
    return [(value, gettext(text)) for value, text in table.items()]
