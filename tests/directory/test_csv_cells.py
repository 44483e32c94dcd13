"""Exported cells never run as spreadsheet formulas, whichever width the sign is typed in."""

from __future__ import annotations

import pytest

from kakehashi.directory.csv_formats import clean_text, write_cell


@pytest.mark.parametrize("text", ["=HYPERLINK(\"x\")", "＝1+1", "＋81", "－1", "＠SUM(A1)",
                                  "@x"])
def test_a_formula_start_is_guarded_and_comes_back_as_typed(text: str) -> None:
    cell = write_cell(text)
    assert cell == "'" + text
    assert clean_text(cell) == text.strip()


@pytest.mark.parametrize("text", ["見守り", "1+1", "a=b", "'quoted"])
def test_ordinary_text_is_written_as_it_is(text: str) -> None:
    assert write_cell(text) == text


def test_a_leading_tab_is_guarded_too() -> None:
    assert write_cell("\t=1") == "'\t=1"
