"""Save and load a fitted `Matcher` as one `.npz` file: arrays plus a JSON header.

No pickle, so loading a file cannot run code, and the format survives library upgrades.
Removed rows are dropped on save.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]

from matching.documents import Document
from matching.fields import FieldModel
from matching.index import VectorStore
from matching.neighbours import NeighbourRows
from matching.scoring import Weights
from matching.vectorize import TextVectorizer

if TYPE_CHECKING:
    from matching.matcher import Matcher

FORMAT = 2  # 2: second-order neighbours; vectors with tf = 1 + ln(count)


def _doc_json(d: Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "text": d.text,
        "kind": d.kind,
        "area": d.area,
        "role": d.role,
        "owner": d.owner,
        "fields": sorted(d.fields) if d.fields is not None else None,
        "tokens": list(d.tokens) if d.tokens is not None else None,
    }


def _doc_from(j: dict[str, Any]) -> Document:
    return Document(
        id=j["id"],
        text=j["text"],
        kind=j["kind"],
        area=j["area"],
        role=j["role"],
        owner=j["owner"],
        fields=frozenset(j["fields"]) if j["fields"] is not None else None,
        tokens=tuple(j["tokens"]) if j["tokens"] is not None else None,
    )


def save(matcher: Matcher, path: Path) -> None:
    """Write `matcher` (fitted) to `path`."""
    alive = np.flatnonzero(matcher.alive_)
    X = matcher.store_.matrix()[alive]
    vec: TextVectorizer = matcher.vectorizer_
    fm: FieldModel = matcher.field_model_
    header = {
        "format": FORMAT,
        "params": {
            "weights": matcher.weights.as_dict() if matcher.weights else None,
            "word_weight": matcher.word_weight,
            "field_C": matcher.field_C,
            "load_penalty": matcher.load_penalty,
            "max_per_owner": matcher.max_per_owner,
            "near_duplicate": matcher.near_duplicate,
            "use_declared_fields": matcher.use_declared_fields,
            "hybrid_rows": matcher.hybrid_rows,
            "n_jobs": matcher.n_jobs,
            "second_order": matcher.second_order,
            "area_neighbours": {k: sorted(v) for k, v in (matcher.area_neighbours or {}).items()}
            or None,
        },
        "vectorizer": {"char_sizes": list(vec.char_sizes), "n_docs": vec.n_docs_},
        "docs": [_doc_json(matcher.docs_[i]) for i in alive],
    }
    coef = sp.csr_matrix(fm.coef_)
    anchors, anchor_ids = _anchors(matcher)
    header["anchor_ids"] = anchor_ids
    table = matcher.neighbours_
    saved_rows = alive if len(table) == len(matcher.docs_) else alive[:0]
    with path.open("wb") as f:
        np.savez_compressed(
            f,
            header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8),
            word_idf=vec.word_idf_,
            char_idf=vec.char_idf_,
            coef_data=coef.data,
            coef_indices=coef.indices,
            coef_indptr=coef.indptr,
            coef_shape=np.array(coef.shape),
            intercept=fm.intercept_,
            trained=fm.trained_,
            prior=fm.prior_,
            x_data=X.data,
            x_indices=X.indices,
            x_indptr=X.indptr,
            x_shape=np.array(X.shape),
            fields=matcher.fields_[alive],
            declared=matcher.declared_[alive],
            neighbour_positions=table.positions[saved_rows],
            neighbour_weights=table.weights[saved_rows],
            a_data=anchors.data,
            a_indices=anchors.indices,
            a_indptr=anchors.indptr,
            a_shape=np.array(anchors.shape),
        )


def _anchors(matcher: Matcher) -> tuple[sp.csr_matrix, list[str]]:
    """The anchor rows (they stay anchors after their documents are removed)."""
    table = matcher.neighbours_
    if table.anchors is None or not table.anchor_ids:
        return sp.csr_matrix((0, matcher.store_.n_features), dtype=np.float32), []
    rows = table.anchors.rows(np.arange(len(table.anchor_ids)))
    return rows, table.anchor_ids


def load(path: Path) -> Matcher:
    """Read a matcher written by `save`."""
    from matching.matcher import Matcher

    with np.load(path, allow_pickle=False) as z:
        header = json.loads(bytes(z["header"]).decode())
        if header.get("format") != FORMAT:
            raise ValueError(f"unsupported matcher file format: {header.get('format')}")
        params = dict(header["params"])
        if params["weights"] is not None:
            params["weights"] = Weights(**params["weights"])
        matcher = Matcher(**params)
        vec = TextVectorizer(params["word_weight"], tuple(header["vectorizer"]["char_sizes"]))
        vec.word_idf_, vec.char_idf_ = z["word_idf"], z["char_idf"]
        vec.n_docs_ = header["vectorizer"]["n_docs"]
        fm = FieldModel(C=params["field_C"])
        fm.coef_ = sp.csr_matrix(
            (z["coef_data"], z["coef_indices"], z["coef_indptr"]), shape=tuple(z["coef_shape"])
        )
        fm.intercept_, fm.trained_, fm.prior_ = z["intercept"], z["trained"], z["prior"]
        X = sp.csr_matrix((z["x_data"], z["x_indices"], z["x_indptr"]), shape=tuple(z["x_shape"]))
        fields, declared = z["fields"], z["declared"]
        neighbours = (z["neighbour_positions"], z["neighbour_weights"])
        anchors = sp.csr_matrix(
            (z["a_data"], z["a_indices"], z["a_indptr"]), shape=tuple(z["a_shape"])
        )
    matcher.vectorizer_, matcher.field_model_ = vec, fm
    saved = neighbours if len(neighbours[0]) == X.shape[0] else None
    if anchors.shape[0]:
        store = VectorStore(anchors.shape[1], matcher.hybrid_rows)
        store.append(anchors)
        matcher.neighbours_ = NeighbourRows()
        matcher.neighbours_.set_anchors(store, header["anchor_ids"])
    matcher._restore([_doc_from(j) for j in header["docs"]], X, fields, declared, saved)
    return matcher
