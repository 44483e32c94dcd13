"""The demo city's fixed vocabulary: districts, towns and their readings, beside the platform's
own field codes, partner kinds and criteria.

Entries are written ``"表記|よみ"`` so that every name the generator builds has a furigana.
"""

from collections.abc import Iterable

from kakehashi.directory.models.orgs import Criterion, PartnerKind
from kakehashi.taxonomy.fields import DEFAULT_FIELDS

CITY_NAME = "架橋市"
CITY_READING = "かけはしし"
CITY_SHORT = "架橋|かけはし"

FIELDS: dict[str, str] = {code: label_ja for code, label_ja, _en in DEFAULT_FIELDS}
"""The default field taxonomy's codes and Japanese labels, in its order."""

SUB_AREAS: tuple[str, ...] = tuple(code for code in FIELDS if "." in code)

PARTNER_KINDS: tuple[str, ...] = tuple(kind.value for kind in PartnerKind)
CRITERIA: tuple[str, ...] = tuple(criterion.value for criterion in Criterion)

# District (地区) → towns, each "base|reading|suffix|suffix reading".
DISTRICTS: dict[str, tuple[str, ...]] = {
    "北地区|きたちく": (
        "北|きた|町|まち",
        "白樺|しらかば|町|ちょう",
        "旭|あさひ|町|ちょう",
        "北栄|ほくえい|町|ちょう",
        "雪見|ゆきみ|台|だい",
    ),
    "南地区|みなみちく": (
        "南|みなみ|町|まち",
        "若葉|わかば|町|ちょう",
        "日の出|ひので|町|ちょう",
        "南|みなみ|ヶ丘|がおか",
        "汐見|しおみ|町|ちょう",
    ),
    "中央地区|ちゅうおうちく": (
        "本|ほん|町|ちょう",
        "錦|にしき|町|ちょう",
        "栄|さかえ|町|まち",
        "元|もと|町|まち",
        "大手|おおて|町|まち",
    ),
    "みなと地区|みなとちく": (
        "港|みなと|町|まち",
        "浜|はま|町|ちょう",
        "船見|ふなみ|町|ちょう",
        "入舟|いりふね|町|ちょう",
        "海岸|かいがん|町|ちょう",
    ),
    "東地区|ひがしちく": (
        "東|ひがし|町|まち",
        "桜木|さくらぎ|町|ちょう",
        "柳|やなぎ|町|まち",
        "松風|まつかぜ|町|ちょう",
        "東雲|しののめ|町|ちょう",
    ),
    "西地区|にしちく": (
        "西|にし|町|まち",
        "夕陽|ゆうひ|ヶ丘|がおか",
        "梅が枝|うめがえ|町|ちょう",
        "千草|ちぐさ|町|ちょう",
        "藤見|ふじみ|町|ちょう",
    ),
    "みどり台地区|みどりだいちく": (
        "みどり|みどり|台|だい",
        "青葉|あおば|台|だい",
        "紅葉|もみじ|台|だい",
        "若草|わかくさ|町|ちょう",
        "つつじ|つつじ|ヶ丘|がおか",
    ),
    "川辺地区|かわべちく": (
        "川辺|かわべ|町|ちょう",
        "水車|すいしゃ|町|ちょう",
        "鮎見|あゆみ|町|ちょう",
        "土手|どて|町|まち",
        "石橋|いしばし|町|ちょう",
    ),
    "山の手地区|やまのてちく": (
        "山手|やまて|町|ちょう",
        "見晴|みはらし|台|だい",
        "松|まつ|ヶ丘|がおか",
        "杉山|すぎやま|町|ちょう",
        "宮の森|みやのもり|町|ちょう",
    ),
    "桜ヶ丘地区|さくらがおかちく": (
        "桜|さくら|ヶ丘|がおか",
        "花園|はなぞの|町|ちょう",
        "春日|かすが|町|ちょう",
        "菜の花|なのはな|台|だい",
        "日向|ひなた|町|ちょう",
    ),
}

# Words the city's places are called by, for rivers, hills and halls in the texts.
LANDMARKS: tuple[str, ...] = (
    "架橋川|かけはしがわ", "白樺川|しらかばがわ", "鮎見川|あゆみがわ", "みなと緑地|みなとりょくち",
    "中央公園|ちゅうおうこうえん",
    "桜ヶ丘公園|さくらがおかこうえん",
    "宮の森緑地|みやのもりりょくち",
    "見晴台の里山|みはらしだいのさとやま", "海岸の松林|かいがんのまつばやし", "水車池|すいしゃいけ",
    "つつじ山|つつじやま", "東雲運動公園|しののめうんどうこうえん",
)


def split(entry: str) -> tuple[str, str]:
    """Split a ``"表記|よみ"`` entry; a kana-only entry is its own reading."""
    surface, _, reading = entry.partition("|")
    return surface, to_hiragana(reading or surface)


def to_hiragana(text: str) -> str:
    """Katakana to hiragana, so a furigana reads in one script; latin stays as it is."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def with_parents(codes: Iterable[str]) -> tuple[str, ...]:
    """Add each sub-area's parent field and order the codes as the taxonomy does."""
    wanted = set(codes)
    wanted |= {code.split(".")[0] for code in wanted}
    return tuple(code for code in FIELDS if code in wanted)


def area_names() -> tuple[str, ...]:
    """The districts as shown (without readings)."""
    return tuple(split(entry)[0] for entry in DISTRICTS)

# Sub-areas that sit naturally together in one group's work: a group's further sub-areas come
# only from its first one's neighbours, so a green-space group never runs a 子ども食堂.
RELATED: dict[str, tuple[str, ...]] = {
    "welfare.elderly": ("welfare.disability", "disaster.crime", "culture.sports"),
    "welfare.disability": ("welfare.elderly", "culture.sports"),
    "welfare.childcare": ("education.learning", "culture.arts"),
    "disaster.crime": ("welfare.elderly", "disaster.prevention"),
    "disaster.prevention": ("disaster.volunteer", "disaster.crime"),
    "disaster.volunteer": ("disaster.prevention",),
    "environment.waste": ("environment.beautification",),
    "environment.conservation": ("environment.beautification",),
    "environment.beautification": (
        "environment.conservation", "environment.waste", "community.facilities",
    ),
    "education.learning": ("welfare.childcare", "culture.international"),
    "culture.arts": ("culture.festival", "education.learning"),
    "culture.festival": ("culture.arts", "community.planning"),
    "culture.sports": ("welfare.disability",),
    "culture.international": ("education.learning",),
    "community.facilities": ("community.planning", "environment.beautification"),
    "community.planning": ("community.facilities", "culture.festival"),
}
# Words that, when a group's name carries them, its profile must speak of too.
THEME_WORDS: tuple[str, ...] = (
    "見守", "子ども食堂", "手話", "点訳", "音訳", "読み聞かせ", "防犯", "防災", "花壇", "ごみ",
    "自然", "野鳥", "日本語", "学習支援", "認知症", "サロン", "傾聴", "配食", "炊き出し",
    "災害ボランティア", "プレーパーク", "通訳", "合唱", "太鼓", "盆踊り", "神楽", "よさこい",
    "ウォーキング", "卓球", "グラウンドゴルフ", "リサイクル", "フードドライブ", "ホタル",
    "水辺", "空き家", "商店街", "郷土史", "朗読", "絵手紙", "吹奏楽", "文化財",
)
