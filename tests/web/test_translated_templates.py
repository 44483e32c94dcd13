"""Constant translations folded into each language's compiled templates give the same page."""

from __future__ import annotations

from unittest import mock

import pytest
from jinja2 import Environment

from kakehashi import i18n
from kakehashi.http.templating import build_environment
from kakehashi.settings import Settings

SOURCE = (
    '<h1>{{ _("Groups") }}</h1><a title="{{ _("Narrow the list") }}">'
    '{{ _("%(first)s–%(last)s of %(total)s", first=1, last=20, total=312) }}</a>'
    "{{ _('Groups') ~ '<b>' }}"
)


def _render(env: Environment, locale: str) -> str:
    token = i18n.current_locale.set(locale)
    try:
        return env.from_string(SOURCE).render()
    finally:
        i18n.current_locale.reset(token)


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_folded_templates_render_as_the_translated_calls_do(locale: str) -> None:
    settings = Settings.from_env()
    folded = build_environment(settings, locale)
    page = _render(folded, locale)
    assert page == _render(build_environment(settings), locale)
    assert ("団体" if locale == "ja" else "Groups") in page
    assert "&lt;b&gt;" in page  # text joined to a translation is still escaped


def test_constant_translations_are_not_looked_up_while_rendering() -> None:
    folded = build_environment(Settings.from_env(), "ja")
    with mock.patch.object(i18n, "gettext", wraps=i18n.gettext) as looked_up:
        _render(folded, "ja")
    assert looked_up.call_count == 1  # only the call with variables
