"""Collaborations: opening, the versioned agreement every party approves, start and completion,
check-ins, the joint evaluation and publication, with the refusals a user would meet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories.introductions import World, world
from tortoise.timezone import localtime

from kakehashi.collaborations import agreements, check_ins, evaluations
from kakehashi.collaborations import cards as collaboration_cards
from kakehashi.collaborations import rules as collaborations
from kakehashi.collaborations import views as collaboration_views
from kakehashi.collaborations.models import (
    AgreementApproval,
    AgreementVersion,
    CheckIn,
    Collaboration,
    CollaborationStatus,
    Evaluation,
)
from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.notifications.models import Notification

pytestmark = pytest.mark.usefixtures("db")


def day(offset: int) -> date:
    """A date ``offset`` days from today in Tokyo: check-ins are refused after today."""
    return localtime().date() + timedelta(days=offset)


def terms(w: World, **changes: object) -> agreements.Terms:
    values: dict[str, object] = dict(
        purpose="高齢者の見守り", plan="月に一度の訪問", period_start=day(-60),
        period_end=day(300),
        costs=[agreements.Cost(w.a.key, 0, "人手"), agreements.Cost(w.b.key, 120000, "消耗品")],
        roles=[agreements.PartyRole(w.a.key, "訪問", "訪問記録"),
               agreements.PartyRole(w.b.key, "名簿の提供", "個人情報の管理")],
        city_can="会場の提供", city_cannot="個人宅の鍵の管理",
    )
    values.update(changes)
    return agreements.Terms(**values)  # type: ignore[arg-type]


async def opened(w: World) -> int:
    return await collaborations.create(w.coordinator, collaborations.Details(
        "見守り協働", "一緒に見守る", ["cooperation", "commission"], ["welfare"], [w.a, w.b]))


async def agreed(w: World) -> int:
    cid = await opened(w)
    await agreements.propose(w.coordinator, cid, terms(w))
    await agreements.approve(w.member, cid, 1, w.a.key)
    assert await agreements.approve(w.staff, cid, 1, w.b.key)
    return cid


async def completed(w: World) -> int:
    cid = await agreed(w)
    await collaborations.start(w.member, cid, day(-60))
    await collaborations.complete(w.staff, cid, day(-1))
    return cid


def scores(value: int = 4) -> dict[str, int]:
    return dict.fromkeys("abcdefgh", value)


async def test_only_a_coordinator_opens_a_collaboration_with_a_group_and_a_department() -> None:
    w = await world()
    details = collaborations.Details("t", "", ["co_hosting"], [], [w.a, w.b])
    with pytest.raises(Forbidden):
        await collaborations.create(w.member, details)
    with pytest.raises(DomainError) as refused:
        await collaborations.create(w.coordinator, collaborations.Details(
            "t", "", ["co_hosting"], [], [w.a]))
    assert refused.value.field == "parties"
    with pytest.raises(DomainError) as refused:
        await collaborations.create(w.coordinator, collaborations.Details(
            "t", "", [], [], [w.a, w.b]))
    assert refused.value.field == "forms"
    cid = await opened(w)
    view = await collaboration_views.detail(w.member, cid)
    assert {p.name for p in view.parties} == {"みどりの会", "福祉課"}
    assert [(code, name) for code, name, _g in view.forms] == [
        ("cooperation", "事業協力"), ("commission", "委託")]
    assert "最終的な責任は市にあります" in view.forms[1][2]


async def test_a_draft_is_hidden_from_outsiders_and_visitors() -> None:
    w = await world()
    cid = await opened(w)
    for who in (w.outsider, None):
        with pytest.raises(NotFound):
            await collaboration_views.detail(who, cid)
    with pytest.raises(NotFound):
        await agreements.propose(w.outsider, cid, terms(w))


async def test_members_edit_the_draft_but_only_a_coordinator_changes_the_parties() -> None:
    w = await world()
    cid = await opened(w)
    outsider_group = collaborations.Owner("organisation", w.outsider_group_id)
    await collaborations.update(w.member, cid, collaborations.Details(
        "新しい題", "", ["subsidy"], [], [w.a, w.b, outsider_group]))
    view = await collaboration_views.detail(w.member, cid)
    assert view.title == "新しい題" and len(view.parties) == 2
    await collaborations.update(w.coordinator, cid, collaborations.Details(
        "新しい題", "", ["subsidy"], [], [w.a, w.b, outsider_group]))
    assert len((await collaboration_views.detail(w.coordinator, cid)).parties) == 3


async def test_one_approval_does_not_agree_and_the_last_one_does() -> None:
    w = await world()
    cid = await opened(w)
    assert await agreements.propose(w.member, cid, terms(w)) == 1
    assert not await agreements.approve(w.member, cid, 1, w.a.key)
    collaboration = await Collaboration.get(id=cid)
    assert collaboration.status == CollaborationStatus.DRAFT
    assert collaboration.agreed_version is None
    with pytest.raises(DomainError):
        await agreements.approve(w.member, cid, 1, w.a.key)  # twice
    assert await agreements.approve(w.staff, cid, 1, w.b.key)
    collaboration = await Collaboration.get(id=cid)
    assert collaboration.status == CollaborationStatus.AGREED
    assert collaboration.agreed_version == 1
    assert await Notification.filter(kind="agreement_agreed").count() == 2


async def test_a_party_approves_only_for_itself_and_a_coordinator_not_at_all() -> None:
    w = await world()
    cid = await opened(w)
    await agreements.propose(w.coordinator, cid, terms(w))
    with pytest.raises(Forbidden):
        await agreements.approve(w.member, cid, 1, w.b.key)
    with pytest.raises(Forbidden):
        await agreements.approve(w.coordinator, cid, 1, w.a.key)
    assert await AgreementApproval.all().count() == 0


async def test_a_new_version_after_agreement_asks_every_party_again() -> None:
    w = await world()
    cid = await agreed(w)
    assert await agreements.propose(w.staff, cid, terms(w, plan="月に二度の訪問")) == 2
    collaboration = await Collaboration.get(id=cid)
    assert collaboration.status == CollaborationStatus.DRAFT
    assert collaboration.agreed_version is None
    with pytest.raises(DomainError):
        await agreements.approve(w.member, cid, 1, w.a.key)  # an old version
    with pytest.raises(DomainError):
        await collaborations.start(w.member, cid)
    await agreements.approve(w.member, cid, 2, w.a.key)
    assert await agreements.approve(w.staff, cid, 2, w.b.key)
    assert (await Collaboration.get(id=cid)).agreed_version == 2


@pytest.mark.parametrize(("change", "field"), [
    ({"period_end": day(-61)}, "period_end"),
    ({"purpose": " "}, "purpose"),
    ("negative", "cost_"),
    ("not_a_number", "cost_"),
    ("missing_party", "costs"),
])
async def test_bad_agreements_are_refused_and_nothing_is_written(
    change: object, field: str
) -> None:
    w = await world()
    cid = await opened(w)
    if change == "negative":
        bad = terms(w, costs=[agreements.Cost(w.a.key, -1), agreements.Cost(w.b.key, 0)])
    elif change == "not_a_number":
        bad = terms(w, costs=[agreements.Cost(w.a.key, "百円"),  # type: ignore[arg-type]
                              agreements.Cost(w.b.key, 0)])
    elif change == "missing_party":
        bad = terms(w, costs=[agreements.Cost(w.a.key, 10)])
    else:
        bad = terms(w, **change)  # type: ignore[arg-type]
    with pytest.raises(DomainError) as refused:
        await agreements.propose(w.member, cid, bad)
    assert (refused.value.field or "").startswith(field)
    assert await AgreementVersion.all().count() == 0


async def test_check_ins_while_active_by_party_members_only() -> None:
    w = await world()
    cid = await agreed(w)
    progress = check_ins.Progress(day(-20), "初回訪問", "名簿が古い", "名簿の更新")
    with pytest.raises(DomainError):
        await check_ins.add(w.member, cid, w.a.key, progress)  # not started
    await collaborations.start(w.member, cid, day(-30))
    with pytest.raises(Forbidden):
        await check_ins.add(w.coordinator, cid, w.a.key, progress)
    with pytest.raises(NotFound):
        await check_ins.add(w.outsider, cid, w.a.key, progress)
    await check_ins.add(w.member, cid, w.a.key, progress)
    assert await CheckIn.filter(collaboration_id=cid, party_id=w.group.id).count() == 1
    assert await Notification.filter(kind="check_in_added").count() == 1  # the staff


@pytest.mark.parametrize(("offset", "message"), [
    (1, "after today"), (365, "after today"), (-31, "before the work started")])
async def test_a_check_in_is_dated_between_the_start_and_today(offset: int, message: str) -> None:
    w = await world()
    cid = await agreed(w)
    await collaborations.start(w.member, cid, day(-30))
    with pytest.raises(DomainError) as refused:
        await check_ins.add(w.member, cid, w.a.key, check_ins.Progress(day(offset), "訪問"))
    assert refused.value.field == "held_on" and message in str(refused.value.message)
    for fine in (-30, 0):
        await check_ins.add(w.member, cid, w.a.key, check_ins.Progress(day(fine), "訪問"))
    assert await CheckIn.filter(collaboration_id=cid).count() == 2


async def test_start_and_complete_follow_the_order() -> None:
    w = await world()
    cid = await opened(w)
    with pytest.raises(DomainError):
        await collaborations.start(w.member, cid)
    with pytest.raises(DomainError):
        await collaborations.complete(w.member, cid)
    cid = await completed(w)
    c = await Collaboration.get(id=cid)
    assert c.status == CollaborationStatus.COMPLETED
    assert c.started_on == day(-60) and c.completed_on == day(-1)


async def test_each_party_evaluates_only_its_own_and_scores_are_required() -> None:
    w = await world()
    cid = await completed(w)
    with pytest.raises(Forbidden):
        await evaluations.save(w.member, cid, w.b.key,
                               evaluations.Assessment(scores(), "できた", ""))
    with pytest.raises(DomainError) as refused:
        await evaluations.save(w.member, cid, w.a.key, evaluations.Assessment(
            {**scores(), "c": 6}, "できた", ""))
    assert refused.value.field == "score_c"
    with pytest.raises(DomainError) as refused:
        await evaluations.save(w.member, cid, w.a.key, evaluations.Assessment(
            {k: v for k, v in scores().items() if k != "h"}, "できた", ""))
    assert refused.value.field == "score_h"
    await evaluations.save(w.member, cid, w.a.key, evaluations.Assessment(scores(3), "できた", ""))
    await evaluations.save(w.member, cid, w.a.key, evaluations.Assessment(scores(5), "よく", ""))
    rows = await Evaluation.filter(collaboration_id=cid).values("scores", "achieved")
    assert rows == [{"scores": scores(5), "achieved": "よく"}]


async def test_publishing_needs_every_partys_evaluation_and_then_the_public_sees_it() -> None:
    w = await world()
    cid = await completed(w)
    await evaluations.save(w.member, cid, w.a.key, evaluations.Assessment(scores(4), "交流", ""))
    with pytest.raises(Forbidden):
        await evaluations.publish(w.member, cid)
    with pytest.raises(DomainError):
        await evaluations.publish(w.coordinator, cid)
    await evaluations.save(w.staff, cid, w.b.key,
                           evaluations.Assessment(scores(2), "見守り", "周知"))
    with pytest.raises(DomainError) as refused:
        await evaluations.publish(w.coordinator, cid)  # nobody agreed to publication yet
    assert refused.value.field == "publish"
    await evaluations.consent_to_publish(w.member, cid, w.a.key)
    await evaluations.consent_to_publish(w.staff, cid, w.b.key)
    await evaluations.publish(w.coordinator, cid)
    public = await collaboration_views.detail(None, cid)
    assert [e.party.name for e in public.evaluations] == ["みどりの会", "福祉課"]
    assert public.agreed is not None and len(public.versions) == 1
    page = await collaboration_cards.published_page("cooperation", "welfare", 1, 20)
    assert [card.title for card in page.items] == ["見守り協働"]
    assert (await collaboration_cards.published_page("subsidy", "", 1, 20)).total == 0
    with pytest.raises(DomainError):
        await evaluations.save(w.member, cid, w.a.key,
                               evaluations.Assessment(scores(1), "後から", ""))


async def test_each_partys_answers_stay_hidden_until_every_party_has_submitted() -> None:
    w = await world()
    cid = await completed(w)
    await evaluations.save(w.member, cid, w.a.key, evaluations.Assessment(scores(4), "交流", ""))
    for reader in (w.staff, w.coordinator):
        early = await collaboration_views.detail(reader, cid)
        assert early.evaluations == [] and early.answers_hidden
        assert early.submitted_keys == {w.a.key}  # who has submitted is no secret
    own = await collaboration_views.detail(w.member, cid)
    assert [e.achieved for e in own.evaluations] == ["交流"]
    await evaluations.save(w.staff, cid, w.b.key, evaluations.Assessment(scores(2), "見守り", ""))
    for reader in (w.member, w.staff, w.coordinator):
        shown = await collaboration_views.detail(reader, cid)
        assert sorted(e.achieved for e in shown.evaluations) == ["交流", "見守り"]


async def test_publication_needs_every_partys_agreement_to_the_final_texts() -> None:
    w = await world()
    cid = await completed(w)
    await evaluations.save(w.member, cid, w.a.key, evaluations.Assessment(scores(4), "交流", ""))
    with pytest.raises(DomainError):  # the other party has not evaluated: nothing to agree to
        await evaluations.consent_to_publish(w.member, cid, w.a.key)
    with pytest.raises(Forbidden):
        await evaluations.consent_to_publish(w.member, cid, w.b.key)
    await evaluations.save(w.staff, cid, w.b.key, evaluations.Assessment(scores(2), "見守り", ""))
    await evaluations.consent_to_publish(w.member, cid, w.a.key)
    await evaluations.consent_to_publish(w.staff, cid, w.b.key)
    assert (await collaboration_views.detail(w.coordinator, cid)).all_consented
    await evaluations.save(w.staff, cid, w.b.key, evaluations.Assessment(scores(3), "書き直し", ""))
    changed = await collaboration_views.detail(w.coordinator, cid)
    assert changed.consented_keys == frozenset()  # agreement was to the earlier texts
    with pytest.raises(DomainError):
        await evaluations.publish(w.coordinator, cid)
