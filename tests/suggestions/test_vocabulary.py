"""One vocabulary: the platform's partner kinds, criteria and field codes are what the labels,
the demo city and the matching library (which keeps its own copy, importing nothing of ours)
know."""

from __future__ import annotations

import matching
from kakehashi import labels
from kakehashi.demo import vocabulary
from kakehashi.directory.models.orgs import Criterion, PartnerKind
from kakehashi.taxonomy.fields import DEFAULT_FIELDS


def test_the_matching_library_knows_the_platforms_partner_kinds() -> None:
    platform = (*(kind.value for kind in PartnerKind), "department")
    assert platform == matching.KINDS


def test_the_matching_library_knows_the_platforms_top_fields() -> None:
    top_fields = tuple(code for code, _ja, _en in DEFAULT_FIELDS if "." not in code)
    assert top_fields == matching.FIELDS


def test_every_kind_and_criterion_has_a_label() -> None:
    assert list(labels.PARTNER_KINDS) == list(PartnerKind)
    assert list(labels.CRITERIA) == list(Criterion)


def test_the_demo_city_uses_the_platforms_vocabulary() -> None:
    assert tuple(PartnerKind) == vocabulary.PARTNER_KINDS
    assert tuple(Criterion) == vocabulary.CRITERIA
    assert list(vocabulary.FIELDS) == [code for code, _ja, _en in DEFAULT_FIELDS]
