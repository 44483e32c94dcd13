"""Domain exceptions: services raise them with an English message id; pages translate it."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the request. ``field`` names the form field to show it at, if any."""

    def __init__(self, message: str, field: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params


class NotFound(DomainError):
    """The record does not exist, or the caller may not know that it exists."""


class Forbidden(DomainError):
    """The caller may not do this."""


class Conflict(DomainError):
    """The record's state does not allow this now (already answered or decided, a newer
    agreement version, work not under way): nothing in the request itself is wrong."""


class InvalidLink(DomainError):
    """A signed link from a mail (reset, confirmation, unsubscribe) is broken or expired."""

    def __init__(self) -> None:
        super().__init__("This link is not valid. Please copy the whole link from the mail, "
                         "or ask for a new one.")
