"""The department's opinion on a 後援 application: the office asks the department whose work
the event concerns, the department answers, and only then does the office decide (苫小牧市
協働ガイドライン 第3章 (7): whether the event furthers the city's policies is the department's
field as much as the office's)."""

from __future__ import annotations

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.accounts.permissions import Owner
from kakehashi.directory import parties
from kakehashi.directory.models.orgs import Department
from kakehashi.errors import DomainError, Forbidden, NotFound
from kakehashi.http.urls import path_for
from kakehashi.notifications.events import notify
from kakehashi.proposals.models import SponsorshipApplication, SponsorshipStatus
from kakehashi.proposals.rules import MAX_TEXT, _require_text
from kakehashi.proposals.sponsorships import may_see, undecided_for_update


async def ask(
    user: CurrentUser, application_id: int, department_id: int | None, question: str
) -> SponsorshipApplication:
    """The office asks one department; asking again (another department) starts afresh."""
    if not user.is_coordinator:
        raise Forbidden("You cannot open this page")
    if department_id is None:
        raise DomainError("Please choose one of the options.", "department")
    question = question.strip()
    if len(question) > MAX_TEXT:
        raise DomainError("Please keep this under %(max)s characters (now %(now)s).",
                          "question", max=MAX_TEXT, now=len(question))
    department = await Department.get_or_none(id=department_id)
    if department is None:
        raise DomainError("Please choose one of the options.", "department")
    async with in_transaction():
        application = await undecided_for_update(application_id)
        application.department_id = department.id
        application.opinion_question = question
        application.opinion_requested_at = now()
        application.opinion_supports = None
        application.opinion = ""
        application.opinion_by_id = None
        application.opinion_at = None
        await application.save(update_fields=[
            "department_id", "opinion_question", "opinion_requested_at", "opinion_supports",
            "opinion", "opinion_by_id", "opinion_at", "updated_at"])
        await notify(await parties.member_user_ids(Owner("department", department.id)),
                     "sponsorship_opinion_requested",
                     {"department": department.name, "event": application.event_name},
                     path_for("sponsorship", id=application.id) + "#opinion")
    return application


async def may_give(user: CurrentUser, application_id: int) -> None:
    """Only the staff of the department asked (others: not found, or refused)."""
    application = await SponsorshipApplication.get_or_none(id=application_id)
    if application is None or not may_see(user, application):
        raise NotFound("Page not found")
    if application.department_id is None or (
        application.department_id not in user.department_ids
    ):
        raise Forbidden("You cannot open this page")


async def give(
    user: CurrentUser, application_id: int, supports: bool | None, opinion: str
) -> SponsorshipApplication:
    """The asked department's staff record its view: supports 後援 or has concerns, and why."""
    if supports is None:
        raise DomainError("Please choose one of the options.", "supports")
    opinion = _require_text(opinion, "opinion", MAX_TEXT)
    async with in_transaction():
        application = await undecided_for_update(application_id)
        if application.department_id is None or (
            application.department_id not in user.department_ids
        ):
            raise Forbidden("You cannot open this page")
        application.opinion_supports = supports
        application.opinion = opinion
        application.opinion_by_id = user.id
        application.opinion_at = now()
        await application.save(update_fields=[
            "opinion_supports", "opinion", "opinion_by_id", "opinion_at", "updated_at"])
        department = await parties.party(Owner("department", application.department_id))
        await notify(await parties.coordinator_user_ids(), "sponsorship_opinion_given",
                     {"department": department.name, "event": application.event_name},
                     path_for("coordinator_sponsorship", id=application.id))
    return application


async def owed(user: CurrentUser) -> list[SponsorshipApplication]:
    """Applications the user's departments were asked about and have not answered yet."""
    if not user.department_ids:
        return []
    return list(await SponsorshipApplication.filter(
        status=SponsorshipStatus.SUBMITTED, department_id__in=user.department_ids,
        opinion_supports__isnull=True, opinion_requested_at__isnull=False,
    ).order_by("answer_due_on", "id"))
