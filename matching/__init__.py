"""Kakehashi's matching engine: who should work together, and why.

A pure library (numpy, scipy, scikit-learn, SudachiPy); it never imports the web layer.

    from matching import Document, Matcher
    m = Matcher().fit(docs)
    m.suggest(query, k=10, load={"g42": 3}, kinds={"npo", "citizen_group"})

See `matching/README.md` for the evaluation and the benchmarks.
"""

from matching.closeness import closeness
from matching.directions import (
    GROUP_KINDS,
    Pair,
    departments_for_proposal,
    groups_for_need,
    needs_for_group,
    pairs_above,
)
from matching.documents import FIELDS, KINDS, LABEL_TO_FIELD, ROLES, Document, Reason, Suggestion
from matching.matcher import Matcher
from matching.scoring import Weights
from matching.text import tokenize

__all__ = [
    "FIELDS",
    "GROUP_KINDS",
    "KINDS",
    "LABEL_TO_FIELD",
    "ROLES",
    "Document",
    "Matcher",
    "Pair",
    "Reason",
    "Suggestion",
    "Weights",
    "closeness",
    "departments_for_proposal",
    "groups_for_need",
    "needs_for_group",
    "pairs_above",
    "tokenize",
]
