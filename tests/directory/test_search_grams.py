"""The gram index only narrows search: it never loses a match, and it follows every edit."""

from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st
from tortoise import Tortoise

from kakehashi.directory import search
from kakehashi.directory.indexing import need_text
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.searchable import gram_column, gram_tokens

fill_migration = importlib.import_module("kakehashi.migrations.0005_search_grams")
title_migration = importlib.import_module("kakehashi.migrations.0019_search_title")

TEXTS = [
    ("高齢者の見守り活動", "毎週、ひとり暮らしの方を訪ねます。"),
    ("子育てサロンの運営", "乳幼児と保護者の居場所づくり。"),
    ("河川敷の清掃", "月に一度、ごみ拾いと草刈りをします。"),
    ("防災訓練の協力者", "避難所の運営と炊き出しを手伝ってください。"),
    ("多文化共生の日本語教室", "外国にルーツのある子どもの学習支援。"),
    ("Beach clean-up volunteers", "Join us on Saturday mornings: gloves provided."),
    ("森の学校", "自然観察と環境学習のプログラム。"),
]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60), st.data())
def test_every_substring_has_a_subset_of_the_texts_grams(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert gram_tokens(text[start:end]) <= gram_tokens(text)


def test_tokens_are_plain_ascii_words_so_postgres_keeps_them_whole() -> None:
    column = gram_column("高齢者の見守り。ＮＰＯ、emoji 🙂🙂 <b>html</b>")
    assert column and all(t.startswith("g") and t[1:].isalnum() and t.isascii()
                          for t in column.split())


def test_a_query_of_one_character_words_is_left_to_like() -> None:
    assert search.gram_query(search.parse("森")) is None
    assert search.gram_query(search.parse("森 見守り")) is not None


async def _needs() -> list[Need]:
    return [
        await Need.create(title=title, description=body, status=NeedStatus.OPEN,
                          search_text=need_text(title, body, ""))
        for title, body in TEXTS
    ]


async def _found(query: str) -> list[int]:
    return await search.ranked_ids(Need.all(), search.parse(query))


async def test_narrowing_finds_exactly_what_a_full_scan_finds(db: str, monkeypatch) -> None:
    await _needs()
    queries = ["見守り", "みまもり", "こうれいしゃ", "清掃", "子ども 学習", "運営", "clean",
               "森", "の", "サロン 居場所", "防災 清掃", "ごみ拾い", "volunteers saturday"]
    narrowed = {q: await _found(q) for q in queries}
    monkeypatch.setattr(search, "gram_query", lambda query: None)
    scanned = {q: await _found(q) for q in queries}
    assert narrowed == scanned
    assert narrowed["清掃"] and narrowed["運営"] and len(narrowed["運営"]) == 2


async def test_an_edited_text_is_found_by_its_new_words_only(db: str) -> None:
    need = (await _needs())[0]
    need.title, need.description = "花壇の手入れ", "春の植え替えを手伝ってください。"
    need.search_text = need_text(need.title, need.description, "")
    await need.save()
    assert await _found("花壇") == [need.id]
    assert await _found("見守り") == []


async def test_the_migration_fills_the_grams_of_existing_records(db: str) -> None:
    await _needs()
    client = Tortoise.get_connection("default")
    await client.execute_script("UPDATE need SET search_grams = ''")
    await fill_migration.fill_grams(client)
    for need in await Need.all():
        assert need.search_grams == gram_column(need.search_text)
    assert len(await _found("清掃")) == 1


async def test_the_title_migration_indexes_the_titles_of_existing_records(db: str) -> None:
    """Records written before ``search_title`` existed rank by their titles once migrated."""
    in_text = await Need.create(title="地域の集い", status=NeedStatus.OPEN,
                                search_text=need_text("地域の集い", "清掃、清掃、清掃の日", ""))
    in_title = await Need.create(title="河川敷の清掃", status=NeedStatus.OPEN,
                                 search_text=need_text("河川敷の清掃", "月に一度です。", ""))
    client = Tortoise.get_connection("default")
    await client.execute_script("UPDATE need SET search_title = ''")
    assert await _found("清掃") == [in_text.id, in_title.id]  # text hits alone: 3 against 1
    await title_migration.fill_titles(None, type("Editor", (), {"client": client})())
    assert await _found("せいそう") == [in_title.id, in_text.id]
