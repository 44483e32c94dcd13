"""Input parsing with field-level messages: each form keeps what was typed and says what is wrong.

A handler builds a :class:`Form` from the submitted data, reads each field through a typed
method (which records a translated message on failure), and re-renders with ``form`` when
``form.errors`` is not empty. Services get clean values only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from kakehashi.i18n import gettext as _

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Form:
    """Raw values (strings or lists) plus the errors found while cleaning them."""

    def __init__(self, data: FormData | Mapping[str, Any] | None = None) -> None:
        self.values: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        if isinstance(data, FormData):
            for key in data:
                items = [v for v in data.getlist(key) if isinstance(v, str)]
                self.values[key] = items if len(items) > 1 else (items[0] if items else "")
        elif data:
            self.values.update(data)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raw(self, name: str) -> str:
        value = self.values.get(name, "")
        if isinstance(value, list):
            return value[0] if value else ""
        return str(value)

    def raw_list(self, name: str) -> list[str]:
        value = self.values.get(name, [])
        if isinstance(value, list):
            return [str(v) for v in value]
        return [str(value)] if value != "" else []

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, *, required: bool = False, max_length: int = 200) -> str:
        value = _CONTROL.sub("", self.raw(name)).strip()
        if required and not value:
            self.error(name, _("Please fill in this field."))
        elif len(value) > max_length:
            self.error(
                name, _("Please keep this under %(max)s characters (now %(now)s).",
                        max=max_length, now=len(value)),
            )
        return value

    def email(self, name: str, *, required: bool = True) -> str:
        value = self.text(name, required=required, max_length=254).lower()
        if value and not _EMAIL.match(value):
            self.error(name, _("Please enter an e-mail address such as name@example.jp."))
        return value

    def integer(
        self, name: str, *, required: bool = False, minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self.text(name, required=required, max_length=12)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(name, _("Please enter a whole number."))
            return None
        if (minimum is not None and number < minimum) or (
            maximum is not None and number > maximum
        ):
            self.error(name, _("Please enter a number from %(min)s to %(max)s.",
                               min=minimum, max=maximum))
            return None
        return number

    def choice(self, name: str, choices: Iterable[str], *, required: bool = True) -> str:
        value = self.text(name, required=required, max_length=100)
        if value and value not in set(choices):
            self.error(name, _("Please choose one of the options."))
            return ""
        return value

    def choices(
        self, name: str, choices: Iterable[str], *, required: bool = False
    ) -> list[str]:
        allowed = set(choices)
        picked = list(dict.fromkeys(v.strip() for v in self.raw_list(name) if v.strip()))
        unknown = [v for v in picked if v not in allowed]
        if unknown:
            self.error(name, _("Unknown choice: %(values)s", values=", ".join(unknown)))
        elif required and not picked:
            self.error(name, _("Please choose at least one."))
        return [v for v in picked if v in allowed]

    def date(self, name: str, *, required: bool = False) -> date | None:
        value = self.text(name, required=required, max_length=10)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(name, _("Please enter a date as YYYY-MM-DD."))
            return None

    def checkbox(self, name: str) -> bool:
        return self.raw(name) in {"on", "1", "true", "yes"}
