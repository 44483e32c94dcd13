"""Public statistics count only public data: published collaborations, introductions as totals."""

from __future__ import annotations

from datetime import date

from factories.directory import department, group
from factories.statistics import collaboration, introduction

from kakehashi.collaborations.models import Collaboration
from kakehashi.introductions.models import IntroductionStatus, Outcome
from kakehashi.publishing.statistics import fiscal_year, public_statistics


def _chart(stats: object, chart_id: str) -> dict[str, int]:
    chart = next(c for c in stats.charts if c.id == chart_id)  # type: ignore[attr-defined]
    return {b.label: b.value for b in chart.bars}


async def test_only_published_collaborations_are_counted(db: str) -> None:
    dept, other = await department("福祉課"), await department("環境課")
    org = await group("みどりの会")
    published = await collaboration([org], [dept], published=True,
                                    fields=("welfare.elderly", "welfare.children"),
                                    forms=("co_hosting", "subsidy"))
    await Collaboration.filter(id=published.id).update(started_on=date(2026, 3, 31))
    await collaboration([org], [other], published=True, fields=("environment",),
                        forms=("co_hosting",))
    await collaboration([org], [dept], published=False, fields=("welfare",),
                        forms=("commission",))

    stats = await public_statistics()

    assert stats.published == 2
    assert _chart(stats, "by-field")["福祉"] == 1  # two sub-areas of one field count once
    assert _chart(stats, "by-field")["環境"] == 1
    forms = _chart(stats, "by-form")
    assert sorted(forms.values(), reverse=True)[:3] == [2, 1, 0]  # 委託 of the draft: 0
    assert _chart(stats, "by-department") == {"福祉課": 1, "環境課": 1}
    years = _chart(stats, "by-year")
    assert sum(years.values()) == 2 and len(years) >= 1
    assert any("2025" in label for label in years)  # 31 March 2026 is in fiscal 2025


async def test_introductions_are_counted_without_names(db: str) -> None:
    dept, org = await department("福祉課"), await group("みどりの会")
    await introduction(org, dept)
    await introduction(org, dept, status=IntroductionStatus.HELD, outcome=Outcome.COLLABORATE)
    await introduction(org, dept, status=IntroductionStatus.HELD, outcome=Outcome.NO)
    await introduction(org, dept, status=IntroductionStatus.CANCELLED)

    stats = await public_statistics()

    assert stats.introductions == 4
    statuses = _chart(stats, "introductions")
    assert statuses["回答待ち"] == 1 and statuses["実施済み"] == 2 and statuses["中止"] == 1
    assert sum(_chart(stats, "outcomes").values()) == 2
    every_label = " ".join(b.label + c.description for c in stats.charts for b in c.bars)
    assert "みどりの会" not in every_label and "福祉課" not in every_label


async def test_declined_and_withdrawn_introductions_are_not_counted_as_waiting(
    db: str,
) -> None:
    from factories.introductions import introduced, world

    from kakehashi.introductions import availability
    from kakehashi.introductions import scheduling as introductions

    w = await world()
    declined = await introduced(w)
    await availability.decline(w.staff, declined, "今年度は予算がない")
    withdrawn = await introduced(w, per_month=5)
    await introductions.cancel(w.member, withdrawn, "代表が交代した")
    await introduced(w, per_month=5)

    statuses = _chart(await public_statistics(), "introductions")

    assert statuses["回答待ち"] == 1
    assert statuses["不成立"] == 1 and statuses["取り下げ"] == 1
    assert list(statuses)[:2] == ["回答待ち", "日程再調整"]


def test_the_fiscal_year_starts_in_april() -> None:
    assert fiscal_year(date(2026, 3, 31)) == 2025
    assert fiscal_year(date(2026, 4, 1)) == 2026


async def test_proposals_and_sponsorship_applications_are_counted_without_names(
    db: str,
) -> None:
    from kakehashi.proposals.models import (
        Proposal,
        ProposalAnswer,
        ProposalStatus,
        SponsorshipApplication,
        SponsorshipStatus,
    )

    org = await group("みどりの会")
    for answer in (ProposalAnswer.ADOPTED, ProposalAnswer.NOT_ADOPTED, None):
        await Proposal.create(organisation=org, title="提案", issue="課題", plan="計画",
                              expected_effect="効果", answer=answer,
                              status=ProposalStatus.ANSWERED if answer
                              else ProposalStatus.SUBMITTED)
    for status, day in ((SponsorshipStatus.APPROVED, date(2026, 5, 1)),
                        (SponsorshipStatus.REFUSED, date(2027, 2, 1)),
                        (SponsorshipStatus.APPROVED, date(2027, 4, 10))):
        await SponsorshipApplication.create(organisation=org, event_name="まつり", purpose="交流",
                                            starts_on=day, ends_on=day, venue="市民会館",
                                            status=status)
    stats = await public_statistics()
    assert (stats.proposals, stats.sponsorships) == (3, 3)
    charts = {c.id: {b.label: b.value for b in c.bars} for c in stats.proposal_charts}
    assert charts["proposal-answers"] == {"採用": 1, "検討中": 0, "不採用": 1}
    assert sorted(charts["proposals"].values()) == [0, 1, 2]
    assert sorted(charts["sponsorships"].values()) == [0, 1, 2]
    assert charts["sponsorship-years"] == {"2026年度": 2, "2027年度": 1}
