"""Attachments to a 後援 application: 企画書, チラシ, 収支予算 as PDF or images.

The file's type is found from its first bytes (``filetype``), never from its name or the
browser's claim, so a renamed script cannot pass as a flyer; size and count are capped so one
application cannot fill the database. Served only to those who may read the application.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import filetype
from tortoise.timezone import localtime
from tortoise.transactions import in_transaction

from kakehashi.accounts.auth import CurrentUser
from kakehashi.errors import Conflict, DomainError, Forbidden, NotFound
from kakehashi.proposals.attachment_models import SponsorshipAttachment
from kakehashi.proposals.models import SponsorshipApplication, SponsorshipStatus
from kakehashi.proposals.sponsorships import may_see, viewable

KINDS = ("plan", "flyer", "budget", "other")
MAX_BYTES = 3_000_000
"""Per file: a scanned A4 flyer or a ten-page PDF fits; under the site's 4 MB upload limit."""
MAX_FILES = 5
ALLOWED_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    kind: str
    filename: str
    type_label: str
    size: int
    created_at: datetime
    kind_label: str = ""

    @property
    def size_text(self) -> str:
        """KB rounded up (a 300-byte file is 1 KB, never 0), MB from a million bytes."""
        if self.size >= 1_000_000:
            return f"{self.size / 1_000_000:.1f} MB"
        return f"{max(1, -(-self.size // 1000))} KB"


@dataclass(frozen=True)
class AttachmentFile:
    filename: str
    content_type: str
    content: bytes


def clean_filename(name: str) -> str:
    """The name as the user's computer gave it, without folders or control characters."""
    base = os.path.basename(name.replace("\\", "/"))
    base = "".join(c for c in unicodedata.normalize("NFC", base)
                   if unicodedata.category(c)[0] != "C")
    return base.strip()[:200] or "attachment"


def detected_type(content: bytes) -> str | None:
    """The allowed media type the content really is, or None."""
    found = filetype.guess_mime(content[:8192])
    return found if found in ALLOWED_TYPES else None


def _check(kind: str, content: bytes) -> str:
    if kind not in KINDS:
        raise DomainError("Please choose one of the options.", "kind")
    if not content:
        raise DomainError("Please choose a file.", "file")
    if len(content) > MAX_BYTES:
        raise DomainError("The file is too large: at most %(size)s MB per file.", "file",
                          size=MAX_BYTES // 1_000_000)
    content_type = detected_type(content)
    if content_type is None:
        raise DomainError("Please attach a PDF, PNG or JPEG file.", "file")
    return content_type


async def _own_open(
    user: CurrentUser, application_id: int, *, lock: bool = True
) -> SponsorshipApplication:
    query = SponsorshipApplication.filter(id=application_id)
    application = await (query.select_for_update() if lock else query).first()
    if application is None or not may_see(user, application):
        raise NotFound("Page not found")
    if application.organisation_id not in user.organisation_ids:
        raise Forbidden("You cannot open this page")
    if application.status != SponsorshipStatus.SUBMITTED:
        raise Conflict("This application has already been decided.", "file")
    return application


async def may_attach(user: CurrentUser, application_id: int) -> None:
    """Before reading an upload: only the applying group, only until the decision."""
    await _own_open(user, application_id, lock=False)


async def add(
    user: CurrentUser, application_id: int, kind: str, filename: str, content: bytes
) -> SponsorshipAttachment:
    """A member of the applying group attaches a file while the application is undecided."""
    content_type = _check(kind, content)
    async with in_transaction():
        application = await _own_open(user, application_id)
        if await SponsorshipAttachment.filter(application_id=application.id).count() >= MAX_FILES:
            raise DomainError("An application holds at most %(count)s files: remove one "
                              "first.", "file", count=MAX_FILES)
        return await SponsorshipAttachment.create(
            application_id=application.id, kind=kind, filename=clean_filename(filename),
            content_type=content_type, size=len(content), content=content,
            uploaded_by_id=user.id)


async def remove(user: CurrentUser, application_id: int, attachment_id: int) -> None:
    async with in_transaction():
        application = await _own_open(user, application_id)
        deleted = await SponsorshipAttachment.filter(
            id=attachment_id, application_id=application.id).delete()
        if not deleted:
            raise NotFound("Page not found")


async def listing(application_id: int) -> list[AttachmentRow]:
    """Without the content: a page lists names and sizes, never the bytes."""
    rows = await SponsorshipAttachment.filter(application_id=application_id).order_by(
        "id").values("id", "kind", "filename", "content_type", "size", "created_at")
    return [AttachmentRow(r["id"], r["kind"], r["filename"],
                          ALLOWED_TYPES.get(r["content_type"], ""), r["size"],
                          localtime(r["created_at"])) for r in rows]


async def fetch(user: CurrentUser, application_id: int, attachment_id: int) -> AttachmentFile:
    await viewable(user, application_id)
    found = await SponsorshipAttachment.get_or_none(
        id=attachment_id, application_id=application_id)
    if found is None:
        raise NotFound("Page not found")
    return AttachmentFile(found.filename, found.content_type, bytes(found.content))
