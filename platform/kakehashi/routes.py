"""The one routing table: every URL of the site, a ``Mount`` per area, every route named.

Links are built from the names (``url_for`` in templates, :func:`kakehashi.http.urls.path_for`
in code), never typed by hand. An area's own list page (``/groups``) sits just before its
``Mount``, since a mount only matches paths below it.
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kakehashi.accounts import web as accounts
from kakehashi.accounts import web_invitations as invitations
from kakehashi.accounts import web_members as members
from kakehashi.accounts import web_passwords as passwords
from kakehashi.accounts import web_staff as staff
from kakehashi.api import web as api
from kakehashi.collaborations import agreement_web as agreements
from kakehashi.collaborations import web as collaborations
from kakehashi.desk import web as desk
from kakehashi.directory.web import (
    approvals,
    browse,
    capabilities,
    csv_pages,
    history,
    home,
    needs,
    profiles,
)
from kakehashi.exports import web as exports
from kakehashi.http import language
from kakehashi.introductions.web import (
    calendars,
    introduction_page,
    introductions,
    queue,
    queue_actions,
    requests,
    rooms,
)
from kakehashi.notifications import web as notifications
from kakehashi.proposals.web import proposals, sponsorship_routes, sponsorship_steps, sponsorships
from kakehashi.publishing.web import open_data, statistics
from kakehashi.suggestions import concentration_web as concentration
from kakehashi.suggestions import web as suggestions
from kakehashi.taxonomy import web as taxonomy

GET_POST = ["GET", "POST"]
POST = ["POST"]


def _route(path: str, endpoint: object, name: str, methods: list[str] | None = None) -> Route:
    return Route(path, endpoint, methods=methods, name=name)  # type: ignore[arg-type]


def _account_routes() -> list[BaseRoute]:
    return [
        _route("/login", accounts.login, "login", GET_POST),
        _route("/logout", accounts.logout, "logout", POST),
        _route("/signup", accounts.signup, "signup", GET_POST),
        Mount("/password", routes=[
            _route("/forgot", passwords.forgot, "password_forgot", GET_POST),
            _route("/reset/{token}", passwords.reset, "password_reset", GET_POST),
        ]),
        _route("/verify/{token}", passwords.verify, "verify_email"),
        Mount("/invitations", routes=[
            _route("/accept/{token}", invitations.accept_invitation, "accept_invitation",
                   GET_POST),
            _route("/{id:record}/resend", invitations.resend, "invitation_resend", POST),
            _route("/{id:record}/cancel", invitations.cancel, "invitation_cancel", POST),
        ]),
        _route("/me", accounts.my_page, "my_page"),
        Mount("/me", routes=[
            _route("/notifications", notifications.mail_settings, "mail_settings", GET_POST),
            _route("/notifications/verify", passwords.send_verification_again,
                   "send_verification", POST),
            _route("/calendar", calendars.my_calendar, "my_calendar", ["GET"]),
            _route("/calendar", calendars.create_feed, "create_calendar_feed", POST),
            _route("/calendar/revoke", calendars.revoke_feed, "revoke_calendar_feed", POST),
            _route("/proposals", proposals.mine, "my_proposals"),
            _route("/sponsorships", sponsorships.mine, "my_sponsorships"),
            _route("/sessions/end", accounts.sign_out_everywhere, "sign_out_everywhere", POST),
        ]),
    ]


def _directory_routes() -> list[BaseRoute]:
    return [
        _route("/search", browse.search, "search"),
        _route("/groups", browse.groups, "groups"),
        Mount("/groups", routes=[
            _route("/{id:record}", browse.group, "group"),
            _route("/{id:record}/edit", profiles.edit_group, "edit_group", GET_POST),
            _route("/{id:record}/history", history.group_history, "group_history"),
            _route("/{id:record}/members", members.members, "group_members", GET_POST),
            _route("/{id:record}/handover", members.hand_over, "group_handover", POST),
            _route("/{id:record}/leave", members.leave, "group_leave", POST),
            _route("/{id:record}/suggestions", suggestions.group_suggestions,
                   "group_suggestions"),
        ]),
        _route("/departments", browse.departments, "departments"),
        Mount("/departments", routes=[
            _route("/{id:record}", browse.department, "department"),
            _route("/{id:record}/edit", profiles.edit_department, "edit_department", GET_POST),
            _route("/{id:record}/history", history.department_history, "department_history"),
            _route("/{id:record}/suggestions", suggestions.department_suggestions,
                   "department_suggestions"),
            _route("/{id:record}/concentration", concentration.department_concentration,
                   "department_concentration"),
        ]),
        _route("/needs", browse.needs, "needs"),
        Mount("/needs", routes=[
            _route("/new", needs.new_need, "new_need", GET_POST),
            _route("/{id:record}", browse.need, "need"),
            _route("/{id:record}/edit", needs.edit_need, "edit_need", GET_POST),
            _route("/{id:record}/status", needs.change_status, "need_status", POST),
            _route("/{id:record}/history", history.need_history, "need_history"),
            _route("/{id:record}/suggestions", suggestions.need_suggestions, "need_suggestions"),
        ]),
        _route("/capabilities", browse.capabilities, "capabilities"),
        Mount("/capabilities", routes=[
            _route("/new", capabilities.new_capability, "new_capability", GET_POST),
            _route("/{id:record}", browse.capability, "capability"),
            _route("/{id:record}/edit", capabilities.edit_capability, "edit_capability",
                   GET_POST),
            _route("/{id:record}/delete", capabilities.delete_capability, "delete_capability",
                   GET_POST),
            _route("/{id:record}/history", history.capability_history, "capability_history"),
        ]),
    ]


def _coordinator_routes() -> list[BaseRoute]:
    """The collaboration office's desk: every page here is for coordinators only."""
    return [Mount("/coordinator", routes=[
        _route("/desk", desk.desk_page, "coordinator_desk"),
        _route("/desk/settings", desk.settings_page, "coordinator_desk_settings", GET_POST),
        _route("/approvals", approvals.approvals, "coordinator_approvals"),
        _route("/users/{id:record}/sessions/end", accounts.end_user_sessions,
               "end_user_sessions", POST),
        _route("/staff", staff.staff_page, "coordinator_staff", GET_POST),
        _route("/staff/{id:record}/deactivate", staff.deactivate, "staff_deactivate", POST),
        _route("/staff/{id:record}/reactivate", staff.reactivate, "staff_reactivate", POST),
        _route("/staff/{id:record}/department", staff.reassign, "staff_reassign", POST),
        _route("/approvals/{id:record}", approvals.decide, "coordinator_decide", POST),
        _route("/groups/{id:record}/criteria", approvals.criteria, "coordinator_criteria",
               GET_POST),
        _route("/fields", taxonomy.fields, "coordinator_fields", GET_POST),
        _route("/fields/{code:fieldcode}/edit", taxonomy.edit_field,
               "coordinator_edit_field", GET_POST),
        _route("/fields/{code:fieldcode}/delete", taxonomy.delete_field,
               "coordinator_delete_field", POST),
        _route("/districts", taxonomy.districts, "coordinator_districts", GET_POST),
        _route("/districts/{id:record}/delete", taxonomy.delete_district,
               "coordinator_delete_district", POST),
        _route("/csv", csv_pages.csv_page, "coordinator_csv"),
        _route("/csv/import", csv_pages.csv_import, "coordinator_csv_import", POST),
        _route("/csv/export/{kind}", csv_pages.csv_export, "coordinator_csv_export"),
        _route("/exports", exports.exports_page, "coordinator_exports"),
        _route("/exports/{kind}.csv", exports.download, "coordinator_export"),
        _route("/suggestions", suggestions.overview, "suggestion_overview"),
        _route("/parties.json", collaborations.find_parties, "party_search"),
        _route("/queue", queue.queue_page, "queue"),
        _route("/queue/new", queue.new_item, "queue_new", GET_POST),
        _route("/queue/bulk", queue_actions.bulk, "queue_bulk", POST),
        _route("/queue/{id:record}/notes", queue_actions.add_note, "queue_note", POST),
        _route("/queue/{id:record}/dismiss", queue.dismiss, "queue_dismiss", GET_POST),
        _route("/queue/{id:record}/introduce", introductions.propose, "propose_introduction",
               GET_POST),
        _route("/rooms", rooms.room_list, "rooms", GET_POST),
        _route("/rooms/{id:record}", rooms.edit_room, "edit_room", GET_POST),
        _route("/outbox", notifications.outbox_page, "coordinator_outbox"),
        _route("/outbox/{id:record}/send-again", notifications.send_again, "outbox_send_again",
               POST),
        _route("/proposals", proposals.coordinator_list, "coordinator_proposals"),
        _route("/proposals/{id:record}", proposals.route_page, "coordinator_proposal", GET_POST),
        _route("/sponsorships", sponsorships.coordinator_list, "coordinator_sponsorships"),
        _route("/sponsorships/{id:record}", sponsorships.decide, "coordinator_sponsorship",
               GET_POST),
        _route("/sponsorships/{id:record}/opinion-request", sponsorship_steps.ask_opinion,
               "sponsorship_ask_opinion", POST),
        _route("/concentration", concentration.coordinator_concentration,
               "coordinator_concentration"),
    ])]


