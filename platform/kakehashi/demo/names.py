"""Group names with their furigana, built from the city's places and each kind's naming habits."""

import random
from typing import NamedTuple

from kakehashi.demo.name_words import NAME_WORDS
from kakehashi.demo.people import Person
from kakehashi.demo.vocabulary import CITY_SHORT, DISTRICTS, LANDMARKS, split, to_hiragana

Named = tuple[str, str]  # (name, furigana)


class Town(NamedTuple):
    """A town (町) inside a district; ``prefix`` is how group names call it."""

    name: str
    reading: str
    prefix: str
    prefix_reading: str
    district: str


def towns() -> tuple[Town, ...]:
    """All towns of the city, district by district."""
    found = []
    for district_entry, entries in DISTRICTS.items():
        district = split(district_entry)[0]
        for entry in entries:
            base, base_reading, suffix, suffix_reading = entry.split("|")
            name, reading = base + suffix, base_reading + suffix_reading
            short = len(base) > 1 and suffix != "台"
            prefix, prefix_reading = (base, base_reading) if short else (name, reading)
            found.append(Town(name, reading, prefix, prefix_reading, district))
    return tuple(found)


CHOME = (("一", "いっ"), ("二", "に"), ("三", "さん"), ("四", "よん"), ("五", "ご"))

