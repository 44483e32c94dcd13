"""Every route × every role: who may open it, who is sent to sign in, who is refused.

The matrix is checked against the routing table itself, so a new route without an entry here
fails :func:`test_every_route_has_an_entry_in_the_matrix`. Each request is the one a curious
user could make by hand: a GET, or a POST of an empty form with a valid CSRF token. Records in
paths belong to group A (or to department D); member B is a signed-in outsider.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from factories.accounts import account
from support import sign_in
from tortoise.timezone import now

from kakehashi.accounts.models import Invitation, Membership, Role, User
from kakehashi.collaborations.models import AgreementVersion, Collaboration
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.http.urls import flatten
from kakehashi.introductions.models import (
    Introduction,
    IntroductionSlot,
    IntroductionStatus,
    QueueItem,
    QueueOrigin,
    Room,
)
from kakehashi.notifications.models import MailStatus, Notification, OutboxMail
from kakehashi.proposals.attachment_models import SponsorshipAttachment
from kakehashi.proposals.models import Proposal, ProposalStatus, SponsorshipApplication
from kakehashi.routes import build_routes
from kakehashi.taxonomy.models import District

ROLES = ("anonymous", "member_a", "member_b", "staff", "coordinator")

OK, LOGIN, DENY = "ok", "login", "deny"
"""ok: served (2xx, or a redirect elsewhere than the sign-in page); login: sent to sign in;
deny: 403 or 404 (a record the user may not see is not confirmed to exist)."""

PUBLIC = (OK, OK, OK, OK, OK)
SIGNED_IN = (LOGIN, OK, OK, OK, OK)
GROUP_A = (LOGIN, OK, DENY, DENY, OK)
DEPARTMENT = (LOGIN, DENY, DENY, OK, OK)
COORDINATOR = (LOGIN, DENY, DENY, DENY, OK)
PARTIES = (LOGIN, OK, DENY, OK, OK)
REQUESTERS = (LOGIN, OK, DENY, OK, DENY)
"""Asking to be introduced to group B: members of another group or a department (B itself
and the coordinator, who introduces directly, are refused)."""
"""An introduction between group A and department D: its parties and the coordinators."""
ANSWERING_PARTIES = (LOGIN, OK, DENY, OK, DENY)
"""Only the parties answer the slots; a coordinator proposes them and cannot answer for them."""
RECIPIENT_A = (LOGIN, OK, DENY, DENY, DENY)
"""One user's own inbox entry."""
NOBODY = (DENY, DENY, DENY, DENY, DENY)
PUBLISHED_OR_PARTIES = (DENY, OK, DENY, OK, OK)
"""A collaboration's page: public once published; before that its parties and coordinators
(a visitor is not asked to sign in, since the page does not exist for them)."""
API_WRITE = (DENY, OK, OK, OK, OK)
"""A JSON API write: anonymous callers get 401 (DENY), never a redirect to a sign-in page;
signed-in users reach the body check (400 for the matrix's form body, counted as served).
Whose records each may write is tested in tests/api/test_api.py."""
API_REQUESTERS = (DENY, OK, OK, OK, DENY)
"""As API_WRITE, but coordinators are refused: they add pairs to the queue themselves."""
API_GROUP_MEMBERS = (DENY, OK, OK, DENY, DENY)
"""Submitting a proposal or a 後援 application by the API: members of a group (which group
they may submit for is tested in tests/api/test_api_workflows.py)."""
API_COORDINATOR = (DENY, DENY, DENY, DENY, OK)
"""Routing a proposal, deciding 後援 by the API: the collaboration office only."""
API_ROUTED_DEPARTMENT = (DENY, DENY, DENY, OK, DENY)
API_ROUTED_DEPARTMENT_OR_OFFICE = (DENY, DENY, DENY, OK, OK)
"""Answering group A's proposal routed to department D by the API: only D's staff."""
API_PARTIES = (DENY, OK, DENY, OK, DENY)
"""Check-ins, approvals and evaluations by the API: the parties of the (unpublished)
collaboration, not outsiders (404) nor the coordinator, who does not speak for them (403)."""
MEMBERS_A = (LOGIN, OK, DENY, DENY, DENY)
"""Submitting for group A: only its members (a coordinator does not submit for a group)."""
UNANSWERED_PROPOSAL = (DENY, OK, DENY, OK, OK)
"""Group A's proposal routed to department D: public only once answered, so 404 for others."""
ROUTED_DEPARTMENT = (LOGIN, DENY, DENY, OK, DENY)
ROUTED_DEPARTMENT_OR_OFFICE = (LOGIN, DENY, DENY, OK, OK)
"""A proposal's consultation: recorded by the department it was sent to or the office."""
"""Only the staff of the department a proposal was sent to answer it."""
GROUP_A_AND_OFFICE = (LOGIN, OK, DENY, DENY, OK)
NOT_DECIDED_YET = (LOGIN, DENY, DENY, DENY, DENY)
"""The 後援 decision notice of an application not decided yet: there is none to print."""

