"""The field taxonomy as form checkboxes: the options offered and the codes ticked."""

from __future__ import annotations

from kakehashi.http.forms import Form
from kakehashi.taxonomy.fields import list_fields


async def field_options() -> list[tuple[str, str, bool]]:
    """Top-level fields, each followed by its sub-areas (indented)."""
    return [(f.code, f.label, f.parent_code is not None) for f in await list_fields()]


def field_codes(
    form: Form, allowed: list[tuple[str, str, bool]], *, required: bool
) -> tuple[str, ...]:
    """The ticked taxonomy codes; a code not offered is refused at the ``fields`` field."""
    return tuple(form.choices("fields", [code for code, _, _ in allowed], required=required))