SOFT_WORDS: tuple[str, ...] = (
    "ひまわり", "たんぽぽ", "すずらん", "どんぐり", "こもれび", "ひだまり", "あおぞら", "にじいろ",
    "わかば", "そよかぜ", "えがお", "ぽかぽか", "つばさ", "なかよし", "ともしび", "はばたき",
    "結|ゆい", "絆|きずな", "灯り|あかり", "和|なごみ", "縁|えにし", "虹の橋|にじのはし",
    "ぬくもり", "おひさま", "みのり", "ゆりかご", "いろどり", "つむぎ", "ふれあい", "よりみち",
)
GENERIC_NOUNS: tuple[str, ...] = (
    "の会|のかい", "ネット", "ネットワーク", "サポートセンター", "工房|こうぼう", "ひろば",
    "プロジェクト", "クラブ", "応援団|おうえんだん", "の家|のいえ", "舎|しゃ", "ラボ",
)
BRANDS: tuple[str, ...] = (
    "北星|ほくせい", "東和|とうわ", "大栄|だいえい", "三協|さんきょう", "丸山|まるやま",
    "ひかり", "あおば", "みなと", "さくら", "中央|ちゅうおう", "昭栄|しょうえい", "富士見|ふじみ",
    "光洋|こうよう", "日進|にっしん", "若松|わかまつ", "協和|きょうわ", "双葉|ふたば",
)
BUSINESSES: tuple[str, ...] = (
    "建設|けんせつ", "運輸|うんゆ", "電機|でんき", "食品|しょくひん", "印刷|いんさつ",
    "不動産|ふどうさん", "製菓|せいか", "物産|ぶっさん", "工業|こうぎょう", "ガス", "商事|しょうじ",
    "設備|せつび", "造園|ぞうえん", "製作所|せいさくしょ", "システム", "警備保障|けいびほしょう",
    "交通|こうつう", "ホーム", "フーズ", "エナジー",
)
PROGRAMMES: tuple[str, ...] = (
    "地域貢献推進室|ちいきこうけんすいしんしつ", "社会貢献推進室|しゃかいこうけんすいしんしつ",
    "CSR推進室|CSRすいしんしつ", "地域連携室|ちいきれんけいしつ",
    "社員ボランティア部|しゃいんぼらんてぃあぶ", "地域貢献チーム|ちいきこうけんちーむ",
)
FIXED_CORPORATIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "社会福祉法人 架橋市社会福祉協議会",
        "しゃかいふくしほうじん かけはしししゃかいふくしきょうぎかい",
     ("welfare.elderly", "disaster.volunteer")),
    (
        "公益社団法人 架橋市シルバー人材センター",
        "こうえきしゃだんほうじん かけはしししるばーじんざいせんたー",
     ("welfare.elderly", "environment.beautification")),
    ("一般社団法人 架橋市観光協会", "いっぱんしゃだんほうじん かけはししかんこうきょうかい",
     ("culture.festival", "community.planning")),
    (
        "公益財団法人 架橋市国際交流協会",
        "こうえきざいだんほうじん かけはししこくさいこうりゅうきょうかい",
     ("culture.international",)),
    (
        "公益財団法人 架橋市スポーツ協会",
        "こうえきざいだんほうじん かけはししすぽーつきょうかい",
     ("culture.sports",)),
)
# Form → (ending, the sub-areas such a corporation works in).
CORPORATION_FORMS: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("社会福祉法人|しゃかいふくしほうじん", (
        ("福祉会|ふくしかい", ("welfare.elderly", "welfare.disability")),
        ("会|かい", ("welfare.disability", "welfare.childcare")),
        ("福祉の里|ふくしのさと", ("welfare.elderly",)),
    )),
    ("一般社団法人|いっぱんしゃだんほうじん", (
        ("まちづくり協会|まちづくりきょうかい", ("community.planning", "community.facilities")),
        ("地域活性化機構|ちいきかっせいかきこう", ("community.planning", "culture.festival")),
        ("防災士会|ぼうさいしかい", ("disaster.prevention", "disaster.volunteer")),
        ("子ども未来協会|こどもみらいきょうかい", ("welfare.childcare", "education.learning")),
    )),
    ("学校法人|がっこうほうじん", (
        ("学園|がくえん", ("education.learning", "welfare.childcare")),
    )),
    ("医療法人社団|いりょうほうじんしゃだん", (
        ("会|かい", ("welfare.elderly",)),
        ("クリニック", ("welfare.elderly", "culture.sports")),
    )),
    ("一般財団法人|いっぱんざいだんほうじん", (
        ("文化財団|ぶんかざいだん", ("culture.arts",)),
        ("環境財団|かんきょうざいだん", ("environment.conservation", "environment.waste")),
    )),
)
INDIVIDUAL_TITLES: dict[str, tuple[str, ...]] = {
    "welfare.elderly": (
        "傾聴ボランティア|けいちょうぼらんてぃあ",
        "元介護職員|もとかいごしょくいん",
    ),
    "welfare.disability": (
        "手話通訳士|しゅわつうやくし",
        "点訳ボランティア|てんやくぼらんてぃあ",
    ),
    "welfare.childcare": (
        "元保育士|もとほいくし",
        "読み聞かせボランティア|よみきかせぼらんてぃあ",
    ),
    "disaster.crime": ("防犯ボランティア|ぼうはんぼらんてぃあ",),
    "disaster.prevention": ("防災士|ぼうさいし",),
    "disaster.volunteer": ("災害ボランティア|さいがいぼらんてぃあ",),
    "environment.waste": ("リサイクルアドバイザー|りさいくるあどばいざー",),
    "environment.conservation": ("自然観察指導員|しぜんかんさつしどういん",),
    "environment.beautification": ("花壇ボランティア|かだんぼらんてぃあ",),
    "education.learning": (
        "元小学校教員|もとしょうがっこうきょういん",
        "学習支援ボランティア|がくしゅうしえんぼらんてぃあ",
    ),
    "culture.arts": ("郷土史研究家|きょうどしけんきゅうか", "ピアノ講師|ぴあのこうし"),
    "culture.festival": ("和太鼓奏者|わだいこそうしゃ",),
    "culture.sports": ("健康運動指導士|けんこううんどうしどうし",),
    "culture.international": (
        "日本語教師|にほんごきょうし",
        "英語通訳|えいごつうやく",
    ),
    "community.facilities": ("公園ボランティア|こうえんぼらんてぃあ",),
    "community.planning": (
        "まちづくりコーディネーター|まちづくりこーでぃねーたー",
        "一級建築士|いっきゅうけんちくし",
    ),
}


def neighbourhood_names(rng: random.Random) -> list[tuple[Named, Town]]:
    """Every 町内会・自治会 of the city with its town: by 丁目, by town, by housing estate."""
    found: list[tuple[Named, Town]] = []
    for town in towns():
        style = rng.random()
        if style < 0.45:
            for numeral, reading in CHOME[: rng.randint(2, 5)]:
                name = f"{town.name}{numeral}丁目町内会"
                found.append(((name, f"{town.reading}{reading}ちょうめちょうないかい"), town))
        else:
            found.append(((f"{town.name}自治会", f"{town.reading}じちかい"), town))
        if style > 0.8:
            estate = (f"{town.prefix}団地自治会", f"{town.prefix_reading}だんちじちかい")
            found.append((estate, town))
    return found