MATRIX: dict[tuple[str, str], tuple[str, ...]] = {
    ("/", "GET"): PUBLIC,
    ("/language", "POST"): PUBLIC,
    ("/login", "GET"): PUBLIC,
    ("/login", "POST"): PUBLIC,
    ("/logout", "POST"): PUBLIC,  # signing out when signed out is harmless
    ("/signup", "GET"): PUBLIC,
    ("/signup", "POST"): PUBLIC,
    ("/me", "GET"): SIGNED_IN,
    ("/me/sessions/end", "POST"): SIGNED_IN,
    ("/coordinator/users/{id:record}/sessions/end", "POST"): COORDINATOR,
    ("/groups", "GET"): PUBLIC,
    ("/groups/{id:record}", "GET"): PUBLIC,
    ("/departments", "GET"): PUBLIC,
    ("/departments/{id:record}", "GET"): PUBLIC,
    ("/needs", "GET"): PUBLIC,
    ("/needs/{id:record}", "GET"): PUBLIC,
    ("/capabilities", "GET"): PUBLIC,
    ("/capabilities/{id:record}", "GET"): PUBLIC,
    ("/search", "GET"): PUBLIC,
    ("/groups/{id:record}/edit", "GET"): GROUP_A,
    ("/groups/{id:record}/edit", "POST"): GROUP_A,
    ("/departments/{id:record}/edit", "GET"): DEPARTMENT,
    ("/departments/{id:record}/edit", "POST"): DEPARTMENT,
    ("/needs/new", "GET"): GROUP_A,
    ("/needs/new", "POST"): GROUP_A,
    ("/needs/{id:record}/edit", "GET"): GROUP_A,
    ("/needs/{id:record}/edit", "POST"): GROUP_A,
    ("/needs/{id:record}/status", "POST"): GROUP_A,
    ("/capabilities/new", "GET"): GROUP_A,
    ("/capabilities/new", "POST"): GROUP_A,
    ("/capabilities/{id:record}/edit", "GET"): GROUP_A,
    ("/capabilities/{id:record}/edit", "POST"): GROUP_A,
    ("/capabilities/{id:record}/delete", "GET"): GROUP_A,
    ("/capabilities/{id:record}/delete", "POST"): GROUP_A,
    ("/groups/{id:record}/history", "GET"): GROUP_A,
    ("/departments/{id:record}/history", "GET"): DEPARTMENT,
    ("/needs/{id:record}/history", "GET"): GROUP_A,
    ("/capabilities/{id:record}/history", "GET"): GROUP_A,
    ("/groups/{id:record}/members", "GET"): GROUP_A,
    ("/groups/{id:record}/members", "POST"): GROUP_A,
    ("/groups/{id:record}/handover", "POST"): GROUP_A,
    ("/groups/{id:record}/leave", "POST"): MEMBERS_A,  # a coordinator is no member: 404
    # Invitations and staff (issue 15): the invitation in paths is group A's
    ("/invitations/accept/{token}", "GET"): PUBLIC,  # a forged token: a plain refusal page
    ("/invitations/accept/{token}", "POST"): PUBLIC,
    ("/invitations/{id:record}/resend", "POST"): GROUP_A,
    ("/invitations/{id:record}/cancel", "POST"): GROUP_A,
    ("/coordinator/districts", "GET"): COORDINATOR,
    ("/coordinator/districts", "POST"): COORDINATOR,
    ("/coordinator/districts/{id:record}/delete", "POST"): COORDINATOR,
    ("/coordinator/staff", "GET"): COORDINATOR,
    ("/coordinator/staff", "POST"): COORDINATOR,
    ("/coordinator/staff/{id:record}/deactivate", "POST"): COORDINATOR,
    ("/coordinator/staff/{id:record}/reactivate", "POST"): COORDINATOR,
    ("/coordinator/staff/{id:record}/department", "POST"): COORDINATOR,
    ("/coordinator/approvals", "GET"): COORDINATOR,
    ("/coordinator/approvals/{id:record}", "POST"): COORDINATOR,
    ("/coordinator/groups/{id:record}/criteria", "GET"): COORDINATOR,
    ("/coordinator/groups/{id:record}/criteria", "POST"): COORDINATOR,
    ("/coordinator/fields", "GET"): COORDINATOR,
    ("/coordinator/fields", "POST"): COORDINATOR,
    ("/coordinator/fields/{code:fieldcode}/edit", "GET"): COORDINATOR,
    ("/coordinator/fields/{code:fieldcode}/edit", "POST"): COORDINATOR,
    ("/coordinator/fields/{code:fieldcode}/delete", "POST"): COORDINATOR,
    ("/coordinator/csv", "GET"): COORDINATOR,
    ("/coordinator/csv/import", "POST"): COORDINATOR,
    ("/coordinator/csv/export/{kind}", "GET"): COORDINATOR,
    ("/coordinator/exports", "GET"): COORDINATOR,
    ("/coordinator/exports/{kind}.csv", "GET"): COORDINATOR,
    ("/needs/{id:record}/suggestions", "GET"): GROUP_A,
    ("/groups/{id:record}/suggestions", "GET"): GROUP_A,
    ("/departments/{id:record}/suggestions", "GET"): DEPARTMENT,
    ("/coordinator/suggestions", "GET"): COORDINATOR,
    # The coordinator's queue, rooms and introductions (issue 5)
    ("/coordinator/desk", "GET"): COORDINATOR,
    ("/coordinator/desk/settings", "GET"): COORDINATOR,
    ("/coordinator/desk/settings", "POST"): COORDINATOR,
    ("/coordinator/parties.json", "GET"): COORDINATOR,
    ("/coordinator/queue", "GET"): COORDINATOR,
    ("/coordinator/queue/new", "GET"): COORDINATOR,
    ("/coordinator/queue/new", "POST"): COORDINATOR,
    ("/coordinator/queue/bulk", "POST"): COORDINATOR,
    ("/coordinator/queue/{id:record}/notes", "POST"): COORDINATOR,
    ("/coordinator/queue/{id:record}/dismiss", "GET"): COORDINATOR,
    ("/coordinator/queue/{id:record}/dismiss", "POST"): COORDINATOR,
    ("/coordinator/queue/{id:record}/introduce", "GET"): COORDINATOR,
    ("/coordinator/queue/{id:record}/introduce", "POST"): COORDINATOR,
    ("/coordinator/rooms", "GET"): COORDINATOR,
    ("/coordinator/rooms", "POST"): COORDINATOR,
    ("/coordinator/rooms/{id:record}", "GET"): COORDINATOR,
    ("/coordinator/rooms/{id:record}", "POST"): COORDINATOR,
    ("/introductions/request", "GET"): REQUESTERS,
    ("/introductions/request", "POST"): REQUESTERS,
    ("/introductions/requests/{id:record}/withdraw", "GET"): MEMBERS_A,
    ("/introductions/requests/{id:record}/withdraw", "POST"): MEMBERS_A,
    ("/introductions", "GET"): SIGNED_IN,
    ("/introductions/{id:record}", "GET"): PARTIES,
    ("/introductions/{id:record}/answer", "POST"): ANSWERING_PARTIES,
    ("/introductions/{id:record}/decline", "POST"): ANSWERING_PARTIES,
    ("/introductions/{id:record}/confirm", "POST"): COORDINATOR,
    ("/introductions/{id:record}/cancel", "POST"): PARTIES,
    ("/introductions/{id:record}/reschedule", "GET"): PARTIES,
    ("/introductions/{id:record}/reschedule", "POST"): PARTIES,
    ("/introductions/{id:record}/outcome", "POST"): COORDINATOR,
    ("/introductions/{id:record}/meeting.ics", "GET"): PARTIES,
    ("/collaborations", "GET"): PUBLIC,
    ("/collaborations/new", "GET"): COORDINATOR,
    ("/collaborations/new", "POST"): COORDINATOR,
    ("/collaborations/{id:record}", "GET"): PUBLISHED_OR_PARTIES,
    ("/collaborations/{id:record}/edit", "GET"): PARTIES,
    ("/collaborations/{id:record}/edit", "POST"): PARTIES,
    ("/collaborations/{id:record}/agreement", "GET"): PARTIES,
    ("/collaborations/{id:record}/agreement", "POST"): PARTIES,
    ("/collaborations/{id:record}/agreement/approve", "POST"): ANSWERING_PARTIES,
    ("/collaborations/{id:record}/agreement/{number:record}/print", "GET"):
        PUBLISHED_OR_PARTIES,
    ("/collaborations/{id:record}/agreement/compare", "GET"): PARTIES,
    ("/collaborations/{id:record}/start", "POST"): PARTIES,
    ("/collaborations/{id:record}/complete", "POST"): PARTIES,
    ("/collaborations/{id:record}/check-ins", "POST"): ANSWERING_PARTIES,
    ("/collaborations/{id:record}/evaluation", "POST"): ANSWERING_PARTIES,
    ("/collaborations/{id:record}/publication-consent", "POST"): ANSWERING_PARTIES,
    ("/collaborations/{id:record}/publish", "POST"): COORDINATOR,
    # Inbox, mail settings, calendars, passwords (issue 5)
    ("/inbox", "GET"): SIGNED_IN,
    ("/inbox/read-all", "POST"): SIGNED_IN,
    ("/inbox/{id:record}/open", "POST"): RECIPIENT_A,
    ("/me/notifications", "GET"): SIGNED_IN,
    ("/me/notifications", "POST"): SIGNED_IN,
    ("/me/notifications/verify", "POST"): SIGNED_IN,
    ("/me/calendar", "GET"): SIGNED_IN,
    ("/me/calendar", "POST"): SIGNED_IN,
    ("/me/calendar/revoke", "POST"): SIGNED_IN,
    ("/coordinator/outbox", "GET"): COORDINATOR,
    ("/coordinator/outbox/{id:record}/send-again", "POST"): COORDINATOR,
    ("/calendar/{token}.ics", "GET"): NOBODY,  # an unknown feed token opens nothing
    ("/unsubscribe/{token}", "GET"): PUBLIC,  # a forged token gets a plain refusal page
    ("/unsubscribe/{token}", "POST"): PUBLIC,
    ("/password/forgot", "GET"): PUBLIC,
    ("/password/forgot", "POST"): PUBLIC,
    ("/password/reset/{token}", "GET"): PUBLIC,
    ("/password/reset/{token}", "POST"): PUBLIC,
    ("/verify/{token}", "GET"): PUBLIC,
    # Partner concentration, statistics, open data and the JSON API (issue 6)
    ("/statistics", "GET"): PUBLIC,
    ("/coordinator/concentration", "GET"): COORDINATOR,
    ("/departments/{id:record}/concentration", "GET"): DEPARTMENT,
    ("/open-data", "GET"): PUBLIC,
    ("/open-data/{dataset}.csv", "GET"): PUBLIC,
    ("/open-data/{dataset}.json", "GET"): PUBLIC,
    ("/api/openapi.json", "GET"): PUBLIC,
    ("/api/v1/groups", "GET"): PUBLIC,
    ("/api/v1/groups/{id:record}", "GET"): PUBLIC,
    ("/api/v1/departments", "GET"): PUBLIC,
    ("/api/v1/departments/{id:record}", "GET"): PUBLIC,
    ("/api/v1/needs", "GET"): PUBLIC,
    ("/api/v1/needs", "POST"): API_WRITE,
    ("/api/v1/needs/{id:record}", "GET"): PUBLIC,
    ("/api/v1/capabilities", "GET"): PUBLIC,
    ("/api/v1/capabilities/{id:record}", "GET"): PUBLIC,
    ("/api/v1/collaborations", "GET"): PUBLIC,
    ("/api/v1/collaborations/{id:record}", "GET"): NOBODY,  # the matrix's one is not published
    ("/api/v1/proposals", "GET"): PUBLIC,
    ("/api/v1/proposals/{id:record}", "GET"): NOBODY,  # no answered proposal: none is public
    ("/api/v1/fields", "GET"): PUBLIC,
    ("/api/v1/fields/{code:fieldcode}", "GET"): PUBLIC,
    ("/api/v1/introductions/requests", "POST"): API_REQUESTERS,
    ("/api/v1/proposals", "POST"): API_GROUP_MEMBERS,
    ("/api/v1/proposals/{id:record}/route", "POST"): API_COORDINATOR,
    ("/api/v1/proposals/{id:record}/consultations", "POST"): API_ROUTED_DEPARTMENT_OR_OFFICE,
    ("/api/v1/proposals/{id:record}/answer", "POST"): API_ROUTED_DEPARTMENT,
    ("/api/v1/sponsorships", "POST"): API_GROUP_MEMBERS,
    ("/api/v1/sponsorships/{id:record}/decision", "POST"): API_COORDINATOR,
    ("/api/v1/collaborations/{id:record}/check-ins", "POST"): API_PARTIES,
    ("/api/v1/collaborations/{id:record}/agreement/approvals", "POST"): API_PARTIES,
    ("/api/v1/collaborations/{id:record}/evaluation", "POST"): API_PARTIES,
    ("/api/v1/introductions/{id:record}/availability", "POST"): API_PARTIES,
    ("/api/v1/introductions/{id:record}/decline", "POST"): API_PARTIES,
    # Proposals and 後援 applications (issue 6)
    ("/proposals", "GET"): PUBLIC,
    ("/proposals/new", "GET"): MEMBERS_A,
    ("/proposals/new", "POST"): MEMBERS_A,
    ("/proposals/{id:record}", "GET"): UNANSWERED_PROPOSAL,
    ("/proposals/{id:record}/consultations", "POST"): ROUTED_DEPARTMENT_OR_OFFICE,
    ("/proposals/{id:record}/answer", "POST"): ROUTED_DEPARTMENT,
    ("/me/proposals", "GET"): SIGNED_IN,
    ("/coordinator/proposals", "GET"): COORDINATOR,
    ("/coordinator/proposals/{id:record}", "GET"): COORDINATOR,
    ("/coordinator/proposals/{id:record}", "POST"): COORDINATOR,
    ("/sponsorships/new", "GET"): MEMBERS_A,
    ("/sponsorships/new", "POST"): MEMBERS_A,
    ("/sponsorships/{id:record}", "GET"): PARTIES,  # D was asked for its opinion
    ("/sponsorships/{id:record}/attachments", "POST"): MEMBERS_A,
    ("/sponsorships/{id:record}/attachments/{attachment:record}", "GET"): PARTIES,
    ("/sponsorships/{id:record}/attachments/{attachment:record}/delete", "POST"): MEMBERS_A,
    ("/sponsorships/{id:record}/opinion", "POST"): ROUTED_DEPARTMENT,
    ("/sponsorships/{id:record}/notice", "GET"): NOT_DECIDED_YET,
    ("/coordinator/sponsorships/{id:record}/opinion-request", "POST"): COORDINATOR,
    ("/me/sponsorships", "GET"): SIGNED_IN,
    ("/coordinator/sponsorships", "GET"): COORDINATOR,
    ("/coordinator/sponsorships/{id:record}", "GET"): COORDINATOR,
    ("/coordinator/sponsorships/{id:record}", "POST"): COORDINATOR,
}

