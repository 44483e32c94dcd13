"""The JSON API answers an introduction by the same rule as its page: a party marks every
offered time it can attend, or declines with a reason; the answer shows the grid."""

from __future__ import annotations

from typing import Any

import httpx
from factories.introductions import current_slots, introduced, slot, world
from support import sign_in

from kakehashi.introductions.models import Introduction, IntroductionStatus, SlotAvailability


async def _post(client: httpx.AsyncClient, path: str, body: Any) -> httpx.Response:
    return await client.post(path, json=body, headers={"x-csrftoken": client.cookies["csrftoken"]})


async def test_parties_mark_availability_and_one_time_suiting_both_is_fixed(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    intro_id = await introduced(w, slot(7), slot(8))
    first, second = await current_slots(intro_id)
    url = f"/api/v1/introductions/{intro_id}/availability"
    assert (await client.post(url, json={"slots": [first.id]})).status_code == 401
    await sign_in(client, "other@example.jp")
    assert (await _post(client, url, {"slots": [first.id]})).status_code == 404
    await sign_in(client, "coord@example.jp")
    assert (await _post(client, url, {"slots": [first.id]})).status_code == 403

    await sign_in(client, "member@example.jp")
    wrong = await _post(client, url, {"slots": [999_999]})
    assert wrong.status_code == 400 and "slots" in wrong.json()["error"]["fields"]
    typed = await _post(client, url, {"slots": "1"})
    assert typed.status_code == 400
    assert not await SlotAvailability.exists()
    marked = await _post(client, url, {"slots": [first.id, second.id], "comment": "午前希望"})
    assert marked.status_code == 200, marked.text
    body = marked.json()
    assert body["status"] == "proposed"
    assert [(t["a"], t["b"]) for t in body["times"]] == [("yes", "none"), ("yes", "none")]

    await sign_in(client, "staff@example.jp")
    fixed = (await _post(client, url, {"slots": [second.id]})).json()
    assert fixed["status"] == "scheduled"
    assert [t["suits_both"] for t in fixed["times"]] == [False, True]
    late = await _post(client, url, {"slots": [first.id]})
    assert late.status_code == 409  # no longer waiting for answers
    assert (await Introduction.get(id=intro_id)).starts_at == second.starts_at


async def test_a_decline_by_the_api_needs_a_reason_and_ends_as_declined(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    intro_id = await introduced(w)
    url = f"/api/v1/introductions/{intro_id}/decline"
    await sign_in(client, "staff@example.jp")
    missing = await _post(client, url, {"reason": " "})
    assert missing.status_code == 400 and set(missing.json()["error"]["fields"]) == {"reason"}
    declined = await _post(client, url, {"reason": "予算がない"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    intro = await Introduction.get(id=intro_id)
    assert intro.status == IntroductionStatus.DECLINED and intro.cancel_reason == "予算がない"