# Name words that only make sense after a place (架橋川の自然を守る会, 北町まちづくり協議会).
PLACE_BOUND = ("協議会", "考える会", "元気にする", "空き家", "愛護会", "運営", "自主防災会",
               "保存会", "実行委員会", "連", "研究会", "育てる会", "きれいにする", "を守る",
               "を支える", "を楽しむ", "ともに歩む", "堆肥化")


def _place_prefix(rng: random.Random, town: Town, landmark: bool = True) -> Named:
    roll = rng.random()
    if roll >= 0.9 and not landmark:
        roll = 0.0
    if roll < 0.55:
        return town.prefix, town.prefix_reading
    if roll < 0.8:
        district = town.district.removesuffix("地区")
        reading = next(split(d)[1] for d in DISTRICTS if split(d)[0] == town.district)
        return district, reading.removesuffix("ちく")
    if roll < 0.9:
        return split(CITY_SHORT)
    return split(rng.choice(LANDMARKS))


def _themed(rng: random.Random, sub_area: str, town: Town, soft_share: float) -> Named:
    word, word_reading = split(rng.choice(NAME_WORDS[sub_area]))
    bound = word.startswith("の") or any(part in word for part in PLACE_BOUND)
    if not bound and rng.random() < soft_share:
        prefix, prefix_reading = split(rng.choice([w for w in SOFT_WORDS if "|" not in w]))
    else:
        outdoors = sub_area.startswith("environment") or sub_area == "community.facilities"
        prefix, prefix_reading = _place_prefix(rng, town, landmark=outdoors)
    return prefix + word, prefix_reading + word_reading


def citizen_group_name(rng: random.Random, sub_area: str, town: Town) -> Named:
    """e.g. 白樺読み聞かせの会, 架橋川の自然を守る会, ひまわり子育てサークル."""
    return _themed(rng, sub_area, town, soft_share=0.3)


def npo_name(rng: random.Random, sub_area: str, town: Town) -> Named:
    """e.g. NPO法人 ひだまりの会, 特定非営利活動法人 みなと子ども食堂."""
    if rng.random() < 0.5:
        soft, soft_reading = split(rng.choice(SOFT_WORDS))
        noun, noun_reading = split(rng.choice(GENERIC_NOUNS))
        core, core_reading = soft + noun, soft_reading + noun_reading
    else:
        core, core_reading = _themed(rng, sub_area, town, soft_share=0.4)
    if rng.random() < 0.75:
        return f"NPO法人 {core}", f"NPOほうじん {core_reading}"
    return f"特定非営利活動法人 {core}", f"とくていひえいりかつどうほうじん {core_reading}"


def company_name(rng: random.Random) -> Named:
    """e.g. 株式会社北星建設 地域貢献推進室."""
    brand, brand_reading = split(rng.choice(BRANDS))
    business, business_reading = split(rng.choice(BUSINESSES))
    programme, programme_reading = split(rng.choice(PROGRAMMES))
    corp, corp_reading = brand + business, brand_reading + business_reading
    roll = rng.random()
    if roll < 0.5:
        return f"株式会社{corp} {programme}", f"かぶしきがいしゃ{corp_reading} {programme_reading}"
    if roll < 0.85:
        return f"{corp}株式会社 {programme}", f"{corp_reading}かぶしきがいしゃ {programme_reading}"
    return f"有限会社{corp} {programme}", f"ゆうげんがいしゃ{corp_reading} {programme_reading}"


def corporation_name(rng: random.Random, town: Town) -> tuple[Named, tuple[str, ...]]:
    """An other corporation, e.g. 社会福祉法人 ひだまり福祉会, with the sub-areas it fits."""
    form_entry, endings = rng.choice(CORPORATION_FORMS)
    form, form_reading = split(form_entry)
    ending_entry, sub_areas = rng.choice(endings)
    ending, ending_reading = split(ending_entry)
    if rng.random() < 0.5:
        core, core_reading = split(rng.choice(SOFT_WORDS))
    else:
        core, core_reading = _place_prefix(rng, town, landmark=False)
    named = (f"{form} {core}{ending}", f"{form_reading} {core_reading}{ending_reading}")
    return named, sub_areas


def individual_name(rng: random.Random, person: Person, sub_area: str) -> Named:
    """A volunteer shown as name plus a short title, e.g. 山本 由美（防災士）."""
    title, title_reading = split(rng.choice(INDIVIDUAL_TITLES[sub_area]))
    return f"{person.name}（{title}）", f"{person.reading}（{to_hiragana(title_reading)}）"
