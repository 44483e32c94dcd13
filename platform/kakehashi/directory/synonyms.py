"""English words people type, mapped to the Japanese field vocabulary records are written in.

A few Japanese words also carry their everyday equivalents: フードバンク finds the フードドライブ
that collect for them, サロン the ひろば (子育てサロン and 子育てひろば are the same kind of place).

Kept small and hand-written: only our own domain words. A query word listed here also matches
its Japanese equivalents (「disaster」 finds 防災 and 災害); phrases are joined first."""

from __future__ import annotations

PHRASES: dict[str, str] = {
    "food bank": "foodbank",
    "child care": "childcare",
    "elderly care": "eldercare",
}
"""Multi-word English terms, joined into one word before the query is split."""

WORDS: dict[str, tuple[str, ...]] = {
    "disaster": ("防災", "災害"),
    "evacuation": ("避難",),
    "drill": ("訓練",),
    "foodbank": ("フードバンク", "フードドライブ"),
    "フードバンク": ("フードドライブ",),
    "food": ("食料", "食品", "フード"),
    "childcare": ("子育て", "保育"),
    "children": ("子ども", "子供"),
    "child": ("子ども", "子供"),
    "elderly": ("高齢者",),
    "eldercare": ("高齢者", "介護"),
    "volunteer": ("ボランティア",),
    "volunteers": ("ボランティア",),
    "watch": ("見守り",),
    "salon": ("サロン", "ひろば"),
    "サロン": ("ひろば",),
    "environment": ("環境",),
    "cleanup": ("清掃",),
    "festival": ("祭り",),
    "sports": ("スポーツ",),
    "welfare": ("福祉",),
    "education": ("教育", "学習"),
    "health": ("健康",),
}


def expand(folded_query: str) -> str:
    """The query with known English phrases joined into single words."""
    for phrase, word in PHRASES.items():
        folded_query = folded_query.replace(phrase, word)
    return folded_query
