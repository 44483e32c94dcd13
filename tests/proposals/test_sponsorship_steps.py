"""The steps around a 後援 decision: the department's opinion before the decision, the
answer date the desk watches, and the group's attachments checked by content, size and count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories.accounts import user
from factories.directory import department
from factories.introductions import World, world

from kakehashi.accounts.models import Role
from kakehashi.desk.mine import waiting_for
from kakehashi.errors import Conflict, DomainError, Forbidden, NotFound
from kakehashi.notifications.models import Notification
from kakehashi.proposals import (
    sponsorship_attachments,
    sponsorship_opinions,
    sponsorship_views,
    sponsorships,
)
from kakehashi.proposals.attachment_models import SponsorshipAttachment
from kakehashi.proposals.models import SponsorshipApplication, SponsorshipStatus
from proposals.test_sponsorships import _all, _data

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"


def png() -> bytes:
    """A real one-pixel PNG, as a phone's photo of a flyer would be (only bigger)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


async def _submitted(w: World) -> SponsorshipApplication:
    return await sponsorships.submit(w.member, w.group.id, _data())


async def test_the_office_decides_only_after_the_department_concerned_gave_its_opinion(
    db: str,
) -> None:
    w = await world()
    application = await _submitted(w)
    with pytest.raises(Conflict) as early:
        await sponsorships.decide(w.coordinator, application.id, _all(False), "approve", "", True)
    assert early.value.field == "decision"
    await sponsorship_opinions.ask(w.coordinator, application.id, w.department.id,
                                   "市の環境施策との関係は？")
    assert await Notification.filter(user_id=w.staff.id,
                                     kind="sponsorship_opinion_requested").exists()
    with pytest.raises(Conflict):  # asked, not answered yet
        await sponsorships.decide(w.coordinator, application.id, _all(False), "approve", "", True)
    assert [t.kind for t in await waiting_for(w.staff)] == ["sponsorship_opinion"]

    with pytest.raises(DomainError) as blank:
        await sponsorship_opinions.give(w.staff, application.id, True, "  ")
    assert blank.value.field == "opinion"
    await sponsorship_opinions.give(w.staff, application.id, False, "安全計画が未提出")
    assert await Notification.filter(user_id=w.coordinator.id,
                                     kind="sponsorship_opinion_given").exists()
    assert await waiting_for(w.staff) == []
    await sponsorships.decide(w.coordinator, application.id, _all(False, unsafe=True),
                              "refuse", "安全計画を添えて再申請を", True)
    assert (await SponsorshipApplication.get(id=application.id)).status == "refused"


async def test_only_the_asked_department_answers_and_the_group_does_not_read_the_opinion(
    db: str,
) -> None:
    w = await world()
    await department("環境保全課")
    other_staff = await user("kankyo@example.jp", Role.DEPARTMENT, "環境保全課")
    application = await _submitted(w)
    with pytest.raises(NotFound):  # not asked yet: the department does not see it
        await sponsorship_views.detail(w.staff, application.id)
    for someone in (w.member, w.staff):
        with pytest.raises(Forbidden):
            await sponsorship_opinions.ask(someone, application.id, w.department.id, "")
    with pytest.raises(DomainError) as unknown:
        await sponsorship_opinions.ask(w.coordinator, application.id, 999999, "")
    assert unknown.value.field == "department"
    await sponsorship_opinions.ask(w.coordinator, application.id, w.department.id, "")
    for someone in (other_staff, w.member, w.coordinator):
        with pytest.raises(Forbidden):
            await sponsorship_opinions.give(someone, application.id, True, "賛成")
    await sponsorship_opinions.give(w.staff, application.id, True, "施策に合う")
    staff_view = await sponsorship_views.detail(w.staff, application.id)
    assert staff_view.opinion is not None and staff_view.opinion.text == "施策に合う"
    assert (await sponsorship_views.detail(w.member, application.id)).opinion is None
    with pytest.raises(NotFound):
        await sponsorship_views.detail(other_staff, application.id)


