"""Japanese search: every term must match through any of its spellings; names rank first."""

from __future__ import annotations

import httpx
from factories import directory

from kakehashi.directory import search
from kakehashi.directory.indexing import need_text, organisation_text
from kakehashi.directory.listings import Filters, need_page
from kakehashi.directory.models.needs import Need
from kakehashi.directory.models.orgs import ApprovalStatus, Organisation, PartnerKind


async def _found(query: str) -> list[int]:
    return await search.ranked_ids(Need.all(), search.parse(query))


def test_parse_trims_spaces_control_characters_and_overlong_queries() -> None:
    query = search.parse("  見守り\t\x00  高齢者  " + "あ" * 500)
    assert query.text.startswith("見守り 高齢者 ")
    assert len(query.text) == search.MAX_QUERY_LENGTH
    assert 0 < len(query.terms) <= 8


async def test_a_compound_finds_what_its_parts_find(db: str) -> None:
    drill = await directory.need("防災の訓練を行います", description="地域の避難訓練です。")
    salon = await directory.need("子育てのサロン", description="親子で集まる場です。")
    await directory.need("公園の花壇づくり")
    assert await _found("防災訓練") == await _found("防災 訓練") == [drill.id]
    assert await _found("子育てサロン") == [salon.id]


async def test_common_english_words_reach_the_japanese_vocabulary(db: str) -> None:
    drill = await directory.need("防災訓練の手伝い", description="地域の避難訓練です。")
    bank = await directory.need("フードバンクの仕分け", description="食品を届けます。")
    assert await _found("disaster") == [drill.id]
    assert await _found("food bank") == [bank.id]


async def test_a_suffix_or_a_word_typed_in_kana_is_not_cut_into_single_letters(db: str) -> None:
    """「高齢者」 must not become 高齢 AND 者, nor 「こうれいしゃ」 こう AND れい AND しゃ: a
    one-letter term matches nearly every text (and cannot use the gram index)."""
    elderly = await directory.need("高齢者の通いの場", description="体操と茶話会を開きます。")
    await directory.need("若者の就労相談", description="仕事をさがす人の話を聞きます。")
    await directory.need("公園の花壇づくり", description="冷たい水で花に水をやる作業です。")
    assert search.parse("高齢者").terms == (("高齢者", "こうれいしゃ"),)
    for query in ("高齢者", "こうれいしゃ", "コウレイシャ", "高齢者 通い"):
        assert await _found(query) == [elderly.id], query
    assert all(len(v) > 1 for term in search.parse("災害時要配慮者").terms for v in term)


def test_an_empty_query_searches_nothing() -> None:
    assert not search.parse("   ").active
    assert not search.parse(None).active


async def test_kanji_hiragana_and_katakana_spellings_find_the_same_need(db: str) -> None:
    need = await directory.need("高齢者の見守り活動",
                                description="毎週、ひとり暮らしの方を訪ねます。")
    await directory.need("公園の花壇づくり")
    for query in ("見守り", "みまもり", "ミマモリ", "高齢者 見守り"):
        assert await _found(query) == [need.id], query


async def test_full_width_letters_find_half_width_ones(db: str) -> None:
    group = await Organisation.create(
        name="NPO法人 かけはし", kind=PartnerKind.NPO, status=ApprovalStatus.APPROVED,
        search_text=organisation_text("NPO法人 かけはし", "", "", "", ""),
    )
    found = await search.ranked_ids(Organisation.all(), search.parse("ＮＰＯ"))
    assert found == [group.id]


async def test_every_term_must_match(db: str) -> None:
    await directory.need("高齢者の見守り活動")
    assert await _found("見守り 花壇") == []


async def test_quotes_in_the_query_are_text_not_sql(db: str) -> None:
    """The database counts each term's hits, so the query's words reach SQL as literals."""
    quoted = await directory.need("it's 'open' day", description="O'Brien's garden")
    await directory.need("高齢者の見守り活動")
    assert await _found("o'brien's") == [quoted.id]
    assert await _found("'open'") == [quoted.id]
    assert await _found("x'); DROP TABLE need; --") == []
    assert await Need.all().count() == 2


