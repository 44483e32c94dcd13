"""The city's departments (担当課): their fields and why they want partners."""

from typing import NamedTuple


class DepartmentSpec(NamedTuple):
    """A department as written by hand; the generator adds its staff contact."""

    name: str
    section: str
    slug: str
    fields: tuple[str, ...]
    description: str


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "協働推進課", "市民協働部", "kyodo",
        ("community.planning", "community.facilities"),
        "市民活動団体と市の各課をつなぐ窓口として、協働事業の相談や提案の受付を担っています。"
        "団体どうしや団体と担当課が出会う場をつくり、話し合いから評価・公表までを伴走します。"
        "新しい発想をもつ団体とのつながりを広げたいと考えています。",
    ),
    DepartmentSpec(
        "市民生活課", "市民協働部", "shiminseikatsu",
        ("disaster.crime", "community.facilities"),
        "町内会・自治会の活動支援、防犯灯や地域の防犯活動、消費生活の相談を担当しています。"
        "地域の安全は住民の見守りに支えられているため、防犯パトロールや加入促進に一緒に"
        "取り組める団体を探しています。",
    ),
    DepartmentSpec(
        "危機管理室", "総務部", "kikikanri",
        ("disaster.prevention", "disaster.volunteer"),
        "地震や風水害に備える地域防災計画の推進と、避難所運営の体制づくりを担っています。"
        "災害時に頼りになるのは顔の見える関係です。平時から訓練や備蓄の点検をともに行い、"
        "災害ボランティアセンターを支える担い手を増やしたいと考えています。",
    ),
    DepartmentSpec(
        "福祉課", "健康福祉部", "fukushi",
        ("welfare.elderly", "welfare.disability", "welfare.childcare"),
        "地域福祉計画にもとづき、誰もが住み慣れた地域で暮らし続けられる支え合いを進めています。"
        "制度だけでは届かない困りごとを地域で受け止めるため、見守りや居場所づくりに取り組む"
        "団体との連携を広げています。",
    ),
    DepartmentSpec(
        "高齢者支援課", "健康福祉部", "koreisha",
        ("welfare.elderly",),
        "介護予防や認知症の方と家族への支援、地域包括支援センターとの連携を担当しています。"
        "通いの場や見守り活動は地域の力なしには続きません。"
        "サロンや体操教室を運営する団体、傾聴ボランティアとの協働を求めています。",
    ),
    DepartmentSpec(
        "障がい福祉課", "健康福祉部", "shogai",
        ("welfare.disability",),
        "障がいのある方の日常生活や就労、社会参加を支える事業を担当しています。"
        "当事者や家族の声を施策に生かすため、手話や移動支援、交流の場づくりに取り組む団体と"
        "一緒に考える機会を増やしたいと考えています。",
    ),
    DepartmentSpec(
        "子育て支援課", "こども未来部", "kosodate",
        ("welfare.childcare", "education.learning"),
        "子育て家庭の相談、ひろば事業、一時預かりなどを担当しています。"
        "孤立しがちな子育て家庭を地域で支えるため、子ども食堂や読み聞かせ、"
        "プレーパークを運営する団体とのつながりを大切にしています。",
    ),
    DepartmentSpec(
        "青少年課", "こども未来部", "seishonen",
        ("education.learning", "disaster.crime", "culture.sports"),
        "青少年の健全育成と放課後の居場所づくり、登下校の見守りを担当しています。"
        "学校や家庭だけでは支えきれない子どもたちのために、学習支援や体験活動を担う団体と"
        "協働したいと考えています。",
    ),
    DepartmentSpec(
        "環境保全課", "環境部", "kankyo",
        ("environment.conservation", "environment.beautification"),
        "河川や緑地の自然環境の保全、生き物調査、地球温暖化対策を担当しています。"
        "市内の自然を守るには継続した観察と手入れが欠かせないため、"
        "調査や保全活動を続ける市民団体の知見を生かしたいと考えています。",
    ),
    DepartmentSpec(
        "ごみ減量推進課", "環境部", "gomigenryo",
        ("environment.waste", "environment.beautification"),
        "ごみの減量と分別、リサイクルの推進を担当しています。"
        "分別のルールは説明会だけでは浸透しにくく、"
        "地域で声をかけ合える町内会や団体の協力が大きな力になっています。",
    ),
    DepartmentSpec(
        "生涯学習課", "教育部", "shogaigakushu",
        ("education.learning", "culture.arts"),
        "公民館講座や市民大学、図書館と連携した学びの場づくりを担当しています。"
        "市民が講師になり、学んだことを地域に還元する循環をつくるため、"
        "得意分野をもつ団体や個人との協働を進めています。",
    ),
    DepartmentSpec(
        "文化振興課", "市民文化部", "bunka",
        ("culture.arts", "culture.festival"),
        "市民文化祭や文化財の活用、地域に伝わる祭りや芸能の継承を担当しています。"
        "担い手の高齢化が進むなか、伝統を次の世代へつなぐ活動と、"
        "新しい文化の芽を育てる活動の両方を応援したいと考えています。",
    ),
    DepartmentSpec(
        "国際交流課", "市民文化部", "kokusai",
        ("culture.international", "education.learning"),
        "外国人市民への生活情報の提供、やさしい日本語の普及、姉妹都市交流を担当しています。"
        "言葉や習慣の違いから孤立する人を減らすため、"
        "日本語教室や通訳ボランティアの団体と連携しています。",
    ),
    DepartmentSpec(
        "スポーツ振興課", "市民文化部", "sports",
        ("culture.sports", "welfare.elderly"),
        "市民スポーツ大会の開催と運動施設の活用、健康づくりを担当しています。"
        "誰もが気軽に体を動かせるまちを目指しており、地域のクラブや指導者と"
        "一緒に教室や大会を運営していきたいと考えています。",
    ),
    DepartmentSpec(
        "まちづくり推進課", "都市整備部", "machizukuri",
        ("community.planning", "community.facilities"),
        "都市計画マスタープランや地区計画の策定、住民主体のまちづくりを担当しています。"
        "計画は住む人の声があってこそ生きたものになるため、"
        "ワークショップや意見交換に参加してくれる団体を求めています。",
    ),
    DepartmentSpec(
        "公園緑地課", "都市整備部", "koen",
        ("community.facilities", "environment.beautification", "environment.conservation"),
        "市内の公園や街路樹、緑地の維持管理と、公園の利活用を担当しています。"
        "公園は使う人が手をかけるほど愛着がわく場所です。"
        "花壇づくりや清掃、公園を使ったイベントをともに行う団体を探しています。",
    ),
    DepartmentSpec(
        "商業振興課", "経済部", "shogyo",
        ("culture.festival", "community.planning"),
        "商店街の活性化や創業支援、地域のにぎわいづくりを担当しています。"
        "空き店舗の活用やイベントには、商店会だけでなく市民団体や企業の力が欠かせないため、"
        "多様な主体との協働を進めています。",
    ),
)

