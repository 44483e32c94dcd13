"""The plain values that go in and out of the engine: documents, suggestions and reasons.

The web layer builds `Document`s from its models and renders `Suggestion`s; nothing here
knows about the database. Reasons carry a stable `code` and JSON-friendly `data` so the
page can translate them, plus an English `text` fallback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: The six field codes shared by every labelled set and the platform's taxonomy.
FIELDS: tuple[str, ...] = (
    "welfare",
    "disaster",
    "environment",
    "education",
    "culture",
    "community",
)

#: Japanese labels used in the labelled data, mapped to field codes.
LABEL_TO_FIELD: Mapping[str, str] = {
    "福祉": "welfare",
    "防災": "disaster",
    "環境": "environment",
    "教育": "education",
    "文化": "culture",
    "まちづくり": "community",
}

#: Partner kinds the platform knows; anything else is treated as unknown.
KINDS: tuple[str, ...] = (
    "individual",
    "citizen_group",
    "npo",
    "neighbourhood",
    "company",
    "other_corporation",
    "department",
)

#: Roles a document plays, used to restrict suggestions to one direction.
ROLES: tuple[str, ...] = ("profile", "need", "capability", "proposal")


@dataclass(frozen=True, slots=True)
class Document:
    """One thing that can be matched: a profile, a need, a capability or a proposal.

    `fields` holds codes such as "welfare" or sub-areas such as "welfare.elderly";
    `owner` groups documents of one organisation so suggestions stay diverse;
    `tokens` may hold the output of `matching.tokenize(text)` computed when the document
    was written, so fitting does not tokenise again. Empty or None means unknown.
    """

    id: str
    text: str = ""
    fields: frozenset[str] | None = None
    kind: str | None = None
    area: str | None = None
    role: str | None = None
    owner: str | None = None
    tokens: tuple[str, ...] | None = None

    def top_fields(self) -> frozenset[str]:
        """The six-way field codes, with sub-areas folded into their field."""
        return top_fields(self.fields or ())

    def sub_areas(self) -> frozenset[str]:
        """Only the "<field>.<sub>" codes."""
        return _sub_areas(self.fields) if self.fields else _NONE


_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)
def _sub_areas(fields: frozenset[str]) -> frozenset[str]:
    """Cached by field set: a ranking asks each of its candidates several times, and a
    city has few distinct field sets."""
    return frozenset(f for f in fields if "." in f)


def top_fields(codes: Iterable[str]) -> frozenset[str]:
    """Fold sub-areas ("welfare.elderly") into their field and drop unknown codes."""
    out = set()
    for code in codes:
        head = code.split(".", 1)[0]
        if head in FIELDS:
            out.add(head)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a pair was suggested: a translatable code, its data, and an English fallback."""

    code: str
    data: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested partner, best first in the lists the engine returns.

    `score` lies in [0, 1]; `parts` shows how it was built (text, fields, area, kind,
    load factor) so the coordinator can see the arithmetic behind a suggestion.
    """

    id: str
    score: float
    reasons: list[Reason] = field(default_factory=list)
    parts: Mapping[str, float] = field(default_factory=dict)

    @property
    def closeness(self) -> str:
        """The score in a word: `very_close`, `close` or `reference` (see `closeness`)."""
        from matching.closeness import closeness

        return closeness(self.score)


def unique_documents(docs: Iterable[Document]) -> list[Document]:
    """The documents with the last one winning when an id repeats."""
    by_id: dict[str, Document] = {}
    for d in docs:
        if not isinstance(d, Document):
            raise TypeError(f"expected Document, got {type(d).__name__}")
        by_id.pop(d.id, None)
        by_id[d.id] = d
    return list(by_id.values())
