"""A name's reading is kept in hiragana: katakana is converted, kanji is refused at the field
(UI_JA: accept katakana and convert, say so under the field)."""

from __future__ import annotations

import httpx
import pytest
from factories.accounts import PASSWORD
from support import post_form

from kakehashi.directory.japanese import reading
from kakehashi.directory.models.orgs import Organisation
from kakehashi.errors import DomainError


@pytest.mark.parametrize(("typed", "kept"), [
    ("ミドリノカイ", "みどりのかい"), ("ﾐﾄﾞﾘﾉｶｲ", "みどりのかい"),
    ("みどり の かい", "みどり の かい"),
    ("えぬぴーおー ほうじん", "えぬぴーおー ほうじん"), ("NPO みどり", "NPO みどり"), ("", ""),
])
def test_readings_are_kept_in_hiragana(typed: str, kept: str) -> None:
    assert reading(typed) == kept


def test_a_reading_in_kanji_is_refused_at_its_field() -> None:
    with pytest.raises(DomainError) as refused:
        reading("緑の会")
    assert refused.value.field == "furigana"


async def test_sign_up_converts_katakana_and_says_so(client: httpx.AsyncClient) -> None:
    form = await client.get("/signup")
    assert "カタカナで入力しても" in form.text
    response = await post_form(client, "/signup", "/signup", {
        "group_name": "みどりの会", "furigana": "ミドリノカイ", "kind": "citizen_group",
        "display_name": "緑 太郎", "email": "midori@example.jp", "password": PASSWORD,
    })
    assert response.status_code == 303
    assert (await Organisation.get(name="みどりの会")).furigana == "みどりのかい"


async def test_sign_up_refuses_kanji_as_a_reading_and_keeps_what_was_typed(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(client, "/signup", "/signup", {
        "group_name": "みどりの会", "furigana": "緑の会", "kind": "citizen_group",
        "display_name": "緑 太郎", "email": "midori@example.jp", "password": PASSWORD,
    })
    assert response.status_code == 400
    assert 'id="furigana-error"' in response.text
    assert 'value="緑の会"' in response.text
    assert not await Organisation.exists(name="みどりの会")
