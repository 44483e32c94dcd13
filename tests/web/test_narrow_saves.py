"""Kept public pages outlive saves that cannot have changed them (issue 19): an edit of only a
record's quiet columns (a call's title or description, a group's description) forgets the pages
that showed that record and the searches that find its old or new words, and no other; private
actions (signing in, the language) forget nothing; any other save forgets every kept page."""

from __future__ import annotations

import asyncio
import dataclasses

import httpx
import pytest
from factories.introductions import world
from support import post_form, sign_in

from kakehashi.directory.models.needs import Need
from kakehashi.freshness import EVERYTHING, Change, Shown
from kakehashi.http import page_changes
from kakehashi.http.public_pages import (
    REMEMBERED_CHANGES,
    TIDY_EVERY,
    KeptPage,
    PublicPages,
)
from kakehashi.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, public_page_seconds=30)


def _need_form(**changes: object) -> dict[str, object]:
    return {"title": "見守りの協力者募集", "description": "毎週の声かけ", "area": "東地区",
            "fields": ["welfare.childcare"], "period_start": "", "period_end": "", **changes}


async def _city(client: httpx.AsyncClient) -> tuple[httpx.AsyncClient, Need, Need]:
    """A visitor, and two open calls of みどりの会 (the watched one with its fields saved through
    the form), whose member is signed in on ``client``."""
    place = await world()
    watched = await Need.create(title="見守りの協力者募集", description="毎週の声かけ",
                                area="東地区", organisation=place.group, status="open",
                                search_text="見守りの協力者募集 毎週の声かけ 東地区")
    other = await Need.create(title="防災訓練の協力者募集", description="避難所の設営",
                              area="東地区", organisation=place.group, status="open",
                              search_text="防災訓練の協力者募集 避難所の設営 東地区")
    await sign_in(client, "member@example.jp")
    await _edit(client, watched)  # its fields, as the form gives them
    visitor = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    return visitor, watched, other


async def _kept(visitor: httpx.AsyncClient, *paths: str) -> None:
    for path in paths:
        await visitor.get(path)
        assert "age" in (await visitor.get(path)).headers, f"{path} was not kept"


async def _edit(client: httpx.AsyncClient, need: Need, **changes: object) -> None:
    edit = f"/needs/{need.id}/edit"
    response = await post_form(client, edit, edit, _need_form(**changes))
    assert response.status_code == 303, response.text


async def test_a_description_edit_forgets_only_the_pages_that_show_or_find_the_call(
    client: httpx.AsyncClient,
) -> None:
    visitor, watched, other = await _city(client)
    unrelated = ["/groups", f"/needs/{other.id}", "/search?q=避難所"]
    await _kept(visitor, f"/needs/{watched.id}", "/search?q=声かけ", "/search?q=ごみ拾い",
                *unrelated)
    await _edit(client, watched, description="月に一度のごみ拾い")
    detail = await visitor.get(f"/needs/{watched.id}")
    assert "age" not in detail.headers and "月に一度のごみ拾い" in detail.text
    old_words = await visitor.get("/search?q=声かけ")  # found it before the edit
    assert "age" not in old_words.headers and "見守りの協力者募集" not in old_words.text
    new_words = await visitor.get("/search?q=ごみ拾い")  # finds it now
    assert "age" not in new_words.headers and "見守りの協力者募集" in new_words.text
    for path in unrelated:
        assert "age" in (await visitor.get(path)).headers, f"{path} was forgotten"


async def test_an_edit_that_moves_the_call_in_lists_forgets_every_kept_page(
    client: httpx.AsyncClient,
) -> None:
    visitor, watched, other = await _city(client)
    await _kept(visitor, "/groups", f"/needs/{other.id}")
    await _edit(client, watched, area="西地区")  # lists filter by area
    for path in ("/groups", f"/needs/{other.id}"):
        assert "age" not in (await visitor.get(path)).headers, f"{path} was still kept"


async def test_a_new_title_shows_on_every_page_with_the_calls_card_at_once(
    client: httpx.AsyncClient,
) -> None:
    visitor, watched, other = await _city(client)
    with_card = ["/", "/needs", f"/groups/{(await other.organisation).id}"]
    await _kept(visitor, *with_card, "/groups", f"/needs/{other.id}")
    await _edit(client, watched, title="見守りと配食の協力者募集")
    for path in with_card:
        page = await visitor.get(path)
        assert "age" not in page.headers and "見守りと配食の協力者募集" in page.text, path
    for path in ("/groups", f"/needs/{other.id}"):
        assert "age" in (await visitor.get(path)).headers, f"{path} was forgotten"


async def test_a_page_that_does_not_name_what_it_shows_is_forgotten_by_any_save(
    client: httpx.AsyncClient,
) -> None:
    visitor, watched, _ = await _city(client)
    await _kept(visitor, "/statistics")
    await _edit(client, watched, description="月に一度のごみ拾い")
    assert "age" not in (await visitor.get("/statistics")).headers


async def test_a_group_description_edit_reaches_its_profile_and_card_at_once(
    client: httpx.AsyncClient,
) -> None:
    visitor, _, other = await _city(client)
    midori = await other.organisation
    await _kept(visitor, f"/groups/{midori.id}", "/groups", f"/needs/{other.id}")
    edit = f"/groups/{midori.id}/edit"
    response = await post_form(client, edit, edit, {
        "name": midori.name, "furigana": midori.furigana, "kind": midori.kind.value,
        "area": midori.area, "description": "公園の花壇を手入れしています", "activities": "",
        "founded_year": "", "size": "", "public_contact": "", "contact_name": "",
        "contact_email": "", "contact_phone": ""})
    assert response.status_code == 303, response.text
    for path in (f"/groups/{midori.id}", "/groups"):
        page = await visitor.get(path)
        assert "age" not in page.headers and "公園の花壇を手入れしています" in page.text
    assert "age" in (await visitor.get(f"/needs/{other.id}")).headers


