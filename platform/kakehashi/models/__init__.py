# Tortoise splits SQLite DDL on semicolons and turns model docstrings into table comments:
# model docstrings here must not contain a semicolon.

"""Tortoise models, one module per aggregate; Tortoise discovers them through this package."""

from kakehashi.models.accounts import (
    CalendarFeed,
    Handover,
    LoginAttempt,
    MailMode,
    Membership,
    Role,
    User,
)
from kakehashi.models.collaborations import (
    PRINCIPLES,
    AgreementApproval,
    AgreementVersion,
    CheckIn,
    Collaboration,
    CollaborationForm,
    CollaborationStatus,
    Evaluation,
)
from kakehashi.models.history import ChangeRecord
from kakehashi.models.introductions import (
    DismissReason,
    Introduction,
    IntroductionAnswer,
    IntroductionEvent,
    IntroductionSlot,
    IntroductionStatus,
    Outcome,
    PartySide,
    QueueItem,
    QueueOrigin,
    QueueStatus,
    Room,
)
from kakehashi.models.needs import Capability, CloseReason, Need, NeedStatus
from kakehashi.models.notifications import MailStatus, Notification, OutboxMail
from kakehashi.models.orgs import (
    ApprovalStatus,
    Criterion,
    Department,
    Organisation,
    PartnerKind,
)
from kakehashi.models.proposals import (
    REFUSAL_GROUNDS,
    Proposal,
    ProposalAnswer,
    ProposalStatus,
    SponsorshipApplication,
    SponsorshipStatus,
)
from kakehashi.models.suggestions import MatchingState, Suggestion
from kakehashi.models.taxonomy import Field

__all__ = [
    "PRINCIPLES",
    "REFUSAL_GROUNDS",
    "AgreementApproval",
    "AgreementVersion",
    "ApprovalStatus",
    "CalendarFeed",
    "Capability",
    "ChangeRecord",
    "CheckIn",
    "CloseReason",
    "Collaboration",
    "CollaborationForm",
    "CollaborationStatus",
    "Criterion",
    "Department",
    "DismissReason",
    "Evaluation",
    "Field",
    "Handover",
    "Introduction",
    "IntroductionAnswer",
    "IntroductionEvent",
    "IntroductionSlot",
    "IntroductionStatus",
    "LoginAttempt",
    "MailMode",
    "MailStatus",
    "MatchingState",
    "Membership",
    "Need",
    "NeedStatus",
    "Notification",
    "Organisation",
    "OutboxMail",
    "Outcome",
    "PartnerKind",
    "PartySide",
    "Proposal",
    "ProposalAnswer",
    "ProposalStatus",
    "QueueItem",
    "QueueOrigin",
    "QueueStatus",
    "Role",
    "Room",
    "SponsorshipApplication",
    "SponsorshipStatus",
    "Suggestion",
    "User",
]
