"""The taxonomy is read once per worker every few seconds, and an edit shows at once."""

from __future__ import annotations

import httpx
import pytest
from support import QueryCounter, signed_in

from kakehashi.accounts.models import Role
from kakehashi.taxonomy import editor, snapshot
from kakehashi.taxonomy.fields import list_fields
from kakehashi.taxonomy.models import Field


async def test_pages_read_the_taxonomy_once_not_on_every_request(
    client: httpx.AsyncClient, counter: QueryCounter
) -> None:
    snapshot.forget()
    await client.get("/groups")
    counter.count = 0
    await client.get("/groups")
    again = counter.count
    snapshot.forget()
    counter.count = 0
    await client.get("/groups")
    assert again < counter.count  # the second visit took the labels from the worker's copy


async def test_an_edit_in_this_worker_shows_on_the_next_page(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client, "coord@example.jp", Role.COORDINATOR)
    assert "高齢者" in (await client.get("/groups")).text
    await editor.edit_field("welfare.elderly", "シニア", "Seniors")
    page = (await client.get("/groups")).text
    assert "シニア" in page and ">高齢者<" not in page


async def test_another_workers_edit_shows_once_the_copy_is_stale(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {f.code: f.label for f in await list_fields()}
    await Field.filter(code="welfare.elderly").update(label_ja="シニア")  # another worker
    assert {f.code: f.label for f in await list_fields()} == before
    monkeypatch.setattr(snapshot, "FRESH_FOR", 0.0)
    assert {f.code: f.label for f in await list_fields()}["welfare.elderly"] == "シニア"
