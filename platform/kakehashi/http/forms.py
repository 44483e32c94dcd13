"""Input parsing with field-level messages: each form keeps what was typed and says what is wrong.

A handler builds a :class:`Form` from the submitted data (an HTML form, or a JSON object with
:meth:`Form.from_json`), reads each field through a typed method (which records a translated
message on failure), and re-renders with ``form`` (or answers 400 with ``form.errors``) when
they are not empty. Services get clean values only. One set of rules serves pages and the API:
a JSON body only adds that a value must have the JSON type the field expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeGuard

from starlette.datastructures import FormData

from kakehashi.i18n import gettext as _
from kakehashi.record_ids import MAX_ID, parse_id

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_text(value: object) -> bool:
    """A string the database can store: JSON may carry lone surrogates, which UTF-8 cannot."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_whole(value: object) -> TypeGuard[int]:
    """A JSON integer (``true`` is not one, though Python says it is)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _record_id(value: object, *, typed: bool) -> int | None:
    if typed:
        return value if is_whole(value) and 1 <= value <= MAX_ID else None
    return parse_id(value) if isinstance(value, str) else None


class Form:
    """Raw values (strings or lists) plus the errors found while cleaning them."""

    def __init__(self, data: FormData | Mapping[str, Any] | None = None, *,
                 typed: bool = False) -> None:
        self.values: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self.typed = typed  # values carry JSON types, which must match the field's
        if isinstance(data, FormData):
            for key in data:
                items = [v for v in data.getlist(key) if isinstance(v, str)]
                self.values[key] = items if len(items) > 1 else (items[0] if items else "")
        elif data:
            self.values.update(data)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Form:
        return cls(body, typed=True)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raw(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:  # absent, or JSON null
            return ""
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

    def _untyped(self, name: str, accepts: Any, message: str) -> bool:
        """In a JSON body, a value of the wrong type: records ``message`` and says so."""
        value = self.values.get(name)
        if self.typed and value not in (None, "") and not accepts(value):
            self.error(name, message)
            return True
        return False

    def text(self, name: str, *, multiline: bool = False, required: bool = False,
             max_length: int = 200) -> str:
        """Trimmed text without control characters; a single-line field refuses line breaks
        (they would end up in mail headers, calendar files and links)."""
        if self._untyped(name, is_text, _("Please give text.")):
            return ""
        value = _CONTROL.sub("", self.raw(name)).strip()
        if not multiline and ("\n" in value or "\r" in value):
            self.error(name, _("Please keep this on one line."))
            return ""
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
        if self.typed and is_whole(self.values.get(name)):
            number = int(self.values[name])
            return number if self._in_range(name, number, minimum, maximum) else None
        if self._untyped(name, is_text, _("Please enter a whole number.")):
            return None
        value = self.text(name, required=required, max_length=12)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(name, _("Please enter a whole number."))
            return None
        return number if self._in_range(name, number, minimum, maximum) else None

    def _in_range(self, name: str, number: int, minimum: int | None,
                  maximum: int | None) -> bool:
        if (minimum is not None and number < minimum) or (
            maximum is not None and number > maximum
        ):
            self.error(name, _("Please enter a number from %(min)s to %(max)s.",
                               min=minimum, max=maximum))
            return False
        return True

    def record_id(self, name: str, *, required: bool = True,
                  message: str | None = None) -> int | None:
        """The id of a record: a whole number from 1 to :data:`kakehashi.record_ids.MAX_ID`."""
        value = self.values.get(name)
        if value in (None, "") and not required:
            return None
        number = _record_id(value, typed=self.typed)
        if number is None:
            self.error(name, message or _("Please give the id of a record (a whole number)."))
        return number

    def record_ids(self, name: str, *, max_items: int = 50) -> tuple[int, ...]:
        """An optional list of record ids (a JSON list, or a repeated form field)."""
        value = self.values.get(name) or []
        items = value if isinstance(value, list) else [None if self.typed else value]
        numbers = [_record_id(item, typed=self.typed) for item in items]
        if len(numbers) > max_items or None in numbers:
            self.error(name, _("Please give a list of ids."))
            return ()
        return tuple(n for n in numbers if n is not None)

    def codes(self, name: str, *, max_items: int = 50, max_length: int = 64) -> tuple[str, ...]:
        """A list of short codes (which ones exist is the service's to say)."""
        value = self.values.get(name, [])
        items = value if isinstance(value, list) else ([value] if value != "" else [])
        if (self.typed and not isinstance(value, list)) or not all(
                is_text(c) and len(c) <= max_length for c in items):
            self.error(name, _("Please give a list of field codes."))
            return ()
        return tuple(items)[:max_items]

    def choice(self, name: str, choices: Iterable[str], *, required: bool = True) -> str:
        if self._untyped(name, is_text, _("Please choose one of the options.")):
            return ""
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
        if self._untyped(name, is_text, _("Please enter a date as YYYY-MM-DD.")):
            return None
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
