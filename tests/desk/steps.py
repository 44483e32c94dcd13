"""Set-up for desk tests: overdue meetings, agreements and evaluations between the world's
group (みどりの会) and department (福祉課), pushed back in time the way days would."""

from __future__ import annotations

from datetime import date, timedelta

from factories.introductions import World, both_attend_first, introduced, slot
from tortoise.timezone import localtime, now

from kakehashi.collaborations import agreements
from kakehashi.collaborations import rules as collaborations
from kakehashi.collaborations.models import AgreementVersion, Collaboration
from kakehashi.introductions.models import Introduction


def day(offset: int) -> date:
    return localtime().date() + timedelta(days=offset)


def terms(w: World) -> agreements.Terms:
    return agreements.Terms(
        purpose="高齢者の見守り", plan="月に一度の訪問", period_start=day(-60),
        period_end=day(300),
        costs=[agreements.Cost(w.a.key, 0), agreements.Cost(w.b.key, 120000)],
        roles=[agreements.PartyRole(w.a.key, "訪問"), agreements.PartyRole(w.b.key, "名簿の提供")])


async def met(w: World, days_ago: int) -> int:
    """A scheduled meeting that started ``days_ago`` days ago, its outcome not recorded."""
    intro_id = await introduced(w, slot(7))
    await both_attend_first(w, intro_id)
    start = now() - timedelta(days=days_ago)
    await Introduction.filter(id=intro_id).update(starts_at=start,
                                                  ends_at=start + timedelta(hours=1))
    return intro_id


async def opened(w: World, title: str = "見守り協働") -> int:
    return await collaborations.create(w.coordinator, collaborations.Details(
        title, "一緒に見守る", ["cooperation"], ["welfare"], [w.a, w.b]))


async def proposed(w: World, days_ago: int, title: str = "見守り協働") -> int:
    """A draft whose first agreement version was written ``days_ago`` days ago."""
    cid = await opened(w, title)
    await agreements.propose(w.coordinator, cid, terms(w))
    await AgreementVersion.filter(collaboration_id=cid).update(
        created_at=now() - timedelta(days=days_ago))
    return cid


async def completed(w: World, days_ago: int, title: str = "見守り協働") -> int:
    """A collaboration completed ``days_ago`` days ago, no party has evaluated it."""
    cid = await proposed(w, 0, title)
    await agreements.approve(w.member, cid, 1, w.a.key)
    await agreements.approve(w.staff, cid, 1, w.b.key)
    await collaborations.start(w.member, cid, day(-60))
    await collaborations.complete(w.staff, cid, day(-1))
    await Collaboration.filter(id=cid).update(completed_on=day(-days_ago))
    return cid
