"""What the parties read about their introduction: the proposed times, and no stale meeting
time once new times are proposed or the introduction is called off."""

from __future__ import annotations

from datetime import datetime

from factories.introductions import both_attend_first, introduced, proposal, slot, world

from kakehashi.i18n import format_when
from kakehashi.introductions import scheduling as introductions
from kakehashi.notifications.mail_templates import format_span
from kakehashi.notifications.models import Notification
from kakehashi.timezone import TOKYO


def _day(moment: datetime) -> str:
    return f"{moment.astimezone(TOKYO).month}月{moment.astimezone(TOKYO).day}日"


async def _latest(user_id: int) -> Notification:
    note = await Notification.filter(user_id=user_id).order_by("-id").first()
    assert note is not None
    return note


async def test_the_proposal_lists_the_times_to_choose_from(db: str) -> None:
    w = await world()
    first, second = slot(7, hour=10), slot(9, hour=14)
    await introduced(w, first, second)
    note = await _latest(w.member.id)
    for proposed in (first, second):
        assert format_span(proposed.starts_at, proposed.ends_at) in note.body


async def test_new_times_name_the_new_times_not_the_meeting_that_no_longer_stands(
    db: str,
) -> None:
    w = await world()
    old, new = slot(7, hour=10), slot(12, hour=15)
    intro_id = await introduced(w, old)
    await both_attend_first(w, intro_id)

    await introductions.reschedule(w.coordinator, intro_id, proposal(new))
    note = await _latest(w.member.id)
    assert note.title == "新しい候補日時のご提案: みどりの会と福祉課"
    assert f"{format_when(old.starts_at)}に予定していた" in note.body
    assert format_span(new.starts_at, new.ends_at) in note.body
    assert "変更になりました" not in note.body

    # Moving times that were never agreed names no meeting time at all.
    await introductions.reschedule(w.coordinator, intro_id, proposal(slot(14, hour=9)))
    note = await _latest(w.member.id)
    assert "予定していた" not in note.body
    assert _day(slot(14).starts_at) in note.body


async def test_calling_off_before_a_time_was_agreed_names_no_time(db: str) -> None:
    w = await world()
    intro_id = await introduced(w)
    await introductions.cancel(w.coordinator, intro_id, "今年度は難しい")
    note = await _latest(w.member.id)
    assert note.title == "紹介が中止になりました: みどりの会と福祉課"
    assert note.body == "みどりの会と福祉課の紹介は中止になりました。理由: 今年度は難しい"


async def test_a_withdrawal_says_withdrawn_and_which_meeting_will_not_take_place(
    db: str,
) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7, hour=1))
    chosen = await both_attend_first(w, intro_id)
    await introductions.cancel(w.staff, intro_id, "担当者の異動")
    note = await _latest(w.member.id)
    assert "取り下げ" in note.title
    assert format_when(chosen.starts_at) in note.body and "担当者の異動" in note.body