async def test_like_wildcards_in_the_query_are_taken_literally(db: str) -> None:
    await directory.need("高齢者の見守り活動")
    assert await _found("%") == []
    assert await _found("_") == []


async def test_a_match_in_the_title_ranks_above_one_in_the_description(db: str) -> None:
    in_description = await directory.need("地域の集い",
                                          description="見守り見守り見守りの活動を広げます。")
    in_title = await directory.need("見守りボランティア募集", description="週に一度の訪問です。")
    assert await _found("見守り") == [in_title.id, in_description.id]


async def test_equal_matches_go_newest_first(db: str) -> None:
    older = await directory.need("防災訓練の協力者", description="避難所の運営を手伝ってください。")
    newer = await directory.need("防災訓練の協力者", description="避難所の運営を手伝ってください。")
    assert await _found("防災") == [newer.id, older.id]


async def test_an_overlong_query_is_cut_with_a_message(client: httpx.AsyncClient) -> None:
    response = await client.get("/search", params={"q": "防災" * 300})
    assert response.status_code == 200
    assert "先頭の100文字で検索しました" in response.text
    short = await client.get("/search", params={"q": "防災"})
    assert "先頭の100文字" not in short.text


async def test_a_search_is_paged_and_an_old_link_past_the_end_shows_the_last_page(
        db: str) -> None:
    """The database ranks and pages: the best match leads page 1, page 2 holds the rest, and a
    page past the end (a link from before records were removed) shows the last page."""
    owner = await directory.department("福祉課")
    best = await directory.need("見守りボランティア募集", description="訪問します。",
                                department=owner)
    rest = [await directory.need(f"地域の集い{n}", description="見守りの活動です。",
                                 department=owner) for n in range(25)]
    await directory.need("公園の花壇づくり", department=owner)
    first = await need_page(Filters(q="見守り"), None, 1, 20)
    assert (first.total, first.number, first.items[0].id) == (26, 1, best.id)
    assert [card.id for card in first.items[1:4]] == [r.id for r in rest[::-1][:3]]
    second = await need_page(Filters(q="見守り"), None, 2, 20)
    assert [card.id for card in second.items] == [r.id for r in rest[::-1][19:]]
    assert (await need_page(Filters(q="見守り"), None, 9, 20)).number == 2


async def test_a_renamed_record_ranks_by_its_new_name(db: str) -> None:
    renamed = await directory.need("地域の集い", description="見守りの活動です。")
    other = await directory.need("交流会", description="見守り、見守り、見守りの活動です。")
    assert await _found("見守り") == [other.id, renamed.id]
    renamed.title = "見守りの集い"
    renamed.search_text = need_text(renamed.title, renamed.description, "")
    await renamed.save(update_fields=["title", "search_text"])
    assert await _found("みまもり") == [renamed.id, other.id]


async def test_a_kanji_prefix_or_suffix_stays_on_its_word_a_polite_one_is_dropped(
        db: str) -> None:
    """多文化 is not 文化, nor 要配慮者 any 配慮: the meaning is in the affix. お and ご only add
    politeness, so お年寄り finds a text that says 年寄り."""
    multicultural = await directory.need("多文化共生の日本語教室",
                                         description="外国の方と学びます。")
    await directory.need("伝統文化の体験会", description="地域の文化を伝えます。")
    assert await _found("多文化") == [multicultural.id]
    shelter = await directory.need("要配慮者の避難支援", description="災害時に手伝います。")
    await directory.need("ごみの分別", description="環境への配慮をお願いします。")
    assert await _found("災害時要配慮者") == [shelter.id]
    elderly = await directory.need("年寄りの集い", description="茶話会です。")
    assert await _found("お年寄り") == [elderly.id]
