# Tortoise splits SQLite DDL on semicolons and turns model docstrings into table comments:
# model docstrings here must not contain a semicolon.

"""Tortoise models, one module per aggregate; Tortoise discovers them through this package."""

from kakehashi.models.accounts import Handover, LoginAttempt, Membership, Role, User
from kakehashi.models.history import ChangeRecord
from kakehashi.models.needs import Capability, CloseReason, Need, NeedStatus
from kakehashi.models.orgs import (
    ApprovalStatus,
    Criterion,
    Department,
    Organisation,
    PartnerKind,
)
from kakehashi.models.suggestions import MatchingState, Suggestion
from kakehashi.models.taxonomy import Field

__all__ = [
    "ApprovalStatus",
    "Capability",
    "ChangeRecord",
    "CloseReason",
    "Criterion",
    "Department",
    "Field",
    "Handover",
    "LoginAttempt",
    "MatchingState",
    "Membership",
    "Need",
    "NeedStatus",
    "Organisation",
    "PartnerKind",
    "Role",
    "Suggestion",
    "User",
]
