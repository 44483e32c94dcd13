"""The desk's rows for late steps: a meeting without its outcome, an agreement a party has not
approved, an evaluation a party owes. Each links to its action and acting removes it."""

from __future__ import annotations

import httpx
from factories.introductions import world
from support import sign_in

from desk.steps import completed, met, proposed
from kakehashi.collaborations import agreements, evaluations
from kakehashi.introductions.outcome import record_outcome


async def _desk(client: httpx.AsyncClient) -> str:
    response = await client.get("/coordinator/desk")
    assert response.status_code == 200
    return response.text


def _section(html: str, key: str) -> str:
    return html.split(f'id="desk-{key}"', 1)[1].split("</section>", 1)[0]


async def test_a_meeting_without_its_outcome_waits_its_days_then_leaves_once_recorded(
        client: httpx.AsyncClient) -> None:
    w = await world()
    late, recent = await met(w, 5), await met(w, 1)
    await sign_in(client, w.coordinator)
    html = await _desk(client)
    outcomes = _section(html, "outcomes")
    assert f'href="/introductions/{late}#meeting-outcome"' in outcomes
    assert "みどりの会 ⇄ 福祉課" in outcomes
    assert f"/introductions/{recent}#" not in outcomes  # started a day ago: within 3 days
    assert "<title>今日の仕事 (1)" in html

    page = await client.get(f"/introductions/{late}")
    assert 'id="meeting-outcome"' in page.text  # the row lands on the outcome form
    await record_outcome(w.coordinator, late, "later", "また連絡する")
    html = await _desk(client)
    assert f"/introductions/{late}#meeting-outcome" not in html
    assert "<title>今日の仕事 (0)" in html


async def test_an_agreement_waits_for_each_party_until_it_approves(
        client: httpx.AsyncClient) -> None:
    w = await world()
    cid = await proposed(w, 20)
    await proposed(w, 2, "新しい協働")  # written two days ago: not late yet
    await sign_in(client, w.coordinator)
    rows = _section(await _desk(client), "agreements")
    assert f'href="/collaborations/{cid}/agreement"' in rows
    assert "見守り協働（みどりの会）" in rows and "見守り協働（福祉課）" in rows
    assert "新しい協働" not in rows

    await agreements.approve(w.member, cid, 1, w.a.key)
    rows = _section(await _desk(client), "agreements")
    assert "見守り協働（みどりの会）" not in rows and "見守り協働（福祉課）" in rows
    await agreements.approve(w.staff, cid, 1, w.b.key)
    assert "見守り協働" not in _section(await _desk(client), "agreements")


async def test_an_evaluation_due_leaves_the_desk_once_the_party_writes_it(
        client: httpx.AsyncClient) -> None:
    w = await world()
    cid = await completed(w, 20)
    await sign_in(client, w.coordinator)
    rows = _section(await _desk(client), "evaluations")
    assert f'href="/collaborations/{cid}#evaluations"' in rows
    assert "見守り協働（みどりの会）" in rows and "見守り協働（福祉課）" in rows

    await evaluations.save(w.member, cid, w.a.key, evaluations.Assessment(
        dict.fromkeys("abcdefgh", 4), "見守りが続いた", ""))
    rows = _section(await _desk(client), "evaluations")
    assert "見守り協働（みどりの会）" not in rows and "見守り協働（福祉課）" in rows
