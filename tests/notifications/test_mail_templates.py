"""Mail words come from ``templates/mail/<event>/``: every event has them, in both languages,
as plain text under a one-line subject."""

from __future__ import annotations

import pytest
from mail_support import BASE_URL, mail_settings, user

from kakehashi.notifications import outbox
from kakehashi.notifications.mail_templates import EVENTS, render
from kakehashi.settings import Settings


def _params(event: str) -> dict[str, object]:
    return {"items": []} if event == "digest" else {}


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    outbox.use_settings(mail_settings(settings, 25))


def test_every_event_has_a_subject_and_a_body_and_every_folder_is_an_event(
    settings: Settings,
) -> None:
    folder = settings.templates_dir / "mail"
    assert {path.name for path in folder.iterdir() if path.is_dir()} == set(EVENTS)
    for event in EVENTS:
        assert (folder / event / "subject.txt").is_file(), event
        assert (folder / event / "body.txt").is_file(), event


async def test_every_event_reads_in_japanese_and_in_english_even_without_parameters(
    db: str,
) -> None:
    japanese = await user("hanako@example.jp")
    english = await user("jane@example.jp", locale="en")
    for event in sorted(EVENTS):
        ja = render(event, _params(event), japanese, "/inbox")
        en = render(event, _params(event), english, "/inbox")
        for mail in (ja, en):
            assert mail.subject and "\n" not in mail.subject, event
            assert mail.message and mail.message in mail.body, event
            assert "%(" not in mail.body and "{{" not in mail.body, event
            assert mail.body.endswith("\n") and not mail.body.endswith("\n\n"), event
        assert ja.subject != en.subject and ja.message != en.message, event
        assert ja.body.startswith("hanako様\n\n") and en.body.startswith("Dear jane,\n\n")


async def test_mail_is_plain_text_under_a_one_line_subject(db: str) -> None:
    reader = await user("hanako@example.jp")
    mail = render("proposal_submitted", {"group": "R&D <Lab>", "title": "川の\n清掃"}, reader,
                  "/proposals/1")
    assert "\n" not in mail.subject and "川の 清掃" in mail.subject
    assert "R&D <Lab>" in mail.body and "&amp;" not in mail.body


async def test_each_mail_names_its_link_and_fills_what_is_not_known_yet(db: str) -> None:
    reader = await user("hanako@example.jp")
    reset = render("password_reset", {}, reader, "/password/reset/abc")
    assert f"新しいパスワードを決める:\n{BASE_URL}/password/reset/abc\n" in reset.body
    meeting = render("meeting_scheduled", {"party_a": "みどりの会", "party_b": "福祉課",
                                           "starts_at": "2026-12-05T14:00:00+09:00"},
                     reader, "/introductions/1")
    assert "2026年12月5日(土) 14:00" in meeting.message
    assert "場所: 追ってお知らせします" in meeting.message
    assert f"架け橋で開く:\n{BASE_URL}/introductions/1\n" in meeting.body


async def test_the_summary_lists_each_notification_with_its_link(db: str) -> None:
    reader = await user("hanako@example.jp")
    items = [{"title": "ご紹介: みどりの会と福祉課", "url": f"{BASE_URL}/introductions/2"},
             {"title": "合意しました：川の清掃", "url": f"{BASE_URL}/collaborations/1"}]
    mail = render("digest", {"count": 2, "items": items}, reader, "/inbox")
    assert mail.subject == "【架け橋】本日のお知らせのまとめ（2件）"
    assert (f"- ご紹介: みどりの会と福祉課\n  {BASE_URL}/introductions/2\n"
            f"- 合意しました：川の清掃\n  {BASE_URL}/collaborations/1\n\n"
            f"お知らせ一覧:\n{BASE_URL}/inbox\n") in mail.body


async def test_an_unknown_event_is_refused(db: str) -> None:
    reader = await user("hanako@example.jp")
    with pytest.raises(ValueError, match="unknown notification event"):
        render("meeting_moved", {}, reader, "/inbox")


async def test_the_consultation_mail_gives_its_date_as_people_write_it(db: str) -> None:
    reader = await user("hanako@example.jp")
    mail = render("proposal_consulted", {"title": "川の清掃", "held_on": "2026-12-05"}, reader,
                  "/proposals/1#consultations")
    assert "2026年12月5日" in mail.message and "2026-12-05" not in mail.message
