"""Proposals: submitted by a group's members, routed by the coordinator, answered with reasons
by the department they were sent to, public once answered."""

from __future__ import annotations

import pytest
from factories.accounts import user
from factories.introductions import World, world
from tortoise.timezone import localtime

from kakehashi.accounts.models import Role
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.notifications.models import Notification
from kakehashi.proposals import consultations
from kakehashi.proposals import rules as proposals
from kakehashi.proposals import views as proposal_views
from kakehashi.proposals.models import Proposal, ProposalAnswer, ProposalStatus
from kakehashi.suggestions import views as suggestion_views
from kakehashi.suggestions.models import Suggestion
from kakehashi.suggestions.worker import MatchingWorker
from kakehashi.taxonomy.models import Field


def _data(**changes: object) -> proposals.ProposalInput:
    values: dict[str, object] = {
        "title": "高齢者の見守りボランティア養成講座",
        "issue": "ひとり暮らしの高齢者が増え、見守りの担い手が足りません。",
        "plan": "市と協働で見守りボランティアの養成講座を年4回開きます。",
        "expected_effect": "見守りの担い手が増え、孤立する高齢者が減ります。",
        "fields": ("welfare", "welfare.elderly"),
        "departments": (),
    }
    values.update(changes)
    return proposals.ProposalInput(**values)  # type: ignore[arg-type]


async def _submitted(w: World, **changes: object) -> Proposal:
    return await proposals.submit(w.member, w.group.id, _data(**changes))


async def _consulted(w: World, proposal: Proposal) -> None:
    """The routed department talks the proposal through with the group (needed to answer)."""
    await consultations.record(w.staff, proposal.id, consultations.Consultation(
        localtime().date(), "提案の内容と進め方を話し合った", "予算を確認する"))


LEARNED = "ひとり暮らしの高齢者の集まる場が地区に足りない"


async def _kinds(user_id: int) -> list[str]:
    return list(await Notification.filter(user_id=user_id).values_list("kind", flat=True))


async def test_a_member_submits_and_the_coordinators_are_told(db: str) -> None:
    w = await world()
    proposal = await _submitted(w, departments=(w.department.id,))
    assert proposal.status == ProposalStatus.SUBMITTED
    assert [f.code for f in await proposal.fields_.all().order_by("code")] == [
        "welfare", "welfare.elderly"]
    assert [d.id for d in await proposal.departments_in_mind.all()] == [w.department.id]
    assert await _kinds(w.coordinator.id) == ["proposal_submitted"]
    assert await _kinds(w.staff.id) == []


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "  "}, "title"),
    ({"issue": ""}, "issue"),
    ({"plan": ""}, "plan"),
    ({"expected_effect": ""}, "expected_effect"),
    ({"fields": ()}, "fields"),
    ({"fields": ("welfare", "no.such.field")}, "fields"),
    ({"departments": (999999,)}, "departments"),
])
async def test_incomplete_proposals_are_refused_at_the_field_and_nothing_is_stored(
    db: str, changes: dict[str, object], field: str
) -> None:
    w = await world()
    with pytest.raises(DomainError) as refused:
        await _submitted(w, **changes)
    assert refused.value.field == field
    assert not await Proposal.exists()
    assert not await Notification.exists()


async def test_only_members_of_an_approved_group_submit_for_it(db: str) -> None:
    w = await world()
    with pytest.raises(Forbidden):
        await proposals.submit(w.outsider, w.group.id, _data())
    with pytest.raises(Forbidden):
        await proposals.submit(w.coordinator, w.group.id, _data())
    with pytest.raises(NotFound):
        await proposals.submit(w.member, 999999, _data())
    await Organisation.filter(id=w.group.id).update(status=ApprovalStatus.PENDING)
    with pytest.raises(DomainError):
        await proposals.submit(w.member, w.group.id, _data())
    assert not await Proposal.exists()


