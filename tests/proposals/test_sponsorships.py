"""後援 applications: the event checked on entry, each of the seven grounds checked on decision,
the group told the decision and the grounds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories.introductions import World, world

from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.notifications.models import Notification
from kakehashi.proposals import sponsorship_opinions, sponsorship_views, sponsorships
from kakehashi.proposals.models import REFUSAL_GROUNDS, SponsorshipApplication, SponsorshipStatus


def _data(**changes: object) -> sponsorships.SponsorshipInput:
    start = sponsorships.today() + timedelta(days=30)
    values: dict[str, object] = {
        "event_name": "海岸クリーンアップ2027",
        "purpose": "海岸のごみを減らし、環境への関心を高める。",
        "description": "", "starts_on": start, "ends_on": start + timedelta(days=1),
        "venue": "東浜海岸", "expected_attendance": 120, "admission_fee": 0,
        "organiser": "海岸クリーンアップ実行委員会", "audience": "どなたでも",
        "name_usage": "チラシに「後援：架橋市」と記載",
    }
    values.update(changes)
    return sponsorships.SponsorshipInput(**values)  # type: ignore[arg-type]


async def _applied(w: World, *, opinion: bool = True) -> SponsorshipApplication:
    """An application; with ``opinion`` the department concerned has already given its view,
    so the office may decide."""
    application = await sponsorships.submit(w.member, w.group.id, _data())
    if opinion:
        await sponsorship_opinions.ask(w.coordinator, application.id, w.department.id, "")
        await sponsorship_opinions.give(w.staff, application.id, True, "環境施策に合う")
    return application


def _all(value: bool, **overrides: bool | None) -> dict[str, bool | None]:
    return {g: overrides.get(g, value) for g in REFUSAL_GROUNDS}


async def test_a_member_applies_and_the_coordinators_are_told(db: str) -> None:
    w = await world()
    application = await _applied(w)
    assert application.status == SponsorshipStatus.SUBMITTED
    assert await Notification.filter(user_id=w.coordinator.id,
                                     kind="sponsorship_submitted").exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"ends_on": sponsorships.today() + timedelta(days=29)}, "ends_on"),
    ({"starts_on": sponsorships.today() - timedelta(days=1)}, "starts_on"),
    ({"starts_on": None}, "starts_on"),
    ({"admission_fee": -500}, "admission_fee"),
    ({"expected_attendance": -1}, "expected_attendance"),
    ({"event_name": " "}, "event_name"),
    ({"venue": ""}, "venue"),
    ({"purpose": ""}, "purpose"),
    ({"organiser": " "}, "organiser"),
    ({"audience": ""}, "audience"),
    ({"name_usage": ""}, "name_usage"),
])
async def test_bad_event_details_are_refused_at_the_field(
    db: str, changes: dict[str, object], field: str
) -> None:
    w = await world()
    with pytest.raises(DomainError) as refused:
        await sponsorships.submit(w.member, w.group.id, _data(**changes))
    assert refused.value.field == field
    assert not await SponsorshipApplication.exists()


async def test_an_event_today_is_accepted_and_outsiders_cannot_apply(db: str) -> None:
    w = await world()
    today = sponsorships.today()
    await sponsorships.submit(w.member, w.group.id, _data(starts_on=today, ends_on=today))
    with pytest.raises(Forbidden):
        await sponsorships.submit(w.outsider, w.group.id, _data())
    with pytest.raises(Forbidden):
        await sponsorships.submit(w.staff, w.group.id, _data())
    assert await SponsorshipApplication.all().count() == 1


@pytest.mark.parametrize(("grounds", "decision", "contributes", "field"), [
    (_all(False, unsafe=None), "approve", True, "ground_unsafe"),
    ({}, "refuse", True, "ground_for_profit"),
    (_all(False, for_profit=True), "approve", True, "decision"),
    (_all(False), "refuse", True, "decision"),
    (_all(False), "", True, "decision"),
    (_all(False), "approve", None, "contributes"),
    (_all(False), "approve", False, "decision"),
])
async def test_a_decision_needs_every_ground_and_must_agree_with_them(
    db: str, grounds: dict[str, bool | None], decision: str, contributes: bool | None, field: str
) -> None:
    w = await world()
    application = await _applied(w)
    with pytest.raises(DomainError) as refused:
        await sponsorships.decide(w.coordinator, application.id, grounds, decision, "",
                                  contributes)
    assert refused.value.field == field
    stored = await SponsorshipApplication.get(id=application.id)
    assert stored.status == SponsorshipStatus.SUBMITTED and stored.grounds == {}
    assert not await Notification.filter(kind="sponsorship_decided").exists()


async def test_approval_with_all_seven_grounds_checked_is_told_to_the_group(db: str) -> None:
    w = await world()
    application = await _applied(w)
    await sponsorships.decide(w.coordinator, application.id, _all(False), "approve", "ご活躍を",
                              True)
    stored = await SponsorshipApplication.get(id=application.id)
    assert stored.status == SponsorshipStatus.APPROVED
    assert stored.grounds == dict.fromkeys(REFUSAL_GROUNDS, False)
    assert stored.reviewer_id == w.coordinator.id  # type: ignore[attr-defined]
    assert await Notification.filter(user_id=w.member.id, kind="sponsorship_decided").exists()
    with pytest.raises(DomainError):
        await sponsorships.decide(w.coordinator, application.id, _all(False), "approve", "",
                                  True)


async def test_the_group_sees_the_grounds_of_a_refusal_in_plain_words(db: str) -> None:
    w = await world()
    application = await _applied(w)
    grounds = _all(False, for_profit=True, religious_or_political=True)
    await sponsorships.decide(w.coordinator, application.id, grounds, "refuse", "入場料が高額",
                              True)
    view = await sponsorship_views.detail(w.member, application.id)
    assert view.row.status == "refused"
    assert [g.code for g in view.applying] == ["for_profit", "religious_or_political"]
    assert "営利" in view.applying[0].label
    assert view.decision_note == "入場料が高額"


async def test_only_coordinators_decide_and_only_the_group_sees_it(db: str) -> None:
    w = await world()
    application = await _applied(w)
    for someone in (w.member, w.staff, w.outsider):
        with pytest.raises(Forbidden):
            await sponsorships.decide(someone, application.id, _all(False), "approve", "", True)
    with pytest.raises(NotFound):
        await sponsorships.decide(w.coordinator, 999999, _all(False), "approve", "", True)
    with pytest.raises(NotFound):
        await sponsorship_views.detail(w.outsider, application.id)
    assert (await sponsorship_views.detail(w.staff, application.id)).opinion is not None
    assert (await sponsorship_views.detail(w.coordinator, application.id)).row.event_name
    to_decide, _decided = await sponsorship_views.waiting(w.coordinator)
    assert [r.id for r in to_decide] == [application.id]
    assert await sponsorship_views.waiting(w.member) == ([], [])


async def test_a_failure_while_notifying_leaves_the_application_undecided(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = await world()
    application = await _applied(w)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("mail table unavailable")

    monkeypatch.setattr(sponsorships, "notify", broken)
    with pytest.raises(RuntimeError):
        await sponsorships.decide(w.coordinator, application.id, _all(False), "approve", "",
                                  True)
    stored = await SponsorshipApplication.get(id=application.id)
    assert stored.status == SponsorshipStatus.SUBMITTED and stored.grounds == {}
