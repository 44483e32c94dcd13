"""The demo city's proposal and 後援 applications, so the office's desk and 福祉課's My page have
something to act on: a proposal to route, a 後援 application waiting for 福祉課's opinion, one
not yet sent to a department, and one approved earlier whose notice can be printed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kakehashi.accounts.models import Role, User
from kakehashi.directory.models.orgs import Department, Organisation
from kakehashi.proposals.models import (
    REFUSAL_GROUNDS,
    Proposal,
    SponsorshipApplication,
    SponsorshipStatus,
)
from kakehashi.proposals.rules import ANSWER_DAYS as PROPOSAL_DAYS
from kakehashi.proposals.sponsorships import answer_due
from kakehashi.taxonomy.models import Field
from kakehashi.timezone import TOKYO


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TOKYO)


async def seed_office_records(
    group: Organisation, other: Organisation, departments: dict[str, Department],
    today: date | None = None,
) -> None:
    """Only into a city without proposals or applications yet, so a second run adds nothing."""
    if await Proposal.exists() or await SponsorshipApplication.exists():
        return
    today = today or datetime.now(TOKYO).date()
    coordinator = await User.filter(role=Role.COORDINATOR).order_by("id").first()
    welfare = departments["福祉課"]
    proposal = await Proposal.create(
        organisation=group, title="ひとり暮らし高齢者の見守り講座",
        issue="ひとり暮らしの高齢者が増え、近所で気付いて声をかけられる人が足りません。",
        plan="地区ごとに年4回、見守りの心得と声のかけ方を学ぶ講座を開きます。",
        expected_effect="講座を受けた住民が、日ごろの見守りと異変の連絡を担えるようになります。",
        answer_due_on=today + timedelta(days=PROPOSAL_DAYS))
    welfare_field = await Field.get_or_none(code="welfare")
    if welfare_field is not None:
        await proposal.fields_.add(welfare_field)

    festival_day = today + timedelta(days=45)
    festival = await SponsorshipApplication.create(
        organisation=group, event_name="ふくしまつり2027", organiser="ふくしまつり実行委員会",
        purpose="福祉の活動を知ってもらい、担い手を増やします。",
        description="福祉団体の活動紹介、体験コーナー、相談ブース", audience="どなたでも",
        starts_on=festival_day, ends_on=festival_day, venue="市民活動センター 多目的ホール",
        expected_attendance=300, admission_fee=0,
        name_usage="チラシ・ポスター・ウェブサイトに「後援：架橋市」と記載します。",
        answer_due_on=answer_due(today - timedelta(days=3), festival_day),
        department=welfare, opinion_question="福祉の担い手づくりの施策との関係を教えてください。",
        opinion_requested_at=_at(today - timedelta(days=2), 10))
    cleanup_day = today + timedelta(days=30)
    await SponsorshipApplication.create(
        organisation=other, event_name="海岸クリーンアップ2027", organiser=other.name,
        purpose="海岸のごみを減らし、環境への関心を高めます。", audience="どなたでも",
        starts_on=cleanup_day, ends_on=cleanup_day, venue="東浜海岸", expected_attendance=120,
        admission_fee=0, name_usage="チラシに「後援：架橋市」と記載します。",
        answer_due_on=answer_due(today, cleanup_day))
    done_day = today + timedelta(days=20)
    approved = await SponsorshipApplication.create(
        organisation=group, event_name="認知症サポーター養成講座", organiser=group.name,
        purpose="認知症の人と家族を地域で支える人を増やします。", audience="市内に住んでいる人",
        starts_on=done_day, ends_on=done_day, venue="市民活動センター 会議室B",
        expected_attendance=40, admission_fee=0,
        name_usage="チラシに「後援：架橋市」と記載します。",
        answer_due_on=answer_due(today - timedelta(days=21), done_day),
        status=SponsorshipStatus.APPROVED, contributes=True,
        grounds=dict.fromkeys(REFUSAL_GROUNDS, False), department=welfare,
        opinion_requested_at=_at(today - timedelta(days=19), 9), opinion_supports=True,
        opinion="認知症施策の推進に寄与します。", opinion_at=_at(today - timedelta(days=15), 16),
        reviewer=coordinator, decided_at=_at(today - timedelta(days=12), 11),
        decision_note="事業が終わったら、参加人数をお知らせください。")
    for application, days_ago in ((festival, 3), (approved, 21)):
        await SponsorshipApplication.filter(id=application.id).update(
            created_at=_at(today - timedelta(days=days_ago), 9))
