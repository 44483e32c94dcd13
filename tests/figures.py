"""Figures a check measured, printed in one table at the end of the run (``make check-trust``).

A test calls ``record`` with what it measured and the target it must meet; the assertion stays
in the test. ``conftest.pytest_terminal_summary`` prints the table, so the README's security
section can quote a run as it printed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    measured: str
    target: str


FIGURES: list[Figure] = []
CASES: Counter[str] = Counter()
"""Generated cases sent, by check (the fuzzers count each request they make)."""


def record(name: str, measured: str, target: str) -> None:
    FIGURES.append(Figure(name, measured, target))


def count_case(check: str) -> None:
    CASES[check] += 1


def table() -> list[str]:
    figures = list(FIGURES)
    for check, sent in sorted(CASES.items()):
        figures.append(Figure(f"generated cases, {check}: no 5xx", f"{sent:,}", "0 server errors"))
    if CASES:
        figures.append(Figure("generated cases in all", f"{sum(CASES.values()):,}",
                              ">= 10,000 in make check-trust"))
    width = max(len(f.name) for f in figures)
    measured = max(len(f.measured) for f in figures)
    lines = [f"{'figure'.ljust(width)}  {'measured'.rjust(measured)}  target"]
    lines += [f"{f.name.ljust(width)}  {f.measured.rjust(measured)}  {f.target}"
              for f in figures]
    return lines
