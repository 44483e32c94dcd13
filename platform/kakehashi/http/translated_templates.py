"""Constant translations folded into the compiled templates, one compiled set per language.

Pages call ``_("…")`` about fifty times each; through Jinja's i18n extension every call goes
through the context, the gettext wrapper and a ``Markup`` made and formatted anew, about a
tenth of a page's CPU. A call whose only argument is a literal string always gives the same
text in one language, so an environment made for that language replaces it with the text
itself when the template is compiled (marked safe and formatted as the extension would). Calls
with variables, ``ngettext`` and ``{% trans %}`` blocks are left to run as before.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, nodes
from jinja2.visitor import NodeTransformer

from kakehashi import i18n


def _constant_message(node: nodes.Node) -> str | None:
    """The message of ``_("literal")`` called with nothing else; ``None`` for any other node."""
    if not isinstance(node, nodes.Call) or node.kwargs or node.dyn_args or node.dyn_kwargs:
        return None
    if not (isinstance(node.node, nodes.Name) and node.node.name == "_"):
        return None
    if len(node.args) != 1 or not isinstance(node.args[0], nodes.Const):
        return None
    value = node.args[0].value
    return value if isinstance(value, str) else None


class _FoldTranslations(NodeTransformer):
    def __init__(self, locale: str) -> None:
        self.catalogue = i18n.translations(locale)

    def visit_Call(self, call: nodes.Call) -> nodes.Node:
        node = self.generic_visit(call)
        message = _constant_message(node)
        if message is None:
            return node
        try:
            text = self.catalogue.gettext(message) % {}
        except (KeyError, TypeError, ValueError):  # a placeholder without its variable
            return node
        return nodes.MarkSafeIfAutoescape(nodes.Const(text), lineno=node.lineno)


class TranslatedEnvironment(Environment):
    """A Jinja environment for one language, its constant ``_()`` calls folded at compile time
    (render its templates only while :data:`kakehashi.i18n.current_locale` is that language)."""

    def __init__(self, locale: str, **options: Any) -> None:
        super().__init__(**options)
        self.locale = locale

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        folded = _FoldTranslations(self.locale).visit(tree)
        assert isinstance(folded, nodes.Template)
        return folded