QUERY = {
    "/needs/new": "?owner=organisation:{group_a}",
    "/capabilities/new": "?owner=organisation:{group_a}",
    "/introductions/request": "?target=organisation:{group_b}",
    "/proposals/new": "?group={group_a}",
    "/sponsorships/new": "?group={group_a}",
}
"""Query strings a page needs to name what it works on."""

def _route_methods() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for path, route in flatten(build_routes(Path("static"))):
        pairs.extend((path, m) for m in sorted(route.methods or ()) if m != "HEAD")
    return pairs


def test_every_route_has_an_entry_in_the_matrix() -> None:
    routes = set(_route_methods())
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without an entry in the matrix: {missing}"
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


async def _records() -> dict[str, int]:
    group_a = await Organisation.create(name="A会", kind="citizen_group",
                                        status=ApprovalStatus.APPROVED, contact_email="a@a.jp")
    group_b = await Organisation.create(name="B会", kind="npo", status=ApprovalStatus.APPROVED)
    pending = await Organisation.create(name="申請中の会", kind="npo")
    department = await Department.create(name="高齢者支援課", section="福祉部")
    need = await Need.create(title="見守りの協力", description="見守り", organisation=group_a,
                             status=NeedStatus.OPEN)
    capability = await Capability.create(title="配食", description="配食の手伝い",
                                         organisation=group_a)
    for email, role, org, dept in (
        ("a@example.jp", Role.GROUP, group_a, None),
        ("b@example.jp", Role.GROUP, group_b, None),
        ("staff@example.jp", Role.DEPARTMENT, None, department),
        ("coord@example.jp", Role.COORDINATOR, None, None),
    ):
        user = await account(email, role)
        if org or dept:
            await Membership.create(user=user, organisation=org, department=dept,
                                    is_officer=True)
    item = await QueueItem.create(
        origin=QueueOrigin.REQUEST, party_a_kind="organisation", party_a_id=group_a.id,
        party_b_kind="department", party_b_id=department.id, message="お話ししたい",
    )
    room = await Room.create(name="会議室A", capacity=12)
    starts = now() + timedelta(days=7)
    introduction = await Introduction.create(
        queue_item=item, party_a_kind="organisation", party_a_id=group_a.id,
        party_b_kind="department", party_b_id=department.id, room=room,
        status=IntroductionStatus.SCHEDULED, starts_at=starts,
        ends_at=starts + timedelta(hours=1), agenda="顔合わせ",
    )
    await IntroductionSlot.create(introduction=introduction, starts_at=starts,
                                  ends_at=starts + timedelta(hours=1))
    collaboration = await Collaboration.create(title="見守り", introduction=introduction)
    await collaboration.organisations.add(group_a)
    await collaboration.departments.add(department)
    await AgreementVersion.create(collaboration=collaboration, number=1, purpose="見守り",
                                  plan="訪問", period_start=starts.date(),
                                  period_end=starts.date())
    await AgreementVersion.create(collaboration=collaboration, number=2, purpose="見守り",
                                  plan="月に一度の訪問", period_start=starts.date(),
                                  period_end=starts.date())  # two versions to compare
    user_a = await User.get(email="a@example.jp")
    note = await Notification.create(user=user_a, kind="introduction_proposed", title="紹介",
                                     link=f"/introductions/{introduction.id}")
    mail = await OutboxMail.create(user=user_a, to_address="a@example.jp", subject="件名",
                                   body_text="本文", kind="introduction_proposed",
                                   status=MailStatus.FAILED, next_attempt_at=now())
    proposal = await Proposal.create(
        organisation=group_a, title="見守り講座", issue="担い手不足", plan="講座",
        expected_effect="増える",
        status=ProposalStatus.ROUTED, routed_to=department, routed_at=now())
    sponsorship = await SponsorshipApplication.create(
        organisation=group_a, event_name="海岸清掃", purpose="清掃", venue="東浜",
        starts_on=(now() + timedelta(days=30)).date(), ends_on=(now() + timedelta(days=30)).date(),
        department=department, opinion_requested_at=now())
    attachment = await SponsorshipAttachment.create(
        application=sponsorship, kind="flyer", filename="チラシ.pdf",
        content_type="application/pdf", size=9, content=b"%PDF-1.4\n")
    invitation = await Invitation.create(email="new@example.jp", role=Role.GROUP,
                                         organisation=group_a, sent_at=now())
    staff_user = await User.get(email="staff@example.jp")
    district = await District.create(name="東地区")
    return {"district": district.id, "invitation": invitation.id, "staff_user": staff_user.id,
            "proposal": proposal.id, "sponsorship": sponsorship.id,
            "attachment": attachment.id,
            "group_a": group_a.id, "group_b": group_b.id, "pending": pending.id,
            "department": department.id, "need": need.id, "capability": capability.id,
            "queue_item": item.id, "room": room.id, "introduction": introduction.id,
            "collaboration": collaboration.id, "notification": note.id, "mail": mail.id}


