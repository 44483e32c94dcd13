"""Translations: English message ids, Japanese by default, English by a switch.

Catalogues are the ``locale/<lang>/*.po`` files (one per area, merged), compiled in memory at
start-up with Babel so there is no build step to forget. The current locale lives in a context
variable set per request by
:class:`kakehashi.middleware.RequestContextMiddleware`.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from kakehashi.timezone import TOKYO

LOCALES: tuple[str, ...] = ("ja", "en")
DEFAULT_LOCALE = "ja"
LOCALE_DIR = Path(__file__).parent / "locale"

current_locale: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_locale", default=DEFAULT_LOCALE
)


@cache
def translations(locale: str) -> Translations:
    """All catalogues of one locale merged into one ``Translations`` object."""
    merged = Translations()
    for po_path in sorted((LOCALE_DIR / locale).glob("*.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        loaded = Translations(fp=buffer)
        merged.merge(loaded)
        merged.plural = loaded.plural  # the language's plural rule (Japanese: one form)
    return merged


def gettext(message: str, **variables: object) -> str:
    text = translations(current_locale.get()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = translations(current_locale.get()).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


_ = gettext


def choose_locale(requested: str | None) -> str:
    return requested if requested in LOCALES else DEFAULT_LOCALE


def format_date(value: date | datetime | None, fmt: str = "medium") -> str:
    """A date as people of the current locale write it (2026年11月23日 / Nov 23, 2026)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return _formatted_date(value, fmt, current_locale.get())


@lru_cache(maxsize=4096)
def _formatted_date(value: date, fmt: str, locale: str) -> str:
    """Babel's formatting is costly and a list page prints dozens of dates, most of them few."""
    return babel_format_date(value, format=fmt, locale=Locale.parse(locale))


def format_when(value: str | datetime | None) -> str:
    """A moment in Tokyo time, as people of the current locale write it (pages and mails)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TOKYO)
    locale = Locale.parse(current_locale.get())
    pattern = "y年M月d日(E) H:mm" if locale.language == "ja" else "EEE d MMM y, H:mm"
    return babel_format_datetime(moment, pattern, tzinfo=TOKYO, locale=locale)


def wareki(value: date | datetime | None) -> str:
    """The Japanese era year (令和8年) that offices print next to the Western year."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    for start, era in _ERAS:
        if day >= start:
            era_year = day.year - start.year + 1
            return f"{era}元年" if era_year == 1 else f"{era}{era_year}年"
    return ""


_ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"), (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"), (date(1868, 10, 23), "明治"),
)


@contextlib.contextmanager
def in_locale(locale: str) -> Iterator[None]:
    """Translate in ``locale`` for the block (a mail or feed written for another person)."""
    token = current_locale.set(choose_locale(locale))
    try:
        yield
    finally:
        current_locale.reset(token)
