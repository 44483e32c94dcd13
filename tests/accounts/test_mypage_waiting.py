""""Waiting for you" on My page: a party's people see the answers, approvals and evaluations
they owe, each linking to where it is done, and a row leaves once done."""

from __future__ import annotations

import httpx
from desk.steps import completed, met, proposed
from factories.introductions import current_slots, introduced, mark, slot, world
from support import sign_in

from kakehashi.collaborations import agreements, evaluations


def _waiting(html: str) -> str:
    return html.split('id="waiting"', 1)[1].split("</section>", 1)[0]


async def test_a_member_sees_the_approval_and_the_evaluation_it_owes_until_done(
        client: httpx.AsyncClient) -> None:
    w = await world()
    draft = await proposed(w, 0, "見守り協働")
    done = await completed(w, 0, "防災協働")
    await sign_in(client, w.member)
    waiting = _waiting((await client.get("/me")).text)
    assert f'href="/collaborations/{draft}/agreement"' in waiting and "協定書を承認" in waiting
    assert f'href="/collaborations/{done}#evaluations"' in waiting

    await agreements.approve(w.member, draft, 1, w.a.key)
    await evaluations.save(w.member, done, w.a.key, evaluations.Assessment(
        dict.fromkeys("abcdefgh", 4), "見守りが続いた", ""))
    waiting = _waiting((await client.get("/me")).text)
    assert f"/collaborations/{draft}/agreement" not in waiting
    assert f"/collaborations/{done}#" not in waiting
    assert "対応を待っていることはありません" in waiting

    await sign_in(client, w.staff)  # the other party still owes both
    waiting = _waiting((await client.get("/me")).text)
    assert f"/collaborations/{draft}/agreement" in waiting
    assert f"/collaborations/{done}#evaluations" in waiting


async def test_staff_see_an_introduction_waiting_for_their_times_until_they_answer(
        client: httpx.AsyncClient) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7))
    await sign_in(client, w.staff)
    assert f'href="/introductions/{intro_id}"' in _waiting((await client.get("/me")).text)
    await mark(w.staff, intro_id, (await current_slots(intro_id))[0])
    assert f'href="/introductions/{intro_id}"' not in _waiting((await client.get("/me")).text)


async def test_outsiders_see_nothing_of_others_and_coordinators_see_outcomes_to_record(
        client: httpx.AsyncClient) -> None:
    w = await world()
    intro_id = await met(w, 1)
    await proposed(w, 0, "見守り協働")
    await sign_in(client, w.outsider)
    waiting = _waiting((await client.get("/me")).text)
    assert "見守り協働" not in waiting and "/introductions/" not in waiting
    await sign_in(client, w.coordinator)
    waiting = _waiting((await client.get("/me")).text)
    assert f"/introductions/{intro_id}#meeting-outcome" in waiting