async def test_signing_in_and_out_and_private_choices_keep_the_pages(
    client: httpx.AsyncClient,
) -> None:
    visitor, watched, _ = await _city(client)
    kept = ("/groups", f"/needs/{watched.id}", "/statistics")  # /statistics names nothing
    await _kept(visitor, *kept)
    await sign_in(client, "staff@example.jp")
    assert (await post_form(client, "/me", "/language", {"lang": "en"})).status_code == 303
    assert (await post_form(client, "/me", "/inbox/read-all", {})).status_code == 303
    assert (await post_form(client, "/me", "/logout", {})).status_code == 303
    for path in kept:
        assert "age" in (await visitor.get(path)).headers, f"{path} was forgotten"


def _page(shown: Shown | None) -> KeptPage:
    return KeptPage((), b"<html>", '"tag"', shown)


def _scope(path: str) -> dict[str, object]:
    return {"type": "http", "path": path, "query_string": b"", "headers": []}


def _narrow(*records: str, texts: tuple[str, ...] = ()) -> Change:
    return Change(records=set(records), texts=set(texts), narrowed=True)


def test_a_page_built_while_a_save_touching_it_went_through_is_not_kept() -> None:
    pages = PublicPages(60)
    started = pages.generation
    pages.forget(_narrow("need:1"))
    pages.keep(_scope("/needs/1"), _page(Shown({"need:1"}, vouched=True)), since=started)
    pages.keep(_scope("/needs/2"), _page(Shown({"need:2"}, vouched=True)), since=started)
    assert pages.get(_scope("/needs/1")) is None
    assert pages.get(_scope("/needs/2")) is not None
    started = pages.generation
    for number in range(REMEMBERED_CHANGES + 1):  # more saves than remembered: not kept
        pages.forget(_narrow(f"need:{100 + number}"))
    pages.keep(_scope("/needs/3"), _page(Shown({"need:3"}, vouched=True)), since=started)
    assert pages.get(_scope("/needs/3")) is None


def test_many_kept_pages_are_still_forgotten_one_record_at_a_time() -> None:
    pages = PublicPages(60)
    for number in range(3 * TIDY_EVERY):  # past several rebuilds of the index
        pages.keep(_scope(f"/needs/{number}"), _page(Shown({f"need:{number}"}, vouched=True)))
    pages.forget(_narrow("need:5"))
    assert pages.get(_scope("/needs/5")) is None
    assert pages.get(_scope("/needs/6")) is not None
    assert pages.get(_scope(f"/needs/{3 * TIDY_EVERY - 1}")) is not None


def test_a_search_is_forgotten_when_either_text_has_all_its_words() -> None:
    pages = PublicPages(60)
    terms = (("高齢者",), ("見守り", "みまもり"))
    pages.keep(_scope("/search"), _page(Shown(searches={terms}, vouched=True)))
    pages.forget(_narrow("need:1", texts=("高齢者の買い物支援", "子育て")))
    assert pages.get(_scope("/search")) is not None  # 見守り in neither
    pages.forget(_narrow("need:1", texts=("高齢者のみまもり", "子育て")))
    assert pages.get(_scope("/search")) is None


def test_a_change_survives_the_trip_to_another_worker() -> None:
    change = _narrow("need:1", "organisation:2", texts=("見守り", "声かけ"))
    heard = page_changes.change_in(page_changes.message_of(change))
    assert heard == change and not heard.everything
    assert page_changes.message_of(EVERYTHING) == ""
    assert page_changes.change_in("").everything
    assert page_changes.change_in("{broken").everything
    too_long = page_changes.change_in(page_changes.message_of(
        _narrow("need:1", texts=("見守り" * 1000,))))
    assert too_long.records == {"need:1"} and not too_long.texts and too_long.every_search
    pages = PublicPages(60)
    pages.keep(_scope("/search"), _page(Shown(searches={(("防災",),)}, vouched=True)))
    pages.keep(_scope("/needs/2"), _page(Shown({"need:2"}, vouched=True)))
    pages.forget(too_long)
    assert pages.get(_scope("/search")) is None  # any search may have changed
    assert pages.get(_scope("/needs/2")) is not None


async def test_another_worker_forgets_what_a_save_touched(db: str, database_url: str) -> None:
    if not database_url.startswith("postgres"):
        pytest.skip("workers hear each other through PostgreSQL; SQLite serves with one")
    saving, serving = PublicPages(60), PublicPages(60)

    async def forgotten(path: str) -> bool:
        for _ in range(200):
            if serving.get(_scope(path)) is None:
                return True
            await asyncio.sleep(0.01)
        return False

    async with (page_changes.heard_by_every_worker(database_url, saving),
                page_changes.heard_by_every_worker(database_url, serving)):
        serving.keep(_scope("/needs/1"), _page(Shown({"need:1"}, vouched=True)))
        serving.keep(_scope("/needs/2"), _page(Shown({"need:2"}, vouched=True)))
        await saving.site_changed(_narrow("need:1"))
        assert await forgotten("/needs/1")
        assert serving.get(_scope("/needs/2")) is not None
        await saving.site_changed(EVERYTHING)
        assert await forgotten("/needs/2")
