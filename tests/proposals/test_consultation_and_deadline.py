"""A proposal is talked through with its group before the answer, and has an answer date the
desk watches."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories.introductions import World, world

from kakehashi.desk import views as desk
from kakehashi.desk.deadlines import Deadlines
from kakehashi.errors import DomainError, Forbidden
from kakehashi.proposals import consultations
from kakehashi.proposals import rules as proposals
from kakehashi.proposals import views as proposal_views
from kakehashi.proposals.models import Proposal
from kakehashi.timezone import today

TODAY = today  # called each time: the city's date when the test runs, not at import


async def _routed(w: World) -> Proposal:
    proposal = await proposals.submit(w.member, w.group.id, proposals.ProposalInput(
        title="見守り講座", issue="担い手が足りない", plan="講座を開く",
        expected_effect="担い手が増える", fields=("welfare",), departments=()))
    await proposals.route(w.coordinator, proposal.id, w.department.id)
    return proposal


async def test_only_the_routed_department_or_the_office_consults_and_the_group_reads_it(
    db: str,
) -> None:
    w = await world()
    proposal = await _routed(w)
    talk = consultations.Consultation(TODAY(), "対象と会場を話し合った", "日程を決める")
    with pytest.raises(Forbidden):
        await consultations.record(w.member, proposal.id, talk)
    with pytest.raises(DomainError) as early:
        await consultations.record(w.staff, proposal.id, consultations.Consultation(
            TODAY() + timedelta(days=1), "予定"))
    assert early.value.field == "held_on"
    await consultations.record(w.staff, proposal.id, talk)
    seen = await proposal_views.detail(w.member, proposal.id)
    assert [(c.notes, c.next_steps) for c in seen.consultations] == [
        ("対象と会場を話し合った", "日程を決める")]
    assert not seen.may_consult
    await proposals.answer(w.staff, proposal.id, "adopted", "")
    with pytest.raises(DomainError):  # the answer is final: nothing more to consult on
        await consultations.record(w.coordinator, proposal.id, talk)


async def test_the_desk_lists_proposals_near_their_answer_date_until_answered(db: str) -> None:
    w = await world()
    proposal = await _routed(w)
    stored = await Proposal.get(id=proposal.id)
    assert stored.answer_due_on == TODAY() + timedelta(days=proposals.ANSWER_DAYS)
    far = await desk.proposal_answers_due(Deadlines(deadline_warning_days=7))
    assert far.rows == []
    await Proposal.filter(id=proposal.id).update(answer_due_on=TODAY() + timedelta(days=3))
    near = await desk.proposal_answers_due(Deadlines(deadline_warning_days=7))
    assert [r.url for r in near.rows] == [f"/proposals/{proposal.id}"]
    assert near.rows[0].party is not None and near.rows[0].party.kind == "department"
    await consultations.record(w.staff, proposal.id, consultations.Consultation(TODAY(), "協議"))
    await proposals.answer(w.staff, proposal.id, "adopted", "")
    assert (await desk.proposal_answers_due(Deadlines(deadline_warning_days=7))).rows == []
