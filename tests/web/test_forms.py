"""One set of field rules for HTML forms and JSON bodies: the same text gets the same answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from starlette.datastructures import FormData

from kakehashi.http.forms import Form
from kakehashi.i18n import current_locale
from kakehashi.record_ids import MAX_ID


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English: the ids are what the rules say (the catalogue translates them)."""
    token = current_locale.set("en")
    yield
    current_locale.reset(token)


def both(values: dict[str, str]) -> list[Form]:
    return [Form(FormData(list(values.items()))), Form.from_json(values)]


@pytest.mark.parametrize("form", both({"title": " 見守り\x07活動 ", "long": "あ" * 201}))
def test_text_is_trimmed_cleaned_and_limited_alike(form: Form) -> None:
    assert form.text("title", required=True) == "見守り活動"
    form.text("long")
    form.text("missing", required=True)
    assert form.errors == {"long": "Please keep this under 200 characters (now 201).",
                           "missing": "Please fill in this field."}


def test_json_values_must_have_the_fields_type() -> None:
    form = Form.from_json({"title": 5, "count": True, "day": 20261204, "kind": ["a"],
                           "ids": "3", "fields": "welfare", "plan": None})
    assert form.text("title") == ""
    assert form.integer("count", minimum=0, maximum=9) is None
    assert form.date("day") is None
    assert form.choice("kind", ["a"]) == ""
    assert form.record_ids("ids") == ()
    assert form.codes("fields") == ()
    assert form.text("plan", required=True) == ""  # null is absent, not the word "None"
    assert form.errors == {
        "title": "Please give text.", "count": "Please enter a whole number.",
        "day": "Please enter a date as YYYY-MM-DD.", "kind": "Please choose one of the options.",
        "ids": "Please give a list of ids.", "fields": "Please give a list of field codes.",
        "plan": "Please fill in this field.",
    }


def test_json_numbers_lists_and_dates_are_read() -> None:
    form = Form.from_json({"count": 12, "ids": [3, 4], "fields": ["welfare"], "group": 7,
                           "on": "2026-12-04"})
    assert form.integer("count", minimum=0, maximum=99) == 12
    assert form.record_ids("ids") == (3, 4)
    assert form.codes("fields") == ("welfare",)
    assert form.record_id("group") == 7
    assert form.date("on") == date(2026, 12, 4)
    assert form.ok


@pytest.mark.parametrize("form", both({"group": str(MAX_ID + 1), "other": "0"}))
def test_record_ids_outside_the_range_are_refused_alike(form: Form) -> None:
    assert form.record_id("group") is None
    assert form.record_id("other", message="Please choose a group.") is None
    assert form.record_id("absent", required=False) is None
    assert form.errors == {"group": "Please give the id of a record (a whole number).",
                           "other": "Please choose a group."}


def test_json_id_limit_is_inclusive() -> None:
    assert Form.from_json({"group": MAX_ID}).record_id("group") == MAX_ID


@pytest.mark.parametrize("form", both({"title": "会議\r\nBcc: x@example.jp",
                                       "plan": "一行目\r\n二行目"}))
def test_a_single_line_field_refuses_line_breaks_that_a_text_area_keeps(form: Form) -> None:
    assert form.text("title") == ""
    assert form.text("plan", multiline=True, max_length=4000) == "一行目\r\n二行目"
    assert form.errors == {"title": "Please keep this on one line."}
