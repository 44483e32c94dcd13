"""One largest record id: the path convertor, owner keys and JSON ids all stop at MAX_ID."""

from __future__ import annotations

import re

from kakehashi.http.convertors import RecordIdConvertor
from kakehashi.record_ids import MAX_ID, parse_id


def test_the_path_convertor_and_parse_id_agree_on_the_largest_id() -> None:
    pattern = re.compile(RecordIdConvertor.regex)
    assert pattern.fullmatch(str(MAX_ID)) and not pattern.fullmatch(str(MAX_ID + 1))
    assert parse_id(str(MAX_ID)) == MAX_ID and parse_id(str(MAX_ID + 1)) is None
    assert MAX_ID < 2**31 - 1  # every accepted id fits the 32-bit columns


def test_parse_id_takes_ascii_digits_from_one() -> None:
    assert [parse_id(t) for t in ("1", "0", "", "-1", "１", "1e3", " 1")] == [
        1, None, None, None, None, None, None]
