"""What changed between two agreement versions, clause by clause (difflib), and the clause
names the agreement pages share. A party asked to approve a new version reads here exactly
which words moved, instead of rereading the whole agreement (苫小牧市 第4章(2): 互いに確認)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kakehashi.i18n import format_date
from kakehashi.i18n import gettext as _

if TYPE_CHECKING:
    from kakehashi.collaborations.views import VersionView


def clause_labels() -> dict[str, tuple[str, str]]:
    """Each written clause's heading and what the guideline expects it to say."""
    return {
        "personal_information": (_("Personal information"), _(
            "Who may see the personal information met in the work, how it is kept, and that "
            "it is returned or destroyed at the end.")),
        "insurance": (_("Insurance and accidents"), _(
            "Which insurance covers participants and volunteers, and who answers for an "
            "accident.")),
        "evaluation_plan": (_("How and when the work is evaluated"), _(
            "When the parties evaluate together, and how: hear each other's views and assess "
            "the results concretely (苫小牧市 第4章(4), 小平市 ク).")),
        "change_termination": (_("Changes and termination"), _(
            "How the agreement is changed (a new version every party approves) and when and "
            "how it may be ended early.")),
    }


def unit_options() -> list[tuple[str, str]]:
    return [("week", _("weeks")), ("month", _("months"))]


def cadence_text(check_in: tuple[int, str] | None) -> str:
    """"Every 2 months" (or the plain words for no schedule), as both versions print it."""
    if check_in is None:
        return _("No scheduled check-ins")
    every, unit = check_in
    if unit == "week":
        return _("Every %(n)s weeks", n=every)
    return _("Every %(n)s months", n=every)


@dataclass(frozen=True)
class Line:
    kind: str
    """"same", "removed" or "added"."""
    text: str


@dataclass(frozen=True)
class ClauseChange:
    label: str
    changed: bool
    lines: list[Line]


def _lines(before: str, after: str) -> list[Line]:
    """Line by line: unchanged lines once, removed before added (difflib's own order)."""
    out = []
    for row in difflib.ndiff(before.splitlines() or [""], after.splitlines() or [""]):
        tag, text = row[:2], row[2:]
        if tag == "  ":
            out.append(Line("same", text))
        elif tag == "- ":
            out.append(Line("removed", text))
        elif tag == "+ ":
            out.append(Line("added", text))
    return out


def _texts(v: VersionView) -> list[tuple[str, str]]:
    """Every clause of a version as (heading, text), parties' lines by party name."""
    texts = [
        (_("Purpose"), v.purpose), (_("Plan"), v.plan),
        (_("Period"), f"{format_date(v.period_start)} – {format_date(v.period_end)}"),
        (_("Cost sharing"), "\n".join(
            f"{row['party'].name}: "
            + _("%(amount)s yen", amount=f"{int(row.get('amount', 0)):,}")
            + (f"（{row['note']}）" if row.get("note") else "") for row in v.costs)),
        (_("Roles and responsibilities"), "\n".join(
            f"{row['party'].name}: {row.get('role', '')}"
            + (f" / {row['responsibility']}" if row.get("responsibility") else "")
            for row in v.roles)),
        (_("What the city can do"), v.city_can), (_("What the city cannot do"), v.city_cannot),
    ]
    texts += [(label, v.clauses.get(name, "")) for name, (label, _help)
              in clause_labels().items()]
    texts.append((_("Check-ins"), cadence_text(v.check_in)))
    return texts


def compare(before: VersionView, after: VersionView) -> list[ClauseChange]:
    """Each clause of ``after`` with its lines marked against ``before``."""
    return [ClauseChange(label, old != new, _lines(old, new))
            for (label, old), (_label, new) in zip(_texts(before), _texts(after), strict=True)]