def _introduction_routes() -> list[BaseRoute]:
    return [
        _route("/introductions", introductions.list_page, "introductions"),
        Mount("/introductions", routes=[
            _route("/request", queue.request_introduction, "request_introduction", GET_POST),
            _route("/requests/{id:record}/withdraw", requests.withdraw, "withdraw_request",
                   GET_POST),
            _route("/{id:record}", introduction_page.detail, "introduction"),
            _route("/{id:record}/answer", introduction_page.answer, "introduction_answer",
                   POST),
            _route("/{id:record}/decline", introduction_page.decline, "introduction_decline",
                   POST),
            _route("/{id:record}/confirm", introduction_page.confirm, "introduction_confirm",
                   POST),
            _route("/{id:record}/cancel", introduction_page.cancel, "introduction_cancel",
                   POST),
            _route("/{id:record}/outcome", introduction_page.outcome, "introduction_outcome",
                   POST),
            _route("/{id:record}/reschedule", introductions.reschedule,
                   "introduction_reschedule", GET_POST),
            _route("/{id:record}/meeting.ics", calendars.meeting_ics, "meeting_ics"),
        ]),
        _route("/calendar/{token}.ics", calendars.feed, "calendar_feed"),
    ]


def _collaboration_routes() -> list[BaseRoute]:
    return [
        _route("/collaborations", collaborations.list_page, "collaborations"),
        Mount("/collaborations", routes=[
            _route("/new", collaborations.new, "new_collaboration", GET_POST),
            _route("/{id:record}", collaborations.detail, "collaboration"),
            _route("/{id:record}/edit", collaborations.edit, "collaboration_edit", GET_POST),
            _route("/{id:record}/agreement", agreements.agreement, "collaboration_agreement",
                   GET_POST),
            _route("/{id:record}/agreement/approve", agreements.approve,
                   "agreement_approve", POST),
            _route("/{id:record}/agreement/{number:record}/print", agreements.print_page,
                   "agreement_print"),
            _route("/{id:record}/agreement/compare", agreements.compare_page,
                   "agreement_compare"),
            _route("/{id:record}/start", collaborations.start, "collaboration_start", POST),
            _route("/{id:record}/complete", collaborations.complete, "collaboration_complete",
                   POST),
            _route("/{id:record}/check-ins", collaborations.add_check_in,
                   "collaboration_check_in", POST),
            _route("/{id:record}/evaluation", collaborations.save_evaluation,
                   "collaboration_evaluation", POST),
            _route("/{id:record}/publication-consent", collaborations.consent_to_publish,
                   "collaboration_consent", POST),
            _route("/{id:record}/publish", collaborations.publish, "collaboration_publish",
                   POST),
        ]),
    ]


