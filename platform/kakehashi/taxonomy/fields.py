"""The field taxonomy (分野): default contents from the guidelines, and labels."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from kakehashi.i18n import current_locale
from kakehashi.taxonomy import snapshot
from kakehashi.taxonomy.models import Field

DEFAULT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("welfare", "福祉", "Welfare"),
    ("welfare.elderly", "高齢者", "Older people"),
    ("welfare.disability", "障がい者", "People with disabilities"),
    ("welfare.childcare", "子育て支援", "Child-rearing support"),
    ("disaster", "防災・防犯", "Disaster and crime prevention"),
    ("disaster.crime", "防犯", "Crime prevention"),
    ("disaster.prevention", "防災", "Disaster prevention"),
    ("disaster.volunteer", "災害時ボランティア", "Disaster volunteering"),
    ("environment", "環境", "Environment"),
    ("environment.waste", "ごみ減量", "Waste reduction"),
    ("environment.conservation", "環境保全", "Conservation"),
    ("environment.beautification", "美化", "Clean-up and greening"),
    ("education", "教育", "Education"),
    ("education.learning", "学習支援", "Learning support"),
    ("culture", "文化", "Culture"),
    ("culture.arts", "芸術・文化", "Arts and culture"),
    ("culture.festival", "祭り", "Festivals"),
    ("culture.sports", "スポーツ", "Sports"),
    ("culture.international", "国際交流", "International exchange"),
    ("community", "まちづくり", "Community development"),
    ("community.facilities", "公園・コミュニティ施設の管理運営", "Parks and community facilities"),
    ("community.planning", "計画策定への参画", "Taking part in planning"),
)
"""Tomakomai Q8's fields and sub-areas; codes are stable, labels editable."""


@dataclass(frozen=True)
class FieldView:
    code: str
    label: str
    label_ja: str
    label_en: str
    parent_code: str | None
    position: int


async def ensure_taxonomy() -> int:
    """Insert the default fields that are missing; returns how many were added."""
    async with in_transaction():
        existing = set(await Field.all().values_list("code", flat=True))
        added = 0
        by_code = {f.code: f for f in await Field.all()}
        for position, (code, label_ja, label_en) in enumerate(DEFAULT_FIELDS):
            if code in existing:
                continue
            parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
            by_code[code] = await Field.create(
                code=code, label_ja=label_ja, label_en=label_en, parent=parent,
                position=position,
            )
            added += 1
    snapshot.forget()
    return added


def label_for(label_ja: str, label_en: str) -> str:
    return label_en if current_locale.get() == "en" and label_en else label_ja


async def list_fields() -> list[FieldView]:
    """Every field and sub-area in display order, labelled in the current language."""
    return [
        FieldView(
            code=r.code, label=label_for(r.label_ja, r.label_en), label_ja=r.label_ja,
            label_en=r.label_en, parent_code=r.parent_code, position=r.position,
        )
        for r in await snapshot.field_rows()
    ]


async def field_labels() -> dict[str, str]:
    """Code → label in the current language, for every field and sub-area."""
    return {r.code: label_for(r.label_ja, r.label_en) for r in await snapshot.field_rows()}


async def parent_codes() -> dict[str, str | None]:
    """Code → its parent's code (``None`` for a top-level field)."""
    return {r.code: r.parent_code for r in await snapshot.field_rows()}


async def field_codes() -> set[str]:
    return {r.code for r in await snapshot.field_rows()}
