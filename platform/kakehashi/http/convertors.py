"""URL convertors: ids and field codes that cannot reach the database if they are out of range.

``{id:record}`` accepts 1 to ``record_ids.MAX_ID_DIGITS`` digits, so an id too large for a
32-bit column is simply an unknown page (404) on SQLite and PostgreSQL alike, instead of a
database error.
``{code:fieldcode}`` accepts only the characters a taxonomy code can have.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

from kakehashi.record_ids import MAX_ID_DIGITS


class RecordIdConvertor(Convertor[int]):
    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


class FieldCodeConvertor(Convertor[str]):
    regex = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("record", RecordIdConvertor())
register_url_convertor("fieldcode", FieldCodeConvertor())
