"""The largest record id the site accepts, in paths, forms, JSON bodies and CSV files alike.

Nine digits: every id the 32-bit columns can hold up to here, and anything longer is simply an
unknown record (404, or a message at the field) on SQLite and PostgreSQL alike, never a
database error.
"""

from __future__ import annotations

MAX_ID_DIGITS = 9
MAX_ID = 10**MAX_ID_DIGITS - 1
"""999_999_999: below PostgreSQL's integer limit (2_147_483_647)."""


def parse_id(text: str) -> int | None:
    """The id that ``text`` names (ASCII digits, 1 to MAX_ID), or None."""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_ID_DIGITS:
        return None
    number = int(text)
    return number if number >= 1 else None