async def test_routing_is_for_coordinators_and_tells_the_department_and_the_group(
    db: str,
) -> None:
    w = await world()
    proposal = await _submitted(w)
    with pytest.raises(Forbidden):
        await proposals.route(w.member, proposal.id, w.department.id)
    with pytest.raises(Forbidden):
        await proposals.route(w.staff, proposal.id, w.department.id)
    with pytest.raises(DomainError) as refused:
        await proposals.route(w.coordinator, proposal.id, 999999)
    assert refused.value.field == "department"
    with pytest.raises(NotFound):
        await proposals.route(w.coordinator, 999999, w.department.id)
    await proposals.route(w.coordinator, proposal.id, w.department.id)
    stored = await Proposal.get(id=proposal.id)
    assert stored.status == ProposalStatus.ROUTED and stored.routed_at is not None
    assert stored.routed_to_id == w.department.id  # type: ignore[attr-defined]
    assert await _kinds(w.staff.id) == ["proposal_routed"]
    assert await _kinds(w.member.id) == ["proposal_routed"]
    assert await _kinds(w.outsider.id) == []


async def test_not_adopted_needs_a_reason_and_nothing_changes_without_one(db: str) -> None:
    w = await world()
    proposal = await _submitted(w)
    await proposals.route(w.coordinator, proposal.id, w.department.id)
    await _consulted(w, proposal)
    with pytest.raises(DomainError) as refused:
        await proposals.answer(w.staff, proposal.id, "not_adopted", "   ")
    assert refused.value.field == "reason"
    stored = await Proposal.get(id=proposal.id)
    assert stored.status == ProposalStatus.ROUTED and stored.answer is None
    assert "proposal_answered" not in await _kinds(w.member.id)

    reason = "同様の講座を社会福祉協議会が既に開いているため、そちらへの参加をご案内します。"
    with pytest.raises(DomainError) as refused:  # what the city learned is kept, even so
        await proposals.answer(w.staff, proposal.id, "not_adopted", reason)
    assert refused.value.field == "needs_learned"
    await proposals.answer(w.staff, proposal.id, "not_adopted", reason, LEARNED)
    stored = await Proposal.get(id=proposal.id)
    assert stored.needs_learned == LEARNED
    assert stored.answer == ProposalAnswer.NOT_ADOPTED and stored.answer_reason == reason
    assert stored.answered_by_id == w.staff.id  # type: ignore[attr-defined]
    assert "proposal_answered" in await _kinds(w.member.id)
    assert "proposal_answered" in await _kinds(w.coordinator.id)
    with pytest.raises(DomainError):
        await proposals.answer(w.staff, proposal.id, "adopted", "")
    with pytest.raises(DomainError):
        await proposals.route(w.coordinator, proposal.id, w.department.id)


async def test_under_consideration_may_later_become_a_final_answer(db: str) -> None:
    w = await world()
    proposal = await _submitted(w)
    await proposals.route(w.coordinator, proposal.id, w.department.id)
    await _consulted(w, proposal)
    await proposals.answer(w.staff, proposal.id, "considering", "")
    assert (await proposal_views.detail(w.member, proposal.id)).row.answer == "considering"
    with pytest.raises(NotFound):  # not final: not public yet
        await proposal_views.detail(None, proposal.id)
    await proposals.answer(w.staff, proposal.id, "adopted", "来年度に実施します。")
    stored = await Proposal.get(id=proposal.id)
    assert stored.answer == ProposalAnswer.ADOPTED
    timeline = (await proposal_views.detail(None, proposal.id)).timeline
    assert [e.text for e in timeline] == [
        "みどりの会が提出", "協働推進窓口が福祉課へ送付", "提案団体と提案内容を協議しました",
        "福祉課が回答：検討中", "福祉課が回答：採用"]
    assert timeline[-1].note == "来年度に実施します。"
    with pytest.raises(DomainError):
        await proposals.answer(w.staff, proposal.id, "not_adopted", "やはり")


async def test_only_the_routed_departments_staff_answer(db: str) -> None:
    w = await world()
    await Department.create(name="防災課")
    other_staff = await user("bousai@example.jp", Role.DEPARTMENT, "防災課")
    proposal = await _submitted(w)
    with pytest.raises(NotFound):  # not routed yet: staff do not even see it
        await proposals.answer(w.staff, proposal.id, "adopted", "")
    await proposals.route(w.coordinator, proposal.id, w.department.id)
    for someone in (other_staff, w.outsider):
        with pytest.raises(NotFound):
            await proposals.answer(someone, proposal.id, "adopted", "")
    for someone in (w.member, w.coordinator):
        with pytest.raises(Forbidden):
            await proposals.answer(someone, proposal.id, "adopted", "")
    with pytest.raises(DomainError) as refused:
        await proposals.answer(w.staff, proposal.id, "maybe", "")
    assert refused.value.field == "answer"
    assert (await Proposal.get(id=proposal.id)).answer is None