def _proposal_routes() -> list[BaseRoute]:
    return [
        _route("/proposals", proposals.public_list, "proposals"),
        Mount("/proposals", routes=[
            _route("/new", proposals.new, "new_proposal", GET_POST),
            _route("/{id:record}", proposals.detail, "proposal"),
            _route("/{id:record}/consultations", proposals.consult, "proposal_consult", POST),
            _route("/{id:record}/answer", proposals.answer, "proposal_answer", POST),
        ]),
        Mount("/sponsorships", routes=sponsorship_routes.ROUTES),
    ]


def _inbox_routes() -> list[BaseRoute]:
    return [
        _route("/inbox", notifications.inbox_page, "inbox"),
        Mount("/inbox", routes=[
            _route("/read-all", notifications.read_all, "inbox_read_all", POST),
            _route("/{id:record}/open", notifications.open_entry, "inbox_open", POST),
        ]),
        _route("/unsubscribe/{token}", notifications.unsubscribe, "unsubscribe", GET_POST),
    ]


def _publishing_routes() -> list[BaseRoute]:
    return [
        _route("/statistics", statistics.public_statistics, "statistics"),
        _route("/open-data", open_data.index, "open_data"),
        Mount("/open-data", routes=[
            _route("/{dataset}.csv", open_data.as_csv, "open_data_csv"),
            _route("/{dataset}.json", open_data.as_json, "open_data_json"),
        ]),
    ]


def build_routes(static_dir: Path) -> list[BaseRoute]:
    return [
        _route("/", home.home, "home"),
        _route("/language", language.switch, "set_language", POST),
        *_account_routes(),
        *_directory_routes(),
        *_coordinator_routes(),
        *_introduction_routes(),
        *_collaboration_routes(),
        *_proposal_routes(),
        *_inbox_routes(),
        *_publishing_routes(),
        Mount("/api", routes=api.routes),
        Mount("/static", app=StaticFiles(directory=static_dir), name="static"),
    ]