# What each department posts calls about: sub-area → the indices of the need topics
# (need_phrases.TOPICS) inside its remit, None for all. A department's declared fields can be
# wider (スポーツ振興課 also serves welfare.elderly through exercise), but its calls stay here,
# so スポーツ振興課 never asks for a 認知症カフェ.
REMIT: dict[str, dict[str, tuple[int, ...] | None]] = {
    "kyodo": {"community.planning": (0,), "community.facilities": (1,)},
    "shiminseikatsu": {"disaster.crime": None, "community.facilities": (1,)},
    "kikikanri": {"disaster.prevention": None, "disaster.volunteer": None},
    "fukushi": {"welfare.elderly": None, "welfare.disability": None, "welfare.childcare": (0, 2)},
    "koreisha": {"welfare.elderly": (0, 1, 3, 4)},
    "shogai": {"welfare.disability": None},
    "kosodate": {"welfare.childcare": None, "education.learning": (0,)},
    "seishonen": {"education.learning": (0, 1, 2), "disaster.crime": (0,)},
    "kankyo": {"environment.conservation": None},
    "gomigenryo": {"environment.waste": None, "environment.beautification": (1, 2)},
    "shogaigakushu": {"education.learning": (0, 1), "culture.arts": (1,)},
    "bunka": {"culture.arts": None, "culture.festival": (0, 1)},
    "kokusai": {"culture.international": None, "education.learning": (2,)},
    "sports": {"culture.sports": None},
    "machizukuri": {"community.planning": (0, 1)},
    "koen": {
        "community.facilities": (0,), "environment.beautification": (0, 1),
        "environment.conservation": (1,),
    },
    "shogyo": {"culture.festival": (0, 2), "community.planning": (2,)},
}
# A call each department always posts first (sub-area, topic index): the demo's showcase pairs.
LEAD_CALLS: dict[str, tuple[str, int]] = {"fukushi": ("welfare.elderly", 2)}
