"""Fill sentence templates with an item's own places and numbers, and keep texts within bounds.

Every text in the demo is a few sentences drawn from separate pools; this module holds what the
group, need and capability composers share.
"""

import random
from typing import NamedTuple

from kakehashi.demo.vocabulary import CITY_NAME, LANDMARKS, split


class Setting(NamedTuple):
    """Where an item lives: fills the ``{district}``, ``{town}`` and ``{place}`` slots."""

    district: str  # "" for city-wide
    town: str
    landmark: str = ""  # one river or park per text; drawn at each use when empty


def fill(rng: random.Random, template: str, where: Setting, **extra: object) -> str:
    """Format a template; a city-wide item speaks of the city where a district would stand."""
    district = where.district or CITY_NAME
    town = where.town or district
    places = (
        f"{town}会館", f"{district}コミュニティセンター", "市民活動センター", f"{town}集会所",
        f"{district}公民館", "中央図書館の集会室", f"{town}の小学校の空き教室", "福祉会館",
    )
    return template.format(
        district=district, town=town, city=CITY_NAME, place=rng.choice(places),
        landmark=split(where.landmark or rng.choice(LANDMARKS))[0], **extra,
    )


def fit(required: list[str], optional: list[str], fillers: list[str], low: int, high: int) -> str:
    """Join the required sentences, add optional ones that fit, then fillers until ``low``."""
    text = "".join(required)
    for sentence in optional:
        if sentence and sentence not in text and len(text) + len(sentence) <= high:
            text += sentence
    for sentence in fillers:
        if len(text) >= low:
            break
        if sentence and sentence not in text and len(text) + len(sentence) <= high:
            text += sentence
    return text


FREQUENCIES = (
    "毎月第{n}{day}曜日に", "毎週{day}曜日の午前中に", "毎週{day}曜日の夕方に", "月に一度",
    "隔月で", "年に{k}回", "春と秋の年二回", "夏休み期間中に", "毎年{month}月に", "週に二回",
    "第{n}・第{n2}{day}曜日に", "平日の朝", "毎月{date}日前後に",
)
DAYS = "月火水木金土日"


def frequency(rng: random.Random) -> str:
    """A frequency phrase such as 毎月第2土曜日に."""
    n = rng.randint(1, 2)
    return rng.choice(FREQUENCIES).format(
        n=n, n2=n + 2, day=rng.choice(DAYS), k=rng.randint(3, 6),
        month=rng.randint(4, 11), date=rng.choice((1, 10, 15, 20, 25)),
    )


def as_owner(text: str, kind: str) -> str:
    """Speak as the owner does: a company has 社員, a corporation 職員, others 会員."""
    words = {"company": "社員", "other_corporation": "職員"}
    return text.replace("会員", words[kind]) if kind in words else text
