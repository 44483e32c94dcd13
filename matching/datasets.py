"""Read the labelled evaluation sets in `../shared/data/` as `Document`s.

The sets are read where they lie, never copied into the repository. Known files use the
text columns their README names; any other CSV with a `fields` or `labels` column is read
with the best-looking text column, so sets of the same kinds (held out) work too.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from matching.documents import LABEL_TO_FIELD, Document

#: Known files: text columns joined with ". ", and the baseline analyser their README used.
KNOWN: dict[str, tuple[tuple[str, ...], str]] = {
    "volunteer_opportunities_nyc": (("title", "summary"), "word"),
    "nonprofit_missions_ntee": (("mission",), "word"),
    "npo_jp_top2324": (("name",), "char"),
    "rs2025_projects_ja_dev": (("text",), "char"),
}
_TEXT_GUESSES = ("text", "mission", "summary", "description", "title", "name")


@dataclass(frozen=True)
class LabelledSet:
    """One labelled file: documents with declared fields, and the baseline analyser."""

    name: str
    docs: list[Document]
    analyser: str  # "word" (English) or "char" (Japanese) for the TF-IDF baseline
    #: Specific activity per row (NTEE code's first three characters, or ministry +
    #: bureau), for the fine protocol; empty when the set has no such label.
    fine: tuple[str | None, ...] = ()


def default_data_dir() -> Path:
    """`<repo>/../shared/data`, or `$KAKEHASHI_EVAL_DATA` when set."""
    env = os.environ.get("KAKEHASHI_EVAL_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def read_set(path: Path) -> LabelledSet:
    """Documents from one CSV; labels are mapped to field codes, `other` kept as "other"."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0].keys()) if rows else []
    label_col, sep = (
        ("labels", "|")
        if "labels" in header and "fields" not in header
        else (
            "fields",
            ";",
        )
    )
    columns, analyser = KNOWN.get(path.stem, ((), ""))
    if not columns:
        columns = tuple(c for c in _TEXT_GUESSES if c in header)[:1] or (header[0],)
    docs, fine = [], []
    for i, row in enumerate(rows):
        fine.append(fine_label(row))
        text = ". ".join((row.get(c) or "").strip() for c in columns if row.get(c))
        labels = [x.strip() for x in (row.get(label_col) or "").split(sep) if x.strip()]
        fields = frozenset(LABEL_TO_FIELD.get(x, "other") for x in labels)
        docs.append(Document(id=f"{path.stem}:{i}", text=text, fields=fields or None))
    if not analyser:
        analyser = "char" if _mostly_japanese(docs) else "word"
    has_fine = any(f is not None for f in fine)
    return LabelledSet(path.stem, docs, analyser, tuple(fine) if has_fine else ())


def fine_label(row: dict[str, str]) -> str | None:
    """The row's specific activity: what two rows must share to do "the same thing".

    NTEE code (first three characters, e.g. ``B94``) for US non-profits; ministry + bureau
    for Japanese government programmes. Read by column name, so held-out sets of the
    same kinds get the same labels. None when the row (or set) has none.
    """
    code = (row.get("ntee_code") or "").strip().upper()
    if code:
        return code[:3]
    ministry = (row.get("ministry") or "").strip()
    if ministry:
        return f"{ministry} / {(row.get('bureau') or '').strip()}"
    return None


def read_all(data_dir: Path | None = None) -> list[LabelledSet]:
    """Every labelled CSV in the data folder (empty when the folder is absent)."""
    folder = data_dir or default_data_dir()
    if not folder.is_dir():
        return []
    return [read_set(p) for p in sorted(folder.glob("*.csv"))]


def _mostly_japanese(docs: list[Document]) -> bool:
    sample = "".join(d.text for d in docs[:200])
    ja = sum(1 for ch in sample if "\u3040" <= ch <= "\u9fff")
    return ja > 0.2 * max(len(sample), 1)