async def test_a_proposal_is_public_only_once_answered(db: str) -> None:
    w = await world()
    proposal = await _submitted(w)
    other = await _submitted(w, title="防災マップづくり", fields=("disaster",))
    for viewer in (None, w.outsider):
        with pytest.raises(NotFound):
            await proposal_views.detail(viewer, proposal.id)
    assert (await proposal_views.detail(w.member, proposal.id)).row.title
    assert (await proposal_views.detail(w.coordinator, proposal.id)).may_route
    assert (await proposal_views.public_page("", "", 1, 20)).total == 0
    for p in (proposal, other):
        await proposals.route(w.coordinator, p.id, w.department.id)
        await _consulted(w, p)
    assert (await proposal_views.detail(w.staff, proposal.id)).may_answer
    await proposals.answer(w.staff, proposal.id, "not_adopted", "予算の見通しが立たないため。",
                           LEARNED)
    await proposals.answer(w.staff, other.id, "adopted", "")
    public = await proposal_views.detail(None, proposal.id)
    assert public.answer_reason == "予算の見通しが立たないため。"
    assert [e.text for e in public.timeline][-1].startswith("福祉課")
    assert (await proposal_views.public_page("", "", 1, 20)).total == 2
    welfare = await proposal_views.public_page("welfare", "", 1, 20)
    assert [r.title for r in welfare.items] == [proposal.title]
    adopted = await proposal_views.public_page("", "adopted", 1, 20)
    assert [r.title for r in adopted.items] == ["防災マップづくり"]


async def test_a_welfare_proposal_gets_welfare_departments_first_and_is_never_a_target(
    db: str,
) -> None:
    w = await world()
    await Organisation.filter(id=w.group.id).update(area="東地区")
    for name, code, text in (
        ("高齢福祉課", "welfare.elderly", "高齢者の見守りと介護予防、ひとり暮らしの高齢者の支援。"),
        ("防災危機管理課", "disaster", "避難訓練と防災マップ、地域の防災。"),
        ("環境保全課", "environment", "ごみの減量と海岸の清掃、花壇の手入れ。"),
    ):
        department = await Department.create(name=name, description=text)
        await department.fields_.add(*await Field.filter(code__in=[code, code.split(".")[0]]))
    department = await Department.get(name="福祉課")
    department.description = "福祉の相談と高齢者・障がい者の支援。"
    await department.save()
    await department.fields_.add(*await Field.filter(code="welfare"))
    proposal = await _submitted(w, departments=(department.id,))
    await MatchingWorker().run_once()
    views = await suggestion_views.for_source("proposal", proposal.id)
    assert {v.target_type for v in views} == {"department"}
    assert {v.name for v in views[:2]} == {"高齢福祉課", "福祉課"}
    assert views[0].reasons
    assert not await Suggestion.filter(target_type="proposal").exists()

    await proposals.route(w.coordinator, proposal.id, department.id)
    await _consulted(w, proposal)
    await proposals.answer(w.staff, proposal.id, "adopted", "")
    await MatchingWorker().run_once()
    assert not await Suggestion.filter(source_type="proposal").exists()


async def test_a_failure_while_notifying_leaves_no_half_written_record(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = await world()
    routed = await _submitted(w, title="先に出した提案")
    await proposals.route(w.coordinator, routed.id, w.department.id)
    await _consulted(w, routed)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("mail table unavailable")

    monkeypatch.setattr(proposals, "notify", broken)
    with pytest.raises(RuntimeError):
        await _submitted(w, title="途中で失敗する提案")
    assert not await Proposal.filter(title="途中で失敗する提案").exists()
    with pytest.raises(RuntimeError):
        await proposals.answer(w.staff, routed.id, "not_adopted", "理由", LEARNED)
    stored = await Proposal.get(id=routed.id)
    assert stored.status == ProposalStatus.ROUTED and stored.answer_reason == ""
