"""Private calendar feeds and meeting downloads: who may see which meetings as iCalendar.

A feed URL carries a secret token instead of a session, so calendar programs can poll it;
revoking deletes the token (the old URL answers 404), regenerating replaces it.
"""

from __future__ import annotations

import secrets

from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser, load_current_user
from kakehashi.accounts.models import CalendarFeed, User
from kakehashi.errors import NotFound
from kakehashi.http.urls import path_for
from kakehashi.i18n import gettext as _
from kakehashi.i18n import in_locale
from kakehashi.introductions import calendar_files
from kakehashi.introductions import scheduling as introductions
from kakehashi.introductions.models import Introduction, IntroductionStatus
from kakehashi.notifications import outbox


async def meetings_for_user(user_id: int) -> list[Introduction]:
    """The meetings of the user's parties or that the user coordinates, with their rooms."""
    user = await load_current_user(user_id)
    if user is None:
        return []
    meetings = await introductions.meetings_for_user(user)
    await Introduction.fetch_for_list(meetings, "room")
    return meetings


async def meeting_file(user: CurrentUser, introduction_id: int) -> str:
    """The .ics of a scheduled meeting for a coordinator or a member of either party."""
    intro = await Introduction.get_or_none(id=introduction_id)
    if intro is None or intro.status != IntroductionStatus.SCHEDULED or intro.starts_at is None:
        raise NotFound("Page not found")
    if not user.is_coordinator:
        mine = {("organisation", i) for i in user.organisation_ids}
        mine |= {("department", i) for i in user.department_ids}
        sides = {(intro.party_a_kind, intro.party_a_id), (intro.party_b_kind, intro.party_b_id)}
        if not mine & sides:
            raise NotFound("Page not found")
    return await calendar_files.invitation(intro.id, "REQUEST")


async def feed_token(user_id: int) -> str | None:
    feed = await CalendarFeed.get_or_none(user_id=user_id)
    return feed.token if feed else None


def feed_url(token: str) -> str:
    return outbox.absolute_url(path_for("calendar_feed", token=token))


async def create_feed(user_id: int) -> str:
    """A new secret token for the user's feed (the previous URL, if any, stops working)."""
    token = secrets.token_urlsafe(32)
    async with in_transaction():
        await CalendarFeed.filter(user_id=user_id).delete()
        await CalendarFeed.create(user_id=user_id, token=token)
    return token


async def revoke_feed(user_id: int) -> None:
    await CalendarFeed.filter(user_id=user_id).delete()


async def feed_for_token(token: str) -> str:
    """The feed behind a token; unknown or revoked tokens are :class:`NotFound`."""
    feed = await CalendarFeed.get_or_none(token=token) if len(token) <= 64 else None
    if feed is None:
        raise NotFound("Page not found")
    user = await User.get_or_none(id=feed.user_id, is_active=True)
    if user is None:
        raise NotFound("Page not found")
    with in_locale(user.locale):
        name = _("Kakehashi meetings (%(name)s)", name=user.display_name)
        return await calendar_files.feed(await meetings_for_user(user.id), name)