async def test_an_event_that_does_not_further_the_citys_policies_is_refused_on_that_ground(
    db: str,
) -> None:
    w = await world()
    application = await _submitted(w)
    await sponsorship_opinions.ask(w.coordinator, application.id, w.department.id, "")
    await sponsorship_opinions.give(w.staff, application.id, False, "市の施策との関係が薄い")
    await sponsorships.decide(w.coordinator, application.id, _all(False), "refuse", "", False)
    view = await sponsorship_views.detail(w.member, application.id)
    assert view.row.status == "refused" and view.contributes is False and view.applying == []


def test_the_answer_date_is_two_weeks_on_and_before_the_event() -> None:
    applied = sponsorships.today()
    far = applied + timedelta(days=60)
    assert sponsorships.answer_due(applied, far) == applied + timedelta(days=14)
    assert sponsorships.answer_due(applied, applied + timedelta(days=5)) == (
        applied + timedelta(days=4))
    assert sponsorships.answer_due(applied, applied) == applied


async def test_files_are_checked_by_what_they_contain_not_by_their_name(db: str) -> None:
    w = await world()
    application = await _submitted(w)
    await sponsorship_attachments.add(w.member, application.id, "plan", "企画書.pdf", PDF)
    await sponsorship_attachments.add(w.member, application.id, "flyer", "C:\\写真\\チラシ.png",
                                      png())
    refused = [
        ("plan", "script.pdf", b"<script>alert(1)</script>", "file"),
        ("plan", "empty.pdf", b"", "file"),
        ("plan", "big.pdf", PDF + b"0" * sponsorship_attachments.MAX_BYTES, "file"),
        ("menu", "企画書.pdf", PDF, "kind"),
        ("budget", "budget.xlsx", b"PK\x03\x04" + b"\x00" * 100, "file"),
    ]
    for kind, name, content, field in refused:
        with pytest.raises(DomainError) as error:
            await sponsorship_attachments.add(w.member, application.id, kind, name, content)
        assert error.value.field == field, name
    rows = await sponsorship_attachments.listing(application.id)
    assert [(r.filename, r.type_label) for r in rows] == [("企画書.pdf", "PDF"),
                                                         ("チラシ.png", "PNG")]
    stored = await SponsorshipAttachment.get(id=rows[0].id)
    assert stored.content_type == "application/pdf" and bytes(stored.content) == PDF


async def test_at_most_five_files_only_by_the_group_and_only_until_the_decision(
    db: str,
) -> None:
    w = await world()
    application = await _submitted(w)
    for n in range(sponsorship_attachments.MAX_FILES):
        await sponsorship_attachments.add(w.member, application.id, "other", f"{n}.pdf", PDF)
    with pytest.raises(DomainError) as sixth:
        await sponsorship_attachments.add(w.member, application.id, "other", "6.pdf", PDF)
    assert sixth.value.field == "file"
    first = (await sponsorship_attachments.listing(application.id))[0]
    for someone in (w.coordinator, w.staff):
        with pytest.raises((Forbidden, NotFound)):
            await sponsorship_attachments.remove(someone, application.id, first.id)
    with pytest.raises(NotFound):
        await sponsorship_attachments.add(w.outsider, application.id, "plan", "x.pdf", PDF)
    await sponsorship_attachments.remove(w.member, application.id, first.id)
    assert len(await sponsorship_attachments.listing(application.id)) == 4

    with pytest.raises(NotFound):
        await sponsorship_attachments.fetch(w.outsider, application.id, first.id + 1)
    found = await sponsorship_attachments.fetch(w.coordinator, application.id, first.id + 1)
    assert found.content == PDF

    await sponsorship_opinions.ask(w.coordinator, application.id, w.department.id, "")
    assert (await sponsorship_attachments.fetch(w.staff, application.id, first.id + 1)).content
    await sponsorship_opinions.give(w.staff, application.id, True, "賛成")
    await sponsorships.decide(w.coordinator, application.id, _all(False), "approve", "", True)
    assert (await SponsorshipApplication.get(id=application.id)).status == (
        SponsorshipStatus.APPROVED)
    with pytest.raises(Conflict):
        await sponsorship_attachments.add(w.member, application.id, "plan", "late.pdf", PDF)
