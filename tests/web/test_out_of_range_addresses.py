"""Addresses with ids or codes the database cannot hold are unknown pages, never errors."""

from __future__ import annotations

import httpx
import pytest
from support import post_form

from kakehashi.accounts.models import Role
from kakehashi.accounts.rules import create_user

HUGE = "99999999999999999999999"
PASSWORD = "correct horse battery"


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
    await create_user("office@city.example", PASSWORD, Role.COORDINATOR)
    await post_form(client, "/login", "/login",
                    {"email": "office@city.example", "password": PASSWORD})
    response = await client.get(path)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text


async def test_a_new_need_for_an_impossible_owner_is_404(client: httpx.AsyncClient) -> None:
    await create_user("office@city.example", PASSWORD, Role.COORDINATOR)
    await post_form(client, "/login", "/login",
                    {"email": "office@city.example", "password": PASSWORD})
    response = await client.get(f"/needs/new?owner=organisation:{HUGE}")
    assert response.status_code == 404
