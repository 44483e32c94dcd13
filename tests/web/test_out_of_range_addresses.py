"""Addresses with ids or codes the database cannot hold are unknown pages, never errors."""

from __future__ import annotations

import httpx
import pytest
from support import signed_in

from kakehashi.accounts.models import Role

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("path", [
    f"/groups/{HUGE}", f"/needs/{HUGE}", f"/departments/{HUGE}", f"/capabilities/{HUGE}",
    f"/groups/{HUGE}/edit", f"/needs/{HUGE}/edit", f"/groups/{HUGE}/history",
    f"/groups/{HUGE}/members", f"/needs/{HUGE}/suggestions",
    f"/coordinator/groups/{HUGE}/criteria", "/coordinator/fields/" + "a" * 80 + "/edit",
    "/coordinator/fields/Not-A-Code/edit", "/groups/2147483648",
])
async def test_out_of_range_addresses_are_404_for_a_coordinator(
    client: httpx.AsyncClient, path: str
) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    response = await client.get(path)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text


async def test_a_new_need_for_an_impossible_owner_is_404(client: httpx.AsyncClient) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    response = await client.get(f"/needs/new?owner=organisation:{HUGE}")
    assert response.status_code == 404
