"""Synthetic Japanese group profiles and needs (80–400 characters) for the benchmarks.

Texts are assembled from phrase banks per field, place names, targets, schedules and
recruiting lines, with random numbers and names so that vocabulary keeps growing with
the corpus like real text does. Deterministic for a given seed; no data is downloaded.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from matching import FIELDS, Document

AREAS = [f"{d}{s}" for d in "北南東西中央緑旭栄本港桜若葉泉丘" for s in ("地区", "町", "区")]
PLACES = [
    "公民館",
    "集会所",
    "小学校",
    "中学校",
    "図書館",
    "市民センター",
    "公園",
    "河川敷",
    "商店街",
    "駅前",
    "神社",
    "福祉会館",
    "体育館",
    "児童館",
    "空き店舗",
    "農園",
]
KINDS = ["citizen_group", "npo", "neighbourhood", "company", "individual", "other_corporation"]
ORG_HEAD = [
    "さくら",
    "ひまわり",
    "あおば",
    "みどり",
    "ふれあい",
    "つばさ",
    "にじいろ",
    "ほほえみ",
    "かがやき",
    "わかば",
    "こもれび",
    "あさひ",
]
ORG_TAIL = [
    "の会",
    "ネットワーク",
    "倶楽部",
    "サークル",
    "協議会",
    "応援団",
    "研究会",
    "プロジェクト",
    "実行委員会",
    "保存会",
]

PHRASES: dict[str, list[str]] = {
    "welfare": [
        "一人暮らしの高齢者の見守り訪問",
        "配食サービス",
        "高齢者サロンの運営",
        "認知症カフェ",
        "障がいのある方の外出支援",
        "子育て中の親子の交流の場づくり",
        "子ども食堂",
        "買い物支援",
        "介護予防体操教室",
        "傾聴ボランティア",
        "フードバンクへの食品提供",
        "ひとり親家庭の相談",
        "地域包括支援センターとの連携",
        "福祉車両による送迎",
        "生活困窮世帯への学用品支援",
    ],
    "disaster": [
        "防災訓練の企画と実施",
        "避難所運営ゲーム(HUG)の開催",
        "夜間の防犯パトロール",
        "通学路の見守り",
        "災害時要援護者の名簿づくり",
        "防災マップの作成",
        "消火器の使い方講習",
        "災害ボランティアセンターの運営支援",
        "非常食の備蓄と炊き出し訓練",
        "AEDと救命講習",
        "水害に備えた土のう作り",
        "地域の危険箇所点検",
    ],
    "environment": [
        "河川敷の清掃活動",
        "ごみの分別と減量の啓発",
        "花壇づくりと緑化",
        "里山の保全",
        "生き物調査",
        "プラスチックごみの削減",
        "古着とリサイクル市",
        "省エネ講座",
        "植樹と森林整備",
        "海岸のごみ拾い",
        "生ごみの堆肥化",
        "外来植物の駆除",
    ],
    "education": [
        "小中学生の学習支援",
        "放課後の居場所づくり",
        "外国にルーツを持つ子どもの日本語教室",
        "読み聞かせ",
        "プログラミング教室",
        "不登校の子どもと保護者の相談",
        "職業体験の受け入れ",
        "自然体験キャンプ",
        "夏休みの宿題教室",
        "大人の学び直し講座",
        "子どもの見守りと遊び場",
    ],
    "culture": [
        "伝統芸能の保存と継承",
        "夏祭りの運営",
        "郷土史の調査と展示",
        "市民合唱団の演奏会",
        "地域の美術展",
        "茶道と華道の体験会",
        "少年野球チームの運営",
        "ウォーキング大会",
        "国際交流のつどい",
        "太鼓の演奏",
        "囲碁将棋の交流会",
        "スポーツ教室",
    ],
    "community": [
        "商店街の空き店舗の活用",
        "公園の管理運営",
        "コミュニティ施設の運営",
        "地域の計画づくりへの参加",
        "移住者の受け入れ支援",
        "マルシェの開催",
        "空き家の活用",
        "地域の魅力発信",
        "農産物の直売",
        "観光ガイド",
        "町内会の広報紙づくり",
        "まちなかの賑わいづくり",
    ],
}
TARGETS = [
    "高齢者",
    "子ども",
    "親子",
    "障がいのある方",
    "外国人住民",
    "学生",
    "地域住民",
    "働く世代",
    "中高生",
    "子育て世帯",
]
SCHEDULES = [
    "毎週土曜日",
    "月に一度",
    "毎月第二日曜日",
    "平日の夕方",
    "年に二回",
    "毎週水曜日の午後",
    "不定期",
]
GROUP_LINES = [
    "{org}は{area}を拠点に{n}年前から活動しています。",
    "{area}の{place}で{sched}、{target}を対象に{p1}を行っています。",
    "あわせて{p2}にも取り組んでいます。",
    "会員は約{m}名で、{target}も参加しています。",
    "これまでに{p3}の経験があり、行政や他団体との協働に関心があります。",
    "活動の場所として{place}を利用しています。",
]
NEED_LINES = [
    "{area}で{p1}に協力してくれる団体を募集します。",
    "{sched}、{place}での{p2}を一緒に担っていただける方を探しています。",
    "対象は{target}で、参加者は{m}名程度を見込んでいます。",
    "{p3}の経験がある団体を歓迎します。",
    "期間は{n}か月程度、費用の一部は市が負担します。",
]


def _lexicon(size: int, seed: int) -> list[str]:
    """Made-up words (kanji compounds, katakana loanwords) for a realistic long tail."""
    rng = random.Random(seed)
    kanji = [chr(c) for c in range(0x4E00, 0x4E00 + 2500)]
    kana = [chr(c) for c in range(0x30A2, 0x30F3)]
    words = []
    for i in range(size):
        if i % 4 == 0:
            words.append("".join(rng.choice(kana) for _ in range(rng.randint(3, 5))))
        else:
            words.append("".join(rng.choice(kanji) for _ in range(rng.randint(2, 3))))
    return words


LEXICON = _lexicon(60_000, 1)
TAIL_LINES = [
    "特に{w1}や{w2}に力を入れています。",
    "{w1}・{w2}・{w3}の分野でも協力できます。",
    "{w1}の{w2}について相談に応じます。",
]


def _rare(rng: random.Random) -> str:
    """A lexicon word with a Zipf-like rank, so a few are common and most are rare."""
    return LEXICON[min(int(rng.paretovariate(0.8)) - 1, len(LEXICON) - 1)]


def _fields(rng: random.Random) -> list[str]:
    first = rng.choice(FIELDS)
    return [first] + ([rng.choice(FIELDS)] if rng.random() < 0.35 else [])


def _text(rng: random.Random, fields: list[str], need: bool) -> str:
    lines = NEED_LINES if need else GROUP_LINES
    phrases = [p for f in fields for p in PHRASES[f]]
    org = (
        rng.choice(ORG_HEAD)
        + rng.choice(ORG_TAIL)
        + (str(rng.randint(1, 999)) if rng.random() < 0.3 else "")
    )
    values = {
        "org": org,
        "area": rng.choice(AREAS),
        "place": rng.choice(PLACES),
        "sched": rng.choice(SCHEDULES),
        "target": rng.choice(TARGETS),
        "p1": rng.choice(phrases),
        "p2": rng.choice(phrases),
        "p3": rng.choice(phrases),
        "n": rng.randint(1, 30),
        "m": rng.randint(5, 300),
        "w1": _rare(rng),
        "w2": _rare(rng),
        "w3": _rare(rng),
    }
    chosen = [lines[0], *rng.sample(lines[1:], rng.randint(2, len(lines) - 1))]
    chosen.insert(rng.randint(1, len(chosen)), rng.choice(TAIL_LINES))
    text = "".join(line.format(**values) for line in chosen)
    while len(text) < 80:
        text += rng.choice(lines[1:]).format(**values)
    return text[:400]


def documents(
    n: int, seed: int = 0, need_share: float = 0.2, prefix: str = "s"
) -> Iterator[Document]:
    """`n` documents; about `need_share` of them are department needs."""
    rng = random.Random(seed)
    for i in range(n):
        need = rng.random() < need_share
        fields = _fields(rng)
        yield Document(
            id=f"{prefix}{i}",
            text=_text(rng, fields, need),
            fields=frozenset(fields) if rng.random() < 0.8 else None,
            kind="department" if need else rng.choice(KINDS),
            area=rng.choice(AREAS),
            role="need" if need else "profile",
            owner=f"{prefix}o{i // 3 if rng.random() < 0.1 else i}",
        )
