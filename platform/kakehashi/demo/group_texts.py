"""Compose a group's description and activities: who, why, what, who takes part, and a closing."""

import random

from kakehashi.demo.group_phrases import ACTIVITIES, PURPOSES
from kakehashi.demo.texts import Setting, as_owner, fill, fit, frequency
from kakehashi.demo.vocabulary import LANDMARKS, THEME_WORDS

OPENINGS: dict[str, tuple[str, ...]] = {
    "neighbourhood": (
        "{town}の約{size}世帯でつくる住民自治の組織です。",
        "{year}年に発足し、現在は{town}の約{size}世帯が加入しています。",
        "{district}の{town}にある、加入約{size}世帯の地域組織です。",
        "加入世帯は約{size}世帯で、班長と役員{k}名を中心に運営しています。",
        "{town}の住民が{year}年に結成し、回覧板と班の仕組みで約{size}世帯をつないでいます。",
    ),
    "citizen_group": (
        "{year}年に{district}の住民有志で立ち上げた会です。",
        "{district}を拠点に活動する、会員{size}名の市民グループです。",
        "{year}年の発足以来、{district}で地道に活動を続けています。",
        "公民館の講座で知り合った仲間が{year}年に始めた会で、今は会員{size}名です。",
        "子育てや仕事を一段落させた世代を中心に、{size}名で活動しています。",
        "{town}に住む数人で始めた集まりが、今では{size}名の会になりました。",
    ),
    "npo": (
        "{year}年に任意団体として始まり、その後NPO法人格を取得しました。",
        "{district}を拠点に、有給スタッフ{k}名と会員{size}名で活動する特定非営利活動法人です。",
        "市民の手で地域の課題に取り組むため、{year}年に法人化しました。",
        "{year}年の設立以来、{city}と周辺地域で事業を続けているNPO法人です。",
        "会員{size}名と多くのボランティアに支えられ、{district}に事務所を構えています。",
    ),
    "company": (
        "{district}に事業所を置く企業として、{year}年から社員による地域貢献活動を続けています。",
        "地域の一員であることを大切に、社員{size}名のうち有志が活動に参加しています。",
        "{year}年に社内に担当部署を設け、業務時間の一部を地域活動に充てています。",
        "{district}で創業した会社として、本業で培った技術と人手を地域に生かしています。",
    ),
    "other_corporation": (
        "{year}年に設立された法人で、{district}を中心に事業を行っています。",
        "法人の専門性を地域に役立てるため、{year}年から地域公益活動に取り組んでいます。",
        "職員と登録ボランティア合わせて約{size}名が、{city}の地域づくりに関わっています。",
        "{district}に拠点を置き、行政や地域団体と連携しながら事業を進めています。",
    ),
    "individual": (
        "{district}在住で、{year}年ごろから地域の活動に関わっています。",
        "{town}に暮らしながら、仕事で身につけた経験を地域で生かしたいと考えて登録しました。",
        "{district}に住んで{k}年になり、身近なところから地域の役に立ちたいと活動しています。",
        "退職を機に、{year}年から個人ボランティアとして活動しています。",
    ),
}
NEIGHBOURHOOD_PURPOSES: tuple[str, ...] = (
    "回覧板と班の集まりを通じて、{town}の住民同士が顔見知りでいられることを大切にしています。",
    "{town}では高齢の世帯が増えており、日頃の声かけと災害への備えに力を入れています。",
    "{town}では若い世帯の加入が課題で、行事を通じて新しく越してきた家族とのつながりをつくっています。",
    "{town}のごみステーションの管理や防犯灯の点検など、暮らしに身近な困りごとに住民で取り組んでいます。",
    "子どもから高齢者まで参加できる行事を続け、{town}への愛着を育てています。",
)
MEMBERS: dict[str, tuple[str, ...]] = {
    "neighbourhood": (
        "役員は{k}名で、二年ごとに班の持ち回りで交代しています。",
        "町内会費は月額{fee}円で、毎年{month}月の総会で会計を報告しています。",
        "加入率は{rate}割ほどで、集合住宅の世帯への呼びかけを続けています。",
        "最近は{age}代の役員も加わり、行事の案内にメールも使い始めました。",
        "子ども会や老人クラブとも協力し、行事を分担しています。",
        "{town}の班は{k}つあり、班長が毎月の回覧を届けています。",
        "役員会は毎月第{n}{day}曜日の夜に{town}会館で開いています。",
        "加入世帯の{rate}割ほどが、何らかの行事に毎年参加しています。",
    ),
    "group": (
        "メンバーは子育てを終えた世代と現役の会社員が半々です。",
        "会員の平均年齢は{age}歳ほどで、最年長は八十代です。",
        "近くに住む主婦を中心に、無理のない範囲で役割を分け合っています。",
        "元教員や元看護師など、仕事の経験を持ち寄る会員が多いのが特徴です。",
        "年度ごとに役員を交代し、誰もが運営に関われるようにしています。",
        "親子で参加する会員も多く、活動日はにぎやかです。",
        "年会費は{fee}円で、毎年{month}月の総会で会計を報告しています。",
        "活動費の一部は市の助成金を活用し、収支は会報で公開しています。",
        "ここ数年で{age}代の会員が増え、活動の幅が広がりました。",
        "会員のうち{k}名ほどが、毎回の活動に顔を出しています。",
        "大学生から八十代まで、幅広い世代が参加しています。",
        "{district}の外から通ってくる会員も少なくありません。",
        "会社勤めの会員も参加できるよう、活動は週末が中心です。",
        "会員同士の連絡は、月{n}回のミーティングとメールで行っています。",
        "看護や保育などの資格を持つ会員が、活動の安全を支えています。",
    ),
}
CLOSINGS: tuple[str, ...] = (
    "新しい仲間を随時募集しています。",
    "見学は{day}曜日の活動日ならいつでも歓迎です。",
    "{district}で同じ分野に取り組む団体とのつながりを広げたいと考えています。",
    "市や他団体との協働にも積極的に取り組みたいと考えています。",
    "活動の様子は会報で年{k}回お知らせしています。",
    "一緒に活動してくださる方、お気軽にお声がけください。",
    "活動を長く続けるため、若い世代の参加を呼びかけています。",
    "これからも身の丈に合った活動を続けていきます。",
    "困りごとのある方からの相談も受け付けています。",
    "発足{years}年目を迎え、次の担い手づくりに取り組んでいます。",
    "{month}月には一年の成果を発表する報告会を開いています。",
    "学校や福祉施設からの依頼にも、できる範囲で応えています。",
    "活動に興味のある方は、市民活動センターを通じてご連絡ください。",
    "地域の皆さんの協力に支えられて、ここまで続けてくることができました。",
    "今後は{district}以外の地区にも活動を広げたいと考えています。",
    "活動の記録は写真とともに市民活動センターで紹介しています。",
    "{month}月と秋に、活動報告を兼ねた交流会を開いています。",
    "{district}の小中学校とのつながりを、これからも大切にしたいと考えています。",
    "会の運営は会員{k}名ほどの世話人会で話し合って決めています。",
    "{year}年の発足当時の思いを、今も活動の芯にしています。",
    "道具の置き場所や活動場所の確保が、今の悩みの種です。",
    "体験参加は一回から受け付けています。",
    "SNSでも活動日や様子をお知らせしています。",
    "これから先も続けられるよう、無理のない運営を心がけています。",
    "ほかの地区の団体と情報交換できる機会を探しています。",
    "{district}の行事にも、できる範囲で協力しています。",
    "活動日は{day}曜日が多く、都合のつく人が集まっています。",
    "{years}年の歩みをまとめた記念誌をつくりました。",
    "相談ごとは活動日に直接声をかけていただいても構いません。",
)


