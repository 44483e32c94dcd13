"""The public side: lists with filters, profiles, calls for partners, offers and search.

Every page here is a GET that works without JavaScript; filters are plain query parameters, so
a filtered list can be bookmarked and shared. Handlers parse, call
:mod:`kakehashi.directory.listings`, :mod:`kakehashi.directory.details` or
:mod:`kakehashi.directory.site_search` (which apply the visibility rules) and render; unknown
records are 404.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi import freshness, labels
from kakehashi.accounts.auth import CurrentUser, current_user
from kakehashi.directory import details, listings, pages, site_search
from kakehashi.directory.cards import Owner
from kakehashi.errors import NotFound
from kakehashi.http.pages import page_number, render, settings_of
from kakehashi.i18n import gettext as _
from kakehashi.record_ids import MAX_ID
from kakehashi.taxonomy.fields import list_fields

FILTER_NAMES = ("field", "sub_area", "kind", "area", "owner", "status", "q")
RAW_PARAMETER_LIMIT = 1000
"""Longer parameter values are cut before parsing (the search itself keeps 100 characters)."""


def _filters(request: Request) -> listings.Filters:
    params = request.query_params
    return listings.Filters(
        **{name: params.get(name, "")[:RAW_PARAMETER_LIMIT].strip() for name in FILTER_NAMES}
    )


def _record_id(request: Request) -> int:
    record_id: int = request.path_params["id"]
    if record_id > MAX_ID:
        raise HTTPException(404)
    return record_id


def _page_size(request: Request) -> int:
    return max(1, settings_of(request).page_size)


async def _choices() -> dict[str, Any]:
    """Options of the filter selects: fields, their sub-areas grouped under them, owner types."""
    taxonomy = await list_fields()
    tops = [f for f in taxonomy if f.parent_code is None]
    return {
        "field_options": [(f.code, f.label) for f in tops],
        "sub_area_groups": [
            (top.label, [(f.code, f.label) for f in taxonomy if f.parent_code == top.code])
            for top in tops
        ],
        "owner_options": [("department", _("Departments")), ("group", _("Groups"))],
    }


async def groups(request: Request) -> Response:
    listing = await listings.list_groups(
        _filters(request), current_user(request), page_number(request), _page_size(request)
    )
    freshness.kept_until_its_records_change()
    return render(request, "browse/groups.html", {
        "listing": listing, "kind_options": labels.options(labels.PARTNER_KINDS),
        **await _choices(),
    })


async def departments(request: Request) -> Response:
    listing = await listings.list_departments(
        _filters(request), page_number(request), _page_size(request)
    )
    freshness.kept_until_its_records_change()
    return render(request, "browse/departments.html", {"listing": listing, **await _choices()})


async def needs(request: Request) -> Response:
    listing = await listings.list_needs(
        _filters(request), current_user(request), page_number(request), _page_size(request)
    )
    status_options = [(s, labels.label(labels.NEED_STATUSES, s)) for s in listings.LIST_STATUSES]
    freshness.kept_until_its_records_change()
    return render(request, "browse/needs.html", {
        "listing": listing, "status_options": status_options, **await _choices(),
    })


async def capabilities(request: Request) -> Response:
    listing = await listings.list_capabilities(
        _filters(request), current_user(request), page_number(request), _page_size(request)
    )
    freshness.kept_until_its_records_change()
    return render(request, "browse/capabilities.html", {"listing": listing, **await _choices()})


def _may_edit(user: CurrentUser | None, owner: Owner) -> bool:
    if user is None:
        return False
    if owner.kind == "department":
        return user.can_edit_department(owner.id)
    return user.can_edit_organisation(owner.id)


async def group(request: Request) -> Response:
    user = current_user(request)
    try:
        profile = await details.group_profile(_record_id(request), user)
    except NotFound as error:
        raise HTTPException(404) from error
    entitled = user is not None and user.can_edit_organisation(profile.id)
    freshness.kept_until_its_records_change()
    return render(request, "browse/group.html", {
        "group": profile,
        "suggestions": await pages.inline_suggestions(entitled, "organisation", profile.id),
        "collaborations": await pages.published_collaborations("organisation", profile.id),
        "ask": await pages.ask_state(user, "organisation", profile.id),
    })


async def department(request: Request) -> Response:
    try:
        profile = await details.department_profile(
            _record_id(request), current_user(request)
        )
    except NotFound as error:
        raise HTTPException(404) from error
    user = current_user(request)
    entitled = user is not None and user.can_edit_department(profile.id)
    freshness.kept_until_its_records_change()
    return render(request, "browse/department.html", {
        "department": profile,
        "suggestions": await pages.inline_suggestions(entitled, "department", profile.id),
        "collaborations": await pages.published_collaborations("department", profile.id),
        "ask": await pages.ask_state(user, "department", profile.id),
    })


async def need(request: Request) -> Response:
    user = current_user(request)
    try:
        detail = await details.need_detail(_record_id(request), user)
    except NotFound as error:
        raise HTTPException(404) from error
    may_edit = _may_edit(user, detail.owner)
    freshness.kept_until_its_records_change()
    return render(request, "browse/need.html", {
        "need": detail, "may_edit": may_edit,
        "suggestions": await pages.inline_suggestions(may_edit, "need", detail.id),
        "ask": await pages.ask_state(user, detail.owner.party_kind, detail.owner.id),
    })


async def capability(request: Request) -> Response:
    user = current_user(request)
    try:
        detail = await details.capability_detail(_record_id(request), user)
    except NotFound as error:
        raise HTTPException(404) from error
    freshness.kept_until_its_records_change()
    return render(request, "browse/capability.html", {
        "capability": detail, "may_edit": _may_edit(user, detail.owner),
    })


async def search(request: Request) -> Response:
    raw = request.query_params.get("q", "")[:RAW_PARAMETER_LIMIT]
    results = await site_search.search_everywhere(raw, current_user(request))
    fields = [f for f in await list_fields() if f.parent_code is None]
    freshness.kept_until_its_records_change()
    return render(request, "browse/search.html", {"results": results, "fields": fields})
