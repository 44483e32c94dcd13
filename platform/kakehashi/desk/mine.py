""""What is waiting for me" on My page: the steps a department's staff or a group's members
owe (answers, agreements, evaluations, check-ins due at the agreed cadence, opinions on 後援)
and, for a coordinator, the outcomes to record. Shown at once, without the office's deadlines:
it is the person's own list, not an overdue report."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.timezone import localtime, now

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.collaborations import waiting as collaborations
from kakehashi.directory import parties
from kakehashi.http.urls import path_for
from kakehashi.introductions.outcome import awaiting_outcome
from kakehashi.introductions.permissions import owners_of
from kakehashi.introductions.views import awaiting_my_answer
from kakehashi.proposals import sponsorship_opinions


@dataclass(frozen=True)
class Task:
    """One thing the user must do: ``kind`` names it on the page, ``url`` is where."""

    kind: str
    label: str
    url: str


def _owners(user: CurrentUser) -> list[Owner]:
    return ([Owner("organisation", i) for i in user.organisation_ids]
            + [Owner("department", i) for i in user.department_ids])


async def _steps(user: CurrentUser) -> list[Task]:
    owners = _owners(user)
    if not owners:
        return []
    agreements = [s for s in await collaborations.agreements_waiting(owners=owners)
                  if parties.is_member(user, s.party)]
    evaluations = [s for s in await collaborations.evaluations_owed(owners=owners)
                   if parties.is_member(user, s.party)]
    check_ins = [s for s in await collaborations.check_ins_due(localtime().date(), owners)
                 if parties.is_member(user, s.party)]
    named = await parties.parties([s.party for s in agreements + evaluations + check_ins])

    def label(step: collaborations.PartyStep) -> str:
        party = named.get(step.party)
        return f"{step.title}（{party.name}）" if party else step.title

    return ([Task("agreement", label(s),
                  path_for("collaboration_agreement", id=s.collaboration_id))
             for s in agreements]
            + [Task("evaluation", label(s),
                    path_for("collaboration", id=s.collaboration_id) + "#evaluations")
               for s in evaluations]
            + [Task("check_in", label(s),
                    path_for("collaboration", id=s.collaboration_id) + "#check-ins")
               for s in check_ins])


async def waiting_for(user: CurrentUser) -> list[Task]:
    """Everything waiting for this user, each linking to where it is done."""
    tasks = [Task("answer", f"{row.party_a.name} ⇄ {row.party_b.name}",
                  path_for("introduction", id=row.id))
             for row in await awaiting_my_answer(user)]
    tasks += await _steps(user)
    tasks += [Task("sponsorship_opinion", a.event_name,
                   path_for("sponsorship", id=a.id) + "#opinion")
              for a in await sponsorship_opinions.owed(user)]
    if user.is_coordinator:  # the office records outcomes, so only a coordinator owes one
        intros = await awaiting_outcome(now())
        named = await parties.parties(o for i in intros for o in owners_of(i))
        tasks += [Task("outcome", " ⇄ ".join(named[o].name for o in owners_of(i) if o in named),
                       path_for("introduction", id=i.id) + "#meeting-outcome") for i in intros]
    return tasks
