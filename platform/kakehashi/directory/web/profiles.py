"""Editing a group's or a department's own profile (members, staff and coordinators only)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts import permissions
from kakehashi.accounts.auth import require_user
from kakehashi.directory import profiles
from kakehashi.directory.models.orgs import FIRST_FOUNDED_YEAR, MAX_MEMBERS, Criterion, PartnerKind
from kakehashi.directory.web.edit_support import criteria_options
from kakehashi.http.forms import Form
from kakehashi.http.handling import authorised, form_of, path_id, save_then_redirect
from kakehashi.http.pages import render
from kakehashi.http.urls import path_for
from kakehashi.taxonomy.choices import field_codes, field_options
from kakehashi.timezone import today

FIRST_YEAR = FIRST_FOUNDED_YEAR
MAX_SIZE = MAX_MEMBERS


def _contacts(form: Form) -> dict[str, str]:
    return {
        "contact_name": form.text("contact_name", max_length=100),
        "contact_email": form.email("contact_email", required=False),
        "contact_phone": form.text("contact_phone", max_length=40),
    }


def _organisation_from(form: Form, fields: list[tuple[str, str, bool]]) -> (
    profiles.OrganisationProfile
):
    return profiles.OrganisationProfile(
        name=form.text("name", required=True, max_length=200),
        furigana=form.text("furigana", max_length=200),
        kind=form.choice("kind", [k.value for k in PartnerKind]) or PartnerKind.CITIZEN_GROUP,
        area=form.text("area", max_length=100),
        description=form.text("description", multiline=True, max_length=4000),
        activities=form.text("activities", multiline=True, max_length=4000),
        fields=field_codes(form, fields, required=False),
        founded_year=form.integer("founded_year", minimum=FIRST_YEAR,
                                  maximum=today().year),
        size=form.integer("size", minimum=0, maximum=MAX_SIZE),
        criteria_declared=tuple(form.choices("criteria_declared", [c.value for c in Criterion])),
        public_contact=form.text("public_contact", max_length=300),
        **_contacts(form),
    )


async def edit_group(request: Request) -> Response:
    user = require_user(request)
    organisation_id = path_id(request)
    await authorised(permissions.require_organisation(user, organisation_id))
    fields = await field_options()
    status = 200
    if request.method == "POST":
        form = Form(await request.form())
        profile = _organisation_from(form, fields)
        if form.ok:
            done = await save_then_redirect(
                request, form, profiles.update_organisation(user, organisation_id, profile),
                path_for("group", id=organisation_id),
            )
            if done:
                return done
        status = 400
    else:
        form = form_of(await profiles.organisation_profile(organisation_id))
    return render(request, "edit/organisation.html", {
        "form": form, "organisation_id": organisation_id,
        "name": await permissions.owner_name(permissions.Owner("organisation", organisation_id)),
        "field_options": fields, "criteria_options": criteria_options(),
        "kinds": list(PartnerKind), "first_year": FIRST_YEAR, "this_year": today().year,
    }, status_code=status)


async def edit_department(request: Request) -> Response:
    user = require_user(request)
    department_id = path_id(request)
    await authorised(permissions.require_department(user, department_id))
    fields = await field_options()
    status = 200
    if request.method == "POST":
        form = Form(await request.form())
        profile = profiles.DepartmentProfile(
            section=form.text("section", max_length=200),
            description=form.text("description", multiline=True, max_length=4000),
            public_phone=form.text("public_phone", max_length=40),
            fields=field_codes(form, fields, required=False),
            **_contacts(form),
        )
        if form.ok:
            done = await save_then_redirect(
                request, form, profiles.update_department(user, department_id, profile),
                path_for("department", id=department_id),
            )
            if done:
                return done
        status = 400
    else:
        form = form_of(await profiles.department_profile(department_id))
    return render(request, "edit/department.html", {
        "form": form, "department_id": department_id,
        "name": await permissions.owner_name(permissions.Owner("department", department_id)),
        "field_options": fields,
    }, status_code=status)
