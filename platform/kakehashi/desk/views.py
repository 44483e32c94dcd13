"""What waits for the collaboration office today, read from the concepts that own it.

Each row links to the page where it is acted on; acting there removes the row, because the
desk keeps no state of its own and is read fresh on every visit. The page is a list of small
row builders: to add a kind of row, write one builder and put it in ``OVERDUE`` (someone is
late and is reminded by mail, see desk.reminders) or ``OFFICE`` (the office's own queue)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tortoise.timezone import localtime, now

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations import waiting as collaborations
from kakehashi.desk.deadlines import Deadlines, current
from kakehashi.directory import parties
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation
from kakehashi.errors import Forbidden
from kakehashi.http.urls import path_for
from kakehashi.introductions.models import QueueItem, QueueOrigin, QueueStatus
from kakehashi.introductions.outcome import awaiting_outcome
from kakehashi.proposals.deadlines import (
    answers_due,
    opinions_due,
    sponsorships_to_decide,
)
from kakehashi.proposals.deadlines import proposals_to_route as waiting_to_route
from kakehashi.suggestions import concentration


def _(msgid: str) -> str:
    """Marks a group's title for the catalogue; the page translates it with its days."""
    return msgid


@dataclass(frozen=True)
class DeskRow:
    label: str
    url: str
    key: str = ""
    """Names the waiting thing for the reminder run ("outcome:12")."""
    party: Owner | None = None
    """The party that must act (None: the collaboration office)."""
    coordinator_id: int | None = None
    """The coordinator in charge, when one is (else every coordinator)."""


@dataclass(frozen=True)
class DeskGroup:
    """One kind of work: its title (a message id, formatted with ``days``) and its rows."""

    key: str
    title: str
    rows: list[DeskRow] = field(default_factory=list)
    days: int = 0


@dataclass(frozen=True)
class Desk:
    groups: list[DeskGroup]
    deadlines: Deadlines = field(default_factory=Deadlines)

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


async def _names(owners: list[Owner]) -> Callable[[Owner], str]:
    named = await parties.parties(owners)
    return lambda o: named[o].name if o in named else "?"


async def unanswered_requests(d: Deadlines) -> DeskGroup:
    items = await QueueItem.filter(
        origin=QueueOrigin.REQUEST, status=QueueStatus.OPEN,
        created_at__lt=now() - timedelta(days=d.unanswered_days)).order_by("created_at", "id")
    name = await _names([Owner(i.party_a_kind, i.party_a_id) for i in items]
                        + [Owner(i.party_b_kind, i.party_b_id) for i in items])
    rows = [DeskRow(f"{name(Owner(i.party_a_kind, i.party_a_id))} → "
                    f"{name(Owner(i.party_b_kind, i.party_b_id))}",
                    path_for("propose_introduction", id=i.id), f"request:{i.id}")
            for i in items]
    return DeskGroup("requests", _("Requests unanswered for more than %(days)s days"), rows,
                     d.unanswered_days)


async def meetings_without_outcome(d: Deadlines) -> DeskGroup:
    intros = await awaiting_outcome(now() - timedelta(days=d.outcome_days))
    name = await _names([Owner(i.party_a_kind, i.party_a_id) for i in intros]
                        + [Owner(i.party_b_kind, i.party_b_id) for i in intros])
    rows = [DeskRow(f"{name(Owner(i.party_a_kind, i.party_a_id))} ⇄ "
                    f"{name(Owner(i.party_b_kind, i.party_b_id))}",
                    path_for("introduction", id=i.id) + "#meeting-outcome", f"outcome:{i.id}",
                    coordinator_id=i.coordinator_id)
            for i in intros]
    return DeskGroup("outcomes", _("Meetings without a recorded outcome (%(days)s days after)"),
                     rows, d.outcome_days)


async def agreements_waiting(d: Deadlines) -> DeskGroup:
    steps = await collaborations.agreements_waiting(now() - timedelta(days=d.party_days))
    name = await _names([s.party for s in steps])
    rows = [DeskRow(f"{s.title}（{name(s.party)}）",
                    path_for("collaboration_agreement", id=s.collaboration_id),
                    f"agreement:{s.collaboration_id}:{s.version}:{s.party.key}", s.party)
            for s in steps]
    return DeskGroup("agreements", _("Agreements waiting for a party for %(days)s days"), rows,
                     d.party_days)


async def evaluations_due(d: Deadlines) -> DeskGroup:
    steps = await collaborations.evaluations_owed(
        localtime().date() - timedelta(days=d.party_days))
    name = await _names([s.party for s in steps])
    rows = [DeskRow(f"{s.title}（{name(s.party)}）",
                    path_for("collaboration", id=s.collaboration_id) + "#evaluations",
                    f"evaluation:{s.collaboration_id}:{s.party.key}", s.party)
            for s in steps]
    return DeskGroup("evaluations", _("Evaluations due for %(days)s days"), rows, d.party_days)


