"""Choosing parties by search, not from hundreds of checkboxes: with and without the script."""

from __future__ import annotations

import httpx
from factories.directory import department, group
from factories.introductions import world
from support import post_form, sign_in

from kakehashi.collaborations.models import Collaboration
from kakehashi.directory import parties
from kakehashi.directory.models.orgs import ApprovalStatus

NEW = "/collaborations/new"


async def _city() -> None:
    await world()
    await group("ひだまり見守り隊", furigana="ひだまりみまもりたい", area="東地区",
                fields=("welfare.elderly",))
    await group("海辺の清掃クラブ", area="西地区", fields=("environment.beautification",))
    await group("審査中の見守り会", status=ApprovalStatus.PENDING)
    await department("高齢者支援課", fields=("welfare.elderly",))


async def test_the_finder_matches_name_reading_kind_field_and_area(db: str) -> None:
    await _city()

    async def names(**query: str) -> list[str]:
        return [p.name for p in await parties.find(parties.PartyQuery(**query))]

    assert await names(words="みまもり") == ["ひだまり見守り隊"]  # not the pending group
    assert await names(words="ミマモリ") == await names(words="見守り")
    assert await names(field="welfare") == ["高齢者支援課", "ひだまり見守り隊"]
    assert await names(field="welfare", kind="organisation") == ["ひだまり見守り隊"]
    assert await names(area="西地区") == ["海辺の清掃クラブ"]
    assert await names() == []


async def test_without_the_script_the_form_finds_parties_and_keeps_what_was_typed(
    client: httpx.AsyncClient,
) -> None:
    await _city()
    await sign_in(client, "coord@example.jp")
    page = await client.get(NEW)
    assert page.text.count('name="parties"') == 0  # no list of every party
    found = await post_form(client, NEW, NEW, {
        "title": "見守り連携", "forms": "cooperation", "party_q": "みまもり", "find": "1"})
    assert found.status_code == 200
    assert 'value="見守り連携"' in found.text and "ひだまり見守り隊" in found.text
    assert "海辺の清掃クラブ" not in found.text
    watch = (await parties.find(parties.PartyQuery(words="見守り")))[0]
    senior = (await parties.find(parties.PartyQuery(words="高齢者支援課")))[0]
    only_one = await post_form(client, NEW, NEW, {
        "title": "見守り連携", "forms": "cooperation", "parties": watch.key})
    assert only_one.status_code == 400 and 'id="parties-error"' in only_one.text
    assert f'value="{watch.key}" checked' in only_one.text  # the pick is kept
    forged = await post_form(client, NEW, NEW, {
        "title": "見守り連携", "forms": "cooperation",
        "parties": [watch.key, "department:99999", "organisation:abc"]})
    assert forged.status_code == 400
    opened = await post_form(client, NEW, NEW, {
        "title": "見守り連携", "forms": "cooperation", "parties": [watch.key, senior.key]})
    assert opened.status_code == 303
    assert await Collaboration.filter(title="見守り連携").count() == 1


async def test_the_script_asks_the_same_search_as_json(client: httpx.AsyncClient) -> None:
    await _city()
    await sign_in(client, "coord@example.jp")
    answer = await client.get("/coordinator/parties.json", params={"q": "みまもり"})
    watch = (await parties.find(parties.PartyQuery(words="見守り")))[0]
    assert answer.json() == [{"key": watch.key, "name": "ひだまり見守り隊",
                              "kind": "organisation"}]
    page = await client.get(NEW)
    assert '<script src="/static/js/party-picker.js" defer></script>' in page.text
    await sign_in(client, "member@example.jp")
    assert (await client.get("/coordinator/parties.json", params={"q": "み"})).status_code == 403
