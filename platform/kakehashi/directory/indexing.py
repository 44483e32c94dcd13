"""What goes into each record's ``search_text``: one place, so every writer indexes alike.

Services that create or edit organisations, departments, needs or capabilities (forms, CSV
import, the demo loader) call these and store the result in the same transaction.
"""

from __future__ import annotations

from kakehashi.directory.japanese import search_text


def organisation_text(
    name: str, furigana: str, area: str, description: str, activities: str
) -> str:
    return search_text(name, furigana, area, description, activities)


def department_text(name: str, section: str, description: str) -> str:
    return search_text(name, section, description)


def need_text(title: str, description: str, area: str) -> str:
    return search_text(title, description, area)


def capability_text(title: str, description: str) -> str:
    return search_text(title, description)
