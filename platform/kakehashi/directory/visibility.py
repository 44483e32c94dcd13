"""Who may see which groups, calls for partners and offers: the one place for these rules.

Pending or rejected groups, their needs and offers, and draft needs are shown only to
coordinators and to the owners; everyone else sees departments, approved groups and the open or
closed calls of either. Each rule is a Tortoise ``Q`` so lists, counts and detail pages all
filter the same way in SQL.
"""

from __future__ import annotations

from tortoise.expressions import Q, Subquery

from kakehashi.accounts.auth import CurrentUser
from kakehashi.directory.models.needs import NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation

PUBLIC_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.CLOSED)
"""Calls anyone may read; drafts stay with their owners and coordinators."""


def visible_organisations(viewer: CurrentUser | None) -> Q:
    """Approved groups, plus the viewer's own; coordinators see every group."""
    if viewer is not None and viewer.is_coordinator:
        return Q()
    public = Q(status=ApprovalStatus.APPROVED)
    if viewer is not None and viewer.organisation_ids:
        return public | Q(id__in=sorted(viewer.organisation_ids))
    return public


def _owned(viewer: CurrentUser | None) -> Q | None:
    """Needs or offers that belong to the viewer's own groups or departments."""
    if viewer is None or not (viewer.organisation_ids or viewer.department_ids):
        return None
    return Q(organisation_id__in=sorted(viewer.organisation_ids) or [0]) | Q(
        department_id__in=sorted(viewer.department_ids) or [0]
    )


def public_organisation_ids() -> Subquery:
    """The ids of the groups anyone may see, as a subquery (no join, no ambiguous columns) for
    records that belong to a group: calls, offers, proposals.

    Ordered by id: without an ordering Tortoise adds the model's (furigana, name), and
    PostgreSQL would sort every approved group by name on each list, count and search."""
    return Subquery(Organisation.filter(visible_organisations(None)).order_by("id").values("id"))


def hidden_organisation_ids() -> Subquery:
    """The ids of the groups not yet (or not) approved: a handful, where the approved are
    thousands, so "not one of these" is the cheaper test for the database to make."""
    hidden = [status for status in ApprovalStatus if status is not ApprovalStatus.APPROVED]
    # Named, not "<> approved": equality reads the status index directly.
    return Subquery(Organisation.filter(status__in=hidden).order_by("id").values("id"))


def _publicly_owned() -> Q:
    """Owned by a department or an approved group (a group's record is public unless its group
    is one of the few hidden ones)."""
    return Q(department_id__isnull=False) | Q(
        Q(organisation_id__isnull=False), ~Q(organisation_id__in=hidden_organisation_ids())
    )


def visible_needs(viewer: CurrentUser | None) -> Q:
    """Open or closed calls of departments and approved groups, plus the viewer's own."""
    if viewer is not None and viewer.is_coordinator:
        return Q()
    public = Q(_publicly_owned(), status__in=list(PUBLIC_NEED_STATUSES))
    owned = _owned(viewer)
    return public if owned is None else public | owned


def visible_capabilities(viewer: CurrentUser | None) -> Q:
    """Offers of departments and approved groups, plus the viewer's own."""
    if viewer is not None and viewer.is_coordinator:
        return Q()
    owned = _owned(viewer)
    return _publicly_owned() if owned is None else _publicly_owned() | owned