async def check_ins_due(d: Deadlines) -> DeskGroup:
    """Check-ins the agreed cadence asks for, due today or earlier (no grace: the parties set
    the interval themselves); any party's check-in removes the collaboration's rows."""
    steps = await collaborations.check_ins_due(localtime().date())
    name = await _names([s.party for s in steps])
    rows = [DeskRow(f"{s.title}（{name(s.party)}）",
                    path_for("collaboration", id=s.collaboration_id) + "#check-ins",
                    f"check_in:{s.collaboration_id}:{s.due_on}:{s.party.key}", s.party)
            for s in steps]
    return DeskGroup("check_ins", _("Check-ins due"), rows)


async def proposal_answers_due(d: Deadlines) -> DeskGroup:
    """Proposals whose answer date is within the warning days (or past), to the department."""
    today = localtime().date()
    rows = [DeskRow(f"{p.title}（{p.due_on:%m/%d}）", path_for("proposal", id=p.proposal_id),
                    f"proposal:{p.proposal_id}:{p.due_on}", Owner("department", p.department_id))
            for p in await answers_due(today + timedelta(days=d.deadline_warning_days))]
    return DeskGroup("proposal_answers", _("Proposals to answer within %(days)s days"), rows,
                     d.deadline_warning_days)


async def pending_groups(user: CurrentUser, d: Deadlines) -> DeskGroup:
    rows = await Organisation.filter(status=ApprovalStatus.PENDING).order_by(
        "created_at", "id").values_list("id", "name")
    url = path_for("coordinator_approvals")
    return DeskGroup("approvals", _("Groups waiting for approval"),
                     [DeskRow(str(name), f"{url}#group-{group_id}") for group_id, name in rows])


async def proposals_to_route(user: CurrentUser, d: Deadlines) -> DeskGroup:
    """Each proposal by its title, to the page where the office sends it to a department."""
    return DeskGroup("proposals", _("Proposals to route"),
                     [DeskRow(f"{title}（{group}）",
                              path_for("coordinator_proposal", id=proposal_id))
                      for proposal_id, title, group in await waiting_to_route()])


def _due(day: date | None) -> str:
    return f"（{day:%m/%d}）" if day else ""


async def sponsorship_opinions_due(d: Deadlines) -> DeskGroup:
    """A department asked about a 後援 application whose answer date is near, to that
    department."""
    today = localtime().date()
    rows = [DeskRow(f"{s.event_name}{_due(s.due_on)}",
                    path_for("sponsorship", id=s.application_id) + "#opinion",
                    f"sponsorship-opinion:{s.application_id}",
                    Owner("department", s.department_id) if s.department_id else None)
            for s in await opinions_due(today + timedelta(days=d.deadline_warning_days))]
    return DeskGroup("sponsorship_opinions",
                     _("Opinions on 後援 due within %(days)s days"), rows,
                     d.deadline_warning_days)


async def sponsorships_waiting(user: CurrentUser, d: Deadlines) -> DeskGroup:
    """Every undecided application, soonest answer date first, each to its decision page."""
    rows = [DeskRow(f"{s.event_name}{_due(s.due_on)}",
                    path_for("coordinator_sponsorship", id=s.application_id))
            for s in await sponsorships_to_decide()]
    return DeskGroup("sponsorships", _("後援 applications to decide"), rows)


async def concentration_warnings(user: CurrentUser, d: Deadlines) -> DeskGroup:
    url = path_for("coordinator_concentration")
    rows = [DeskRow(f"{c.section} {c.name}".strip(), url)
            for c in await concentration.all_concentrations(user) if c.warning]
    return DeskGroup("concentration", _("Partners above the concentration warning"), rows)


OVERDUE: list[Callable[[Deadlines], Awaitable[DeskGroup]]] = [
    unanswered_requests, meetings_without_outcome, agreements_waiting, evaluations_due,
    check_ins_due, proposal_answers_due, sponsorship_opinions_due,
]
"""Someone is late: listed on the desk and reminded by the reminder run."""
OFFICE: list[Callable[[CurrentUser, Deadlines], Awaitable[DeskGroup]]] = [
    pending_groups, proposals_to_route, sponsorships_waiting, concentration_warnings,
]
"""The office's own queue: listed on the desk only."""


async def overdue(d: Deadlines) -> list[DeskGroup]:
    return [await build(d) for build in OVERDUE]


async def today(user: CurrentUser) -> Desk:
    """Everything waiting for the office: sign-ups to approve, then what is late, then the
    rest of the office's queue."""
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")
    d = await current()
    return Desk([await build(user, d) for build in OFFICE[:1]] + await overdue(d)
                + [await build(user, d) for build in OFFICE[1:]], d)
