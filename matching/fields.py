"""Learn the six fields from text, so documents without fields can still be compared.

Many groups and needs leave fields empty or tick one when several apply. A linear model
per field, trained on whatever labelled documents are indexed, gives each document a
probability per field; the matcher uses declared fields where they exist and these
probabilities elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped,unused-ignore]

from matching.documents import FIELDS, Document

#: Fewer labelled documents than this and the model is not trained (priors are used).
MIN_LABELLED = 20
#: Training is capped (a random sample) so fitting a national index stays fast.
MAX_TRAIN = 30_000


class FieldModel:
    """One logistic regression per field on the text vectors; predicts P(field | text).

    A document counts as labelled when it has any field or sub-area, or only "other".
    """

    def __init__(self, C: float = 4.0, random_state: int = 0) -> None:
        self.C = C
        self.random_state = random_state

    def fit(self, X: sp.csr_matrix, docs: Sequence[Document]) -> FieldModel:
        """Learn from the rows of `X` whose document carries fields; returns self."""
        labelled = [i for i, d in enumerate(docs) if d.fields]
        rng = np.random.default_rng(self.random_state)
        if len(labelled) > MAX_TRAIN:
            labelled = sorted(rng.choice(labelled, MAX_TRAIN, replace=False).tolist())
        Y = field_matrix([docs[i] for i in labelled])
        self.prior_ = (
            Y.mean(axis=0) if len(labelled) else np.full(len(FIELDS), 1.0 / len(FIELDS))
        ).astype(np.float32)
        columns = []
        self.intercept_ = np.zeros(len(FIELDS), dtype=np.float32)
        self.trained_ = np.zeros(len(FIELDS), dtype=bool)
        for j in range(len(FIELDS)):
            y = Y[:, j]
            if len(labelled) < MIN_LABELLED or y.min() == y.max():
                columns.append(sp.csc_matrix((X.shape[1], 1), dtype=np.float32))
                continue
            model = LogisticRegression(C=self.C, max_iter=200, solver="liblinear")
            model.fit(X[labelled], y)
            columns.append(sp.csc_matrix(model.coef_[0].astype(np.float32)[:, None]))
            self.intercept_[j] = model.intercept_[0]
            self.trained_[j] = True
        # Kept as one sparse matrix: predicting is then a single product, fast enough
        # to run on every `add`.
        self.coef_ = sp.csr_matrix(sp.hstack(columns), dtype=np.float32)
        return self

    def predict_proba(self, X: sp.csr_matrix) -> np.ndarray:
        """(n, 6) float32 probabilities; the prior where no model could be trained."""
        if self.trained_.any():
            logits = X @ self._dense_coef() + self.intercept_
        else:
            logits = np.zeros((X.shape[0], len(FIELDS)), dtype=np.float32)
        out = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        out[:, ~self.trained_] = self.prior_[~self.trained_]
        return np.asarray(out, dtype=np.float32)

    def _dense_coef(self) -> np.ndarray:
        """`coef_` as a dense (features, 6) float32 array, made once: a sparse-times-dense
        product costs a tenth of a sparse-times-sparse one for a single document. It takes 31 MB
        (4 bytes a weight), about what the sparse form of a model trained on a large index
        takes; an untrained model never builds it."""
        source, dense = getattr(self, "_dense", (None, None))
        if source is not self.coef_ or dense is None:
            dense = np.ascontiguousarray(self.coef_.toarray(), dtype=np.float32)
            self._dense = (self.coef_, dense)
        return dense


def field_matrix(docs: Sequence[Document]) -> np.ndarray:
    """(n, 6) indicator matrix of the declared fields (sub-areas count for their field)."""
    out = np.zeros((len(docs), len(FIELDS)), dtype=np.float32)
    index = {f: j for j, f in enumerate(FIELDS)}
    for i, d in enumerate(docs):
        for f in d.top_fields():
            out[i, index[f]] = 1.0
    return out
