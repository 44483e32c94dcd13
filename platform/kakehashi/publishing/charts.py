"""Bar charts drawn on the server: geometry for an accessible SVG, no JavaScript.

The template (``statistics/_chart.html``) draws each bar with a pattern as well as a colour and
writes the category and the number beside it, so the chart reads without colour; a data table
beside it carries the same numbers for screen readers and copying.
"""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 220
PLOT_WIDTH = 320
VALUE_WIDTH = 60
TOP = 8
PATTERNS = ("solid", "hatch", "dots", "cross")
"""Fills the bars take in turn: neighbouring bars differ in pattern, not only in colour."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    pattern: str

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    category_heading: str
    value_heading: str
    bars: list[Bar]
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH

    @property
    def width(self) -> int:
        return self.label_width + self.plot_width + VALUE_WIDTH

    @property
    def height(self) -> int:
        return TOP * 2 + max(1, len(self.bars)) * (BAR_HEIGHT + GAP)

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


def bar_chart(
    id: str, title: str, category_heading: str, value_heading: str,
    rows: list[tuple[str, int]], empty: str,
) -> BarChart:
    """Horizontal bars scaled to the largest value; the description states every number."""
    largest = max((value for _label, value in rows), default=0)
    bars = [
        Bar(label=label, value=value,
            y=TOP + index * (BAR_HEIGHT + GAP),
            width=round(PLOT_WIDTH * value / largest) if largest else 0,
            pattern=PATTERNS[index % len(PATTERNS)])
        for index, (label, value) in enumerate(rows)
    ]
    description = "; ".join(f"{label}: {value}" for label, value in rows) or empty
    return BarChart(id=id, title=title, description=description,
                    category_heading=category_heading, value_heading=value_heading, bars=bars)
