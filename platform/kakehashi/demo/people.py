"""Fictional people: common surnames and given names, never a famous person's combination."""

import random
from dataclasses import dataclass

# "表記|よみ|romaji"
SURNAMES: tuple[str, ...] = (
    "佐藤|さとう|sato", "鈴木|すずき|suzuki", "高橋|たかはし|takahashi", "田中|たなか|tanaka",
    "伊藤|いとう|ito", "渡辺|わたなべ|watanabe", "山本|やまもと|yamamoto",
    "中村|なかむら|nakamura", "小林|こばやし|kobayashi", "加藤|かとう|kato",
    "吉田|よしだ|yoshida", "山田|やまだ|yamada", "佐々木|ささき|sasaki",
    "山口|やまぐち|yamaguchi", "松本|まつもと|matsumoto", "井上|いのうえ|inoue",
    "木村|きむら|kimura", "林|はやし|hayashi", "斎藤|さいとう|saito", "清水|しみず|shimizu",
    "山崎|やまざき|yamazaki", "森|もり|mori", "池田|いけだ|ikeda", "橋本|はしもと|hashimoto",
    "阿部|あべ|abe", "石川|いしかわ|ishikawa", "山下|やました|yamashita",
    "中島|なかじま|nakajima", "石井|いしい|ishii", "小川|おがわ|ogawa", "前田|まえだ|maeda",
    "岡田|おかだ|okada", "長谷川|はせがわ|hasegawa", "藤田|ふじた|fujita", "後藤|ごとう|goto",
    "近藤|こんどう|kondo", "村上|むらかみ|murakami", "遠藤|えんどう|endo",
    "青木|あおき|aoki", "坂本|さかもと|sakamoto", "斉藤|さいとう|saito", "福田|ふくだ|fukuda",
    "太田|おおた|ota", "西村|にしむら|nishimura", "藤井|ふじい|fujii", "金子|かねこ|kaneko",
    "岡本|おかもと|okamoto", "藤原|ふじわら|fujiwara", "三浦|みうら|miura",
    "中野|なかの|nakano", "原田|はらだ|harada", "小野|おの|ono", "田村|たむら|tamura",
    "竹内|たけうち|takeuchi", "和田|わだ|wada", "中山|なかやま|nakayama",
    "石田|いしだ|ishida", "上田|うえだ|ueda", "森田|もりた|morita", "柴田|しばた|shibata",
    "酒井|さかい|sakai", "工藤|くどう|kudo", "横山|よこやま|yokoyama",
    "宮崎|みやざき|miyazaki", "内田|うちだ|uchida", "高木|たかぎ|takagi", "安藤|あんどう|ando",
    "島田|しまだ|shimada", "谷口|たにぐち|taniguchi", "大野|おおの|ono", "丸山|まるやま|maruyama",
    "今井|いまい|imai", "河野|こうの|kono", "菅原|すがわら|sugawara", "久保|くぼ|kubo",
)

GIVEN_NAMES: tuple[str, ...] = (
    "健一|けんいち|kenichi", "浩二|こうじ|koji", "隆|たかし|takashi", "修|おさむ|osamu",
    "正樹|まさき|masaki", "和彦|かずひこ|kazuhiko", "大輔|だいすけ|daisuke",
    "翔太|しょうた|shota", "拓海|たくみ|takumi", "健太|けんた|kenta", "直樹|なおき|naoki",
    "博之|ひろゆき|hiroyuki", "義雄|よしお|yoshio", "清|きよし|kiyoshi", "勝|まさる|masaru",
    "昭|あきら|akira", "悠斗|ゆうと|yuto", "陽介|ようすけ|yosuke", "達也|たつや|tatsuya",
    "康弘|やすひろ|yasuhiro", "光男|みつお|mitsuo", "亮|りょう|ryo", "智也|ともや|tomoya",
    "雅人|まさと|masato", "孝|たかし|takashi", "武|たけし|takeshi", "幸男|ゆきお|yukio",
    "由美|ゆみ|yumi", "恵子|けいこ|keiko", "洋子|ようこ|yoko", "久美子|くみこ|kumiko",
    "美紀|みき|miki", "香織|かおり|kaori", "真由美|まゆみ|mayumi", "直子|なおこ|naoko",
    "典子|のりこ|noriko", "千尋|ちひろ|chihiro", "彩|あや|aya", "美咲|みさき|misaki",
    "理恵|りえ|rie", "友子|ともこ|tomoko", "和子|かずこ|kazuko", "節子|せつこ|setsuko",
    "春菜|はるな|haruna", "奈緒|なお|nao", "沙織|さおり|saori", "文子|ふみこ|fumiko",
    "佳代|かよ|kayo", "明美|あけみ|akemi", "順子|じゅんこ|junko", "弘美|ひろみ|hiromi",
    "絵美|えみ|emi", "麻衣|まい|mai", "さゆり|さゆり|sayuri", "のぞみ|のぞみ|nozomi",
)

# Pairs that belong to well-known people; a demo must not look like it names them.
FAMOUS: frozenset[str] = frozenset({
    "田中 直樹", "山口 達也", "伊藤 誠", "西村 博之", "上田 誠", "長谷川 健太", "松本 隆",
    "佐藤 陽子", "石川 さゆり", "吉田 沙織", "中山 美紀", "小林 幸男", "森 昌子", "山本 昭",
    "藤原 紀子", "松本 明美", "中村 雅人", "佐藤 浩二", "木村 拓海", "高橋 直子",
})


@dataclass(frozen=True)
class Person:
    """A fictional person with a reading and a romanised name for e-mail addresses."""

    name: str
    reading: str
    romaji_given: str
    romaji_surname: str


def make_person(rng: random.Random) -> Person:
    """Draw a person whose full name is not on the famous list."""
    while True:
        surname, s_reading, s_romaji = rng.choice(SURNAMES).split("|")
        given, g_reading, g_romaji = rng.choice(GIVEN_NAMES).split("|")
        name = f"{surname} {given}"
        if name not in FAMOUS:
            return Person(name, f"{s_reading} {g_reading}", g_romaji, s_romaji)


def private_phone(index: int) -> str:
    """A fictional number in the 01-2345 range the demo keeps for itself."""
    return f"01-2345-{1000 + index:04d}"