ROLE_EMAIL = {"member_a": "a@example.jp", "member_b": "b@example.jp",
              "staff": "staff@example.jp", "coordinator": "coord@example.jp"}

_CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


async def _token(client: httpx.AsyncClient) -> str:
    for page in ("/login", "/"):
        match = _CSRF.search((await client.get(page)).text)
        if match:
            return match.group(1)
    raise AssertionError("no page offered a CSRF token")


def _address(path: str, ids: dict[str, int]) -> str:
    """Fill a route's path parameters with records of group A (or department D)."""
    if path.startswith("/api/v1/"):
        record = {"groups": ids["group_a"], "departments": ids["department"],
                  "needs": ids["need"], "capabilities": ids["capability"],
                  "collaborations": ids["collaboration"], "proposals": ids["proposal"],
                  "sponsorships": ids["sponsorship"],
                  "introductions": ids["introduction"]}.get(path.split("/")[3], 0)
    elif path.startswith(("/proposals/", "/coordinator/proposals/")):
        record = ids["proposal"]
    elif path.startswith(("/sponsorships/", "/coordinator/sponsorships/")):
        record = ids["sponsorship"]
    elif path.startswith("/coordinator/approvals/"):
        record = ids["pending"]
    elif path.startswith("/coordinator/queue/"):
        record = ids["queue_item"]
    elif path.startswith("/coordinator/rooms/"):
        record = ids["room"]
    elif path.startswith("/invitations/"):
        record = ids["invitation"]
    elif path.startswith("/coordinator/districts/"):
        record = ids["district"]
    elif path.startswith("/coordinator/staff/"):
        record = ids["staff_user"]
    elif path.startswith("/coordinator/outbox/"):
        record = ids["mail"]
    elif path.startswith("/introductions/requests/"):
        record = ids["queue_item"]
    elif path.startswith("/introductions/"):
        record = ids["introduction"]
    elif path.startswith("/collaborations/"):
        record = ids["collaboration"]
    elif path.startswith("/inbox/"):
        record = ids["notification"]
    elif path.startswith(("/groups/", "/coordinator/groups/")):
        record = ids["group_a"]
    elif path.startswith("/departments/"):
        record = ids["department"]
    elif path.startswith("/needs/"):
        record = ids["need"]
    elif path.startswith("/capabilities/"):
        record = ids["capability"]
    else:
        record = 0
    filled = (path.replace("{id:record}", str(record))
              .replace("{attachment:record}", str(ids["attachment"]))
              .replace("{number:record}", "1")
              .replace("{code:fieldcode}", "welfare")
              .replace("{kind}", "groups")
              .replace("{dataset}", "groups")
              .replace("{token}", "not-a-valid-token"))
    assert "{" not in filled, f"no test value for a parameter of {path}"
    return filled + QUERY.get(path, "").format(**ids)


def _outcome(response: httpx.Response) -> str:
    if response.status_code in (401, 403, 404):
        return DENY
    if response.is_redirect and response.headers["location"].startswith("/login"):
        return LOGIN
    assert response.status_code < 500, response.text[:500]
    assert response.status_code in (200, 302, 303, 400), response.status_code
    return OK


CASES = [(path, method, role) for path, method in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize(("path", "method", "role"), CASES)
async def test_each_role_gets_what_the_matrix_says(
    client: httpx.AsyncClient, path: str, method: str, role: str
) -> None:
    """One role per test, on fresh records: a POST by one role cannot spoil the next."""
    ids = await _records()
    if role in ROLE_EMAIL:
        await sign_in(client, ROLE_EMAIL[role])
    address = _address(path, ids)
    if method == "GET":
        response = await client.get(address)
    else:
        response = await client.post(address, data={"csrftoken": await _token(client)})
    expected = MATRIX[(path, method)][ROLES.index(role)]
    assert _outcome(response) == expected, (address, response.status_code)
