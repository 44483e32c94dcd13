"""Public statistics: published collaborations by field, form, department and fiscal year, how
introductions went, and what became of proposals and 後援 applications, as aggregate counts
only (no party is named).

Only public data is counted: a collaboration counts once the coordinator has published it; an
introduction counts as a number, whatever its parties. A fixed number of queries per page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from kakehashi.collaborations.models import Collaboration
from kakehashi.collaborations.views import form_labels
from kakehashi.directory.models.orgs import Department
from kakehashi.i18n import gettext as _
from kakehashi.introductions.models import Introduction
from kakehashi.introductions.views import outcome_labels, status_labels
from kakehashi.proposals import sponsorship_views
from kakehashi.proposals import views as proposal_views
from kakehashi.proposals.models import Proposal, SponsorshipApplication
from kakehashi.publishing.charts import BarChart, bar_chart
from kakehashi.taxonomy.fields import label_for
from kakehashi.taxonomy.models import Field


def fiscal_year(day: date) -> int:
    """The Japanese fiscal year (年度) runs from April to March."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class Statistics:
    published: int
    introductions: int
    charts: list[BarChart]
    proposals: int = 0
    sponsorships: int = 0
    proposal_charts: tuple[BarChart, ...] = ()


async def _collaboration_charts() -> tuple[int, list[BarChart]]:
    published = Collaboration.filter(published_at__isnull=False)
    rows = await published.values_list("id", "forms", "started_on", "published_at")
    ids = [row[0] for row in rows]
    fields = await Field.all().order_by("position", "id").values(
        "id", "code", "label_ja", "label_en", "parent_id")
    top_of = {f["id"]: f["parent_id"] or f["id"] for f in fields}
    by_field: Counter[int] = Counter()
    by_department: Counter[int] = Counter()
    if ids:
        tagged = await Field.filter(collaborations__id__in=ids).values_list(
            "collaborations__id", "id")
        for top in {(c, top_of[f]) for c, f in tagged if f in top_of}:
            by_field[top[1]] += 1
        for _c, d in await Department.filter(collaborations__id__in=ids).values_list(
                "collaborations__id", "id"):
            by_department[d] += 1
    by_form: Counter[str] = Counter(form for row in rows for form in set(row[1] or []))
    by_year: Counter[int] = Counter()
    for _id, _forms, started_on, published_at in rows:
        day = started_on or (published_at.date() if isinstance(published_at, datetime) else None)
        if day is not None:
            by_year[fiscal_year(day)] += 1
    departments = dict(await Department.filter(id__in=list(by_department)).values_list(
        "id", "name")) if by_department else {}
    nothing = _("No published collaboration yet.")
    count = _("Collaborations")
    charts = [
        bar_chart("by-field", _("Published collaborations by field"), _("Field"), count,
                  [(label_for(f["label_ja"], f["label_en"]), by_field[f["id"]])
                   for f in fields if f["parent_id"] is None], nothing),
        bar_chart("by-form", _("Published collaborations by form"), _("Form of collaboration"),
                  count, [(name, by_form[code]) for code, (name, _guide) in
                          form_labels().items()], nothing),
        bar_chart("by-department", _("Published collaborations by department"),
                  _("Department"), count,
                  sorted(((departments.get(d, "?"), n) for d, n in by_department.items()),
                         key=lambda row: (-row[1], row[0])), nothing),
        bar_chart("by-year", _("Published collaborations by fiscal year"), _("Fiscal year"),
                  count, [(_("FY%(year)s", year=y), by_year[y]) for y in sorted(by_year)],
                  nothing),
    ]
    return len(ids), charts


async def _introduction_charts() -> tuple[int, list[BarChart]]:
    rows = await Introduction.all().values_list("status", "outcome")
    statuses = Counter(str(getattr(s, "value", s)) for s, _o in rows)
    outcomes = Counter(str(getattr(o, "value", o)) for _s, o in rows if o)
    nothing = _("No introduction yet.")
    count = _("Introductions")
    charts = [
        bar_chart("introductions", _("Introductions by where they stand"), _("Status"), count,
                  [(label, statuses[code]) for code, label in status_labels().items()],
                  nothing),
        bar_chart("outcomes", _("Outcomes of the meetings held"), _("Outcome"), count,
                  [(label, outcomes[code]) for code, label in outcome_labels().items()],
                  nothing),
    ]
    return len(rows), charts


async def _proposal_charts() -> tuple[int, int, list[BarChart]]:
    """Proposals by where they stand and by the department's answer; 後援 applications by
    decision and by the fiscal year of the event."""
    proposals = await Proposal.all().values_list("status", "answer")
    applications = await SponsorshipApplication.all().values_list("status", "starts_on")
    statuses = Counter(str(getattr(s, "value", s)) for s, _a in proposals)
    answers = Counter(str(getattr(a, "value", a)) for _s, a in proposals if a)
    decisions = Counter(str(getattr(s, "value", s)) for s, _d in applications)
    years = Counter(fiscal_year(day) for _s, day in applications if day)
    none_proposed = _("No proposal yet.")
    none_applied = _("No 後援 application yet.")
    charts = [
        bar_chart("proposals", _("Proposals by where they stand"), _("Status"), _("Proposals"),
                  [(label, statuses[code]) for code, label in
                   proposal_views.status_labels().items()], none_proposed),
        bar_chart("proposal-answers", _("Departments' answers to proposals"), _("Answer"),
                  _("Proposals"), [(label, answers[code]) for code, label in
                                   proposal_views.answer_labels().items()], none_proposed),
        bar_chart("sponsorships", _("後援 applications by decision"), _("Status"),
                  _("後援 applications"), [(label, decisions[code]) for code, label in
                                          sponsorship_views.status_labels().items()],
                  none_applied),
        bar_chart("sponsorship-years", _("後援 applications by fiscal year of the event"),
                  _("Fiscal year"), _("後援 applications"),
                  [(_("FY%(year)s", year=y), years[y]) for y in sorted(years)], none_applied),
    ]
    return len(proposals), len(applications), charts


async def public_statistics() -> Statistics:
    published, collaboration_charts = await _collaboration_charts()
    introductions, introduction_charts = await _introduction_charts()
    proposals, sponsorships, proposal_charts = await _proposal_charts()
    return Statistics(published=published, introductions=introductions,
                      charts=collaboration_charts + introduction_charts, proposals=proposals,
                      sponsorships=sponsorships, proposal_charts=tuple(proposal_charts))
