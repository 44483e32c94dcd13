"""Account mails to an address that may have no account (invitations, "already registered")."""

from __future__ import annotations

import pytest
from mail_support import user

from kakehashi.notifications import outbox
from kakehashi.notifications.events import mail_address
from kakehashi.notifications.models import Notification, OutboxMail
from kakehashi.settings import Settings


@pytest.fixture(autouse=True)
def _site(settings: Settings) -> None:
    outbox.use_settings(settings)


async def test_an_address_without_account_gets_a_japanese_mail_without_unsubscribe_link(
    db: str,
) -> None:
    await mail_address("new@example.jp", "invitation",
                       {"group": "本町町内会", "party_a": "山田 一郎"}, "/invitations/accept/x")
    mail = await OutboxMail.get(to_address="new@example.jp")
    assert mail.user_id is None and "本町町内会" in mail.subject
    assert "/invitations/accept/x" in mail.body_text
    assert "/unsubscribe/" not in mail.body_text


async def test_an_account_holder_gets_it_in_their_language_and_not_in_the_inbox(
    db: str,
) -> None:
    holder = await user("anna@example.jp", locale="en", mail_unsubscribed=True)
    await mail_address("anna@example.jp", "staff_invitation", {"department": ""},
                       "/invitations/accept/y")
    mail = await OutboxMail.get(to_address="anna@example.jp")
    assert mail.user_id == holder.id and "coordinator" in mail.body_text
    assert not await Notification.exists(user_id=holder.id)


async def test_only_account_events_go_to_bare_addresses(db: str) -> None:
    with pytest.raises(ValueError):
        await mail_address("x@example.jp", "meeting_reminder", {}, "/")