def activities(
    rng: random.Random, sub_areas: tuple[str, ...], where: Setting, name: str = ""
) -> str:
    """One to three concrete activities, each with how often it happens.

    What the name promises comes first: a 見守り隊 lists a 見守り activity, so a reader can tell
    at a glance that the profile and the name are the same group's.
    """
    phrases = [p for sub in sub_areas for p in ACTIVITIES[sub]]
    picked = rng.sample(phrases, k=min(len(phrases), rng.randint(1, 3)))
    for theme in (t for t in THEME_WORDS if t in name):
        themed = [p for p in phrases if theme in p]
        if themed and not any(theme in p for p in picked):
            first = rng.choice(themed)
            picked = [first, *(p for p in picked if p != first)][:3]
    return "".join(f"{frequency(rng)}、{fill(rng, p, where)}。" for p in picked)


def group_description(
    rng: random.Random, kind: str, sub_areas: tuple[str, ...], where: Setting,
    year: int, size: int,
) -> str:
    """Who the group is, why it exists, what it does, who takes part: 2–5 sentences, 80–400."""
    slots = {
        "year": year, "size": size, "k": rng.randint(3, 12), "age": rng.choice((30, 40, 50, 60)),
        "fee": rng.choice((200, 300, 500, 1000, 1200, 2000, 3000)), "month": rng.randint(4, 6),
        "rate": rng.randint(5, 9), "day": rng.choice("月火水木金土日"),
        "years": max(1, 2026 - year), "n": rng.randint(1, 3),
    }
    where = where._replace(landmark=rng.choice(LANDMARKS))
    opening = fill(rng, rng.choice(OPENINGS[kind]), where, **slots)
    pool = list(PURPOSES[sub_areas[0]])
    if kind == "neighbourhood":
        pool += NEIGHBOURHOOD_PURPOSES
    purpose = fill(rng, rng.choice(pool), where)
    optional = []
    if len(sub_areas) > 1 and rng.random() < 0.4:
        optional.append(fill(rng, rng.choice(PURPOSES[sub_areas[1]]), where))
    if rng.random() < 0.5:
        phrase = fill(rng, rng.choice([p for s in sub_areas for p in ACTIVITIES[s]]), where)
        optional.append(f"{frequency(rng)}、{phrase}。")
    if kind in ("neighbourhood", "citizen_group", "npo") and rng.random() < 0.6:
        members = MEMBERS["neighbourhood" if kind == "neighbourhood" else "group"]
        optional.append(fill(rng, rng.choice(members), where, **slots))
    rng.shuffle(optional)
    closings = [fill(rng, c, where, **slots) for c in CLOSINGS]
    rng.shuffle(closings)
    closing = closings[0] if rng.random() < 0.5 else ""
    text = fit([opening, purpose], [*optional[:2], closing], closings[1:], 80, 400)
    return as_owner(text, kind) if kind == "company" else text
