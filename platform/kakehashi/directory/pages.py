"""What a record's public page shows beside the record itself: the collaborations it has
published, for its own people and coordinators the best few suggestions, and for everyone
else how to ask to meet its people."""

from __future__ import annotations

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations import cards as collaboration_cards
from kakehashi.introductions.asking import AskState
from kakehashi.introductions.asking import ask_state as _ask_state
from kakehashi.suggestions import views as suggestion_views

INLINE_SUGGESTIONS = 5


async def inline_suggestions(
    entitled: bool, source_type: str, source_id: int
) -> list[suggestion_views.SuggestionView] | None:
    """The best few suggestions for the record's own people and coordinators; None for others."""
    if not entitled:
        return None
    return (await suggestion_views.for_source(source_type, source_id))[:INLINE_SUGGESTIONS]


async def published_collaborations(
    kind: str, owner_id: int
) -> list[collaboration_cards.CollaborationCard]:
    """The collaborations a group or department took part in and published."""
    return await collaboration_cards.published_of(kind, owner_id)


async def ask_state(user: CurrentUser | None, kind: str, owner_id: int) -> AskState:
    """Whether the reader may ask to meet the page's people, already has, or must sign in."""
    return await _ask_state(user, Owner(kind, owner_id))
