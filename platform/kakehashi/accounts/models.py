"""Users, their memberships of groups and departments, handovers and login attempts."""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from kakehashi.directory.models.orgs import Department, Organisation


class Role(StrEnum):
    GROUP = "group"
    DEPARTMENT = "department"
    COORDINATOR = "coordinator"


class MailMode(StrEnum):
    IMMEDIATE = "immediate"
    """A mail for every notification."""
    DIGEST = "digest"
    """One mail a day listing what came in."""


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    password_hash = fields.CharField(max_length=255)
    display_name = fields.CharField(max_length=100)
    reading = fields.CharField(max_length=100, default="")
    """The name's reading in ひらがな (asked when an invitation is accepted with a new account)."""
    role = fields.CharEnumField(Role, max_length=16)
    locale = fields.CharField(max_length=8, default="ja")
    is_active = fields.BooleanField(default=True)
    email_verified_at = fields.DatetimeField(null=True)
    mail_mode = fields.CharEnumField(MailMode, max_length=16, default=MailMode.IMMEDIATE)
    mail_unsubscribed = fields.BooleanField(default=False)
    """Unsubscribed from notification mails (password reset and verification still arrive)."""
    last_digest_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "user_account"


class Membership(Model):
    """Membership of a user in one organisation or one department (officers may hand it over)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    user_id: int
    organisation: fields.ForeignKeyNullableRelation["Organisation"] = (
        fields.ForeignKeyField(
            "models.Organisation", related_name="memberships", null=True,
            on_delete=fields.CASCADE,
        )
    )
    organisation_id: int | None
    department: fields.ForeignKeyNullableRelation["Department"] = (
        fields.ForeignKeyField(
            "models.Department", related_name="memberships", null=True,
            on_delete=fields.CASCADE,
        )
    )
    department_id: int | None
    is_officer = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "membership"
        unique_together = (("user", "organisation"), ("user", "department"))


class CalendarFeed(Model):
    """The secret token of a user's private calendar feed URL (revoking deletes the row)."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="calendar_feed", on_delete=fields.CASCADE
    )
    user_id: int
    token = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "calendar_feed"


class Handover(Model):
    """The record that the officer role of a group passed from one member to another (引継ぎ)."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation["Organisation"] = (
        fields.ForeignKeyField(
            "models.Organisation", related_name="handovers", on_delete=fields.CASCADE
        )
    )
    organisation_id: int
    from_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="handovers_given", null=True, on_delete=fields.SET_NULL
    )
    from_user_id: int | None
    to_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="handovers_received", null=True, on_delete=fields.SET_NULL
    )
    to_user_id: int | None
    note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "handover"
        ordering = ["-created_at", "-id"]


class LoginAttempt(Model):
    """A failed sign-in, kept for throttling (the web tier is stateless, so counts live here)."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=300, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "login_attempt"


class UserSession(Model):
    """A signed-in browser. The cookie holds a secret and only its hash is kept here, so signing
    out, a new password or the coordinator can end the session on the server."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField()

    class Meta:
        table = "user_session"


class Invitation(Model):
    """An invitation by mail to join a group, a department or the collaboration office.

    The mailed link is signed and expires; it names this row, which is used once (accepted or
    cancelled rows open nothing). Nothing here says whether the address has an account.
    """

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, db_index=True)
    role = fields.CharEnumField(Role, max_length=16)
    organisation: fields.ForeignKeyNullableRelation["Organisation"] = (
        fields.ForeignKeyField(
            "models.Organisation", related_name="invitations", null=True,
            on_delete=fields.CASCADE,
        )
    )
    organisation_id: int | None
    department: fields.ForeignKeyNullableRelation["Department"] = (
        fields.ForeignKeyField(
            "models.Department", related_name="invitations", null=True,
            on_delete=fields.CASCADE,
        )
    )
    department_id: int | None
    invited_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="invitations_sent", null=True, on_delete=fields.SET_NULL
    )
    invited_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invitation"
        ordering = ["-sent_at", "-id"]
