"""The JSON API: paged public reads with filters and next links, detail pages, clear JSON errors,
two writes for signed-in users (401/403/400/201), and an OpenAPI document that matches the
routes exactly. Private contact data never appears in an answer."""

from __future__ import annotations

from pathlib import Path

import httpx
from factories.accounts import user
from factories.directory import department, group
from publishing.test_open_data import SECRETS, public_and_private_records
from support import sign_in

from kakehashi.accounts.models import Role
from kakehashi.api.openapi import openapi_path
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus
from kakehashi.http.urls import flatten
from kakehashi.introductions.models import QueueItem
from kakehashi.routes import build_routes
from kakehashi.taxonomy.models import Field


def _csrf(client: httpx.AsyncClient) -> dict[str, str]:
    return {"x-csrftoken": client.cookies["csrftoken"]}


def _error(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] and error["message"]
    return error  # type: ignore[no-any-return]


async def test_lists_are_paged_with_next_links(client: httpx.AsyncClient) -> None:
    for n in range(5):
        await group(f"会{n}", furigana=f"かい{n}")
    await group("申請中の会", status=ApprovalStatus.PENDING)

    first = (await client.get("/api/v1/groups?per_page=2")).json()
    assert first["total"] == 5 and first["per_page"] == 2
    assert [g["name"] for g in first["items"]] == ["会0", "会1"]
    second = (await client.get(first["next"])).json()
    third = (await client.get(second["next"])).json()
    assert [g["name"] for g in second["items"] + third["items"]] == ["会2", "会3", "会4"]
    assert third["next"] is None
    assert (await client.get("/api/v1/groups?page=9")).json()["items"] == []
    error = _error(await client.get("/api/v1/groups?per_page=101"), 400)
    assert "per_page" in error["fields"]  # type: ignore[operator]
    _error(await client.get("/api/v1/groups?page=0"), 400)


async def test_field_filters_match_sub_areas_and_refuse_unknown_codes(
    client: httpx.AsyncClient,
) -> None:
    elderly, education = await group("高齢の会"), await group("学びの会")
    await elderly.fields_.add(await Field.get(code="welfare.elderly"))
    await education.fields_.add(await Field.get(code="education"))
    found = (await client.get("/api/v1/groups?field=welfare")).json()
    assert [g["name"] for g in found["items"]] == ["高齢の会"]
    assert found["items"][0]["fields"] == ["welfare.elderly"]
    next_page = (await client.get("/api/v1/groups?field=welfare&per_page=1")).json()
    assert next_page["next"] is None
    error = _error(await client.get("/api/v1/groups?field=nonsense"), 400)
    assert "field" in error["fields"]  # type: ignore[operator]
    codes = [f["code"] for f in (await client.get("/api/v1/fields?field=welfare&per_page=100"))
             .json()["items"]]
    assert codes[0] == "welfare" and all(c.startswith("welfare") for c in codes)


async def test_details_show_public_records_and_hide_the_rest(client: httpx.AsyncClient) -> None:
    ids = await public_and_private_records()
    assert (await client.get(f"/api/v1/groups/{ids['group']}")).json()["area"] == "北地区"
    assert (await client.get(f"/api/v1/needs/{ids['need']}")).json()["owner"]["type"] == "group"
    collab = (await client.get(f"/api/v1/collaborations/{ids['collaboration']}")).json()
    assert collab["evaluations"][0]["scores"]["h"] == 4
    proposal = (await client.get(f"/api/v1/proposals/{ids['proposal']}")).json()
    assert proposal["answer"] == "not_adopted" and proposal["answer_reason"] == "予算不足"
    assert (await client.get("/api/v1/fields/welfare")).json()["label_ja"] == "福祉"
    _error(await client.get(f"/api/v1/groups/{ids['pending']}"), 404)
    _error(await client.get("/api/v1/collaborations/999999"), 404)
    _error(await client.get("/api/v1/fields/nothing"), 404)
    _error(await client.get("/api/v1/groups/99999999999"), 404)  # out of range: no route
    _error(await client.get("/api/v1/nothing"), 404)
    refused = await client.delete("/api/v1/groups")
    _error(refused, 405)
    assert "GET" in refused.headers["allow"]
    assert "POST" in (await client.put("/api/v1/needs")).headers["allow"]


async def test_no_answer_carries_private_contact_data(client: httpx.AsyncClient) -> None:
    ids = await public_and_private_records()
    addresses = [f"/api/v1/{name}?per_page=100" for name in (
        "groups", "departments", "needs", "capabilities", "collaborations", "proposals")]
    addresses += [f"/api/v1/groups/{ids['group']}", f"/api/v1/departments/{ids['department']}",
                  f"/api/v1/collaborations/{ids['collaboration']}",
                  f"/api/v1/proposals/{ids['proposal']}"]
    for address in addresses:
        body = (await client.get(address)).text
        assert not [s for s in SECRETS if s in body], address
        assert "contact_email" not in body and "contact_phone" not in body, address


async def test_creating_a_draft_need(client: httpx.AsyncClient) -> None:
    mine, theirs = await group("みどりの会"), await group("よその会")
    await user("member@example.jp", Role.GROUP, "みどりの会")
    body = {"owner": {"type": "group", "id": mine.id}, "title": "公園清掃の仲間",
            "description": "月に一度", "fields": ["environment"], "period_start": "2026-12-01"}

    _error(await client.post("/api/v1/needs", json=body), 401)
    await sign_in(client, "member@example.jp")
    _error(await client.post("/api/v1/needs", json=body), 403)  # no CSRF header
    created = await client.post("/api/v1/needs", json=body, headers=_csrf(client))
    assert created.status_code == 201, created.text
    need = await Need.get(id=created.json()["id"])
    assert (need.title, need.status, need.organisation_id) == ("公園清掃の仲間", NeedStatus.DRAFT,
                                                               mine.id)
    assert created.json()["edit_url"] == f"/needs/{need.id}/edit"

    elsewhere = {**body, "owner": {"type": "group", "id": theirs.id}}
    _error(await client.post("/api/v1/needs", json=elsewhere, headers=_csrf(client)), 403)
    bad = {**body, "title": "", "fields": ["nonsense"], "period_start": "someday"}
    error = _error(await client.post("/api/v1/needs", json=bad, headers=_csrf(client)), 400)
    assert set(error["fields"]) == {"period_start"}  # type: ignore[arg-type]
    error = _error(await client.post("/api/v1/needs", json={**body, "title": ""},
                                     headers=_csrf(client)), 400)
    assert "title" in error["fields"]  # type: ignore[operator]
    error = _error(await client.post("/api/v1/needs", json={**body, "fields": ["nonsense"]},
                                     headers=_csrf(client)), 400)
    assert "fields" in error["fields"]  # type: ignore[operator]
    _error(await client.post("/api/v1/needs", content=b"not json", headers=_csrf(client)), 400)
    _error(await client.post("/api/v1/needs", json=[1], headers=_csrf(client)), 400)
    assert await Need.all().count() == 1


async def test_asking_for_an_introduction(client: httpx.AsyncClient) -> None:
    mine = await group("みどりの会")
    pending = await group("申請中の会", status=ApprovalStatus.PENDING)
    dept = await department("福祉課")
    await user("member@example.jp", Role.GROUP, "みどりの会")
    await user("coord@example.jp", Role.COORDINATOR)
    body = {"asker": {"type": "group", "id": mine.id},
            "other": {"type": "department", "id": dept.id}, "message": "見守りの相談"}

    _error(await client.post("/api/v1/introductions/requests", json=body), 401)
    await sign_in(client, "coord@example.jp")
    _error(await client.post("/api/v1/introductions/requests", json=body,
                             headers=_csrf(client)), 403)
    await sign_in(client, "member@example.jp")
    asked = await client.post("/api/v1/introductions/requests", json=body, headers=_csrf(client))
    assert asked.status_code == 201, asked.text
    item = await QueueItem.get(id=asked.json()["id"])
    assert (item.party_b_kind, item.party_b_id, item.message) == ("department", dept.id,
                                                                 "見守りの相談")
    again = _error(await client.post("/api/v1/introductions/requests", json=body,
                                     headers=_csrf(client)), 400)
    assert "message" in again["fields"]  # type: ignore[operator]
    as_other = {**body, "asker": {"type": "department", "id": dept.id}}
    _error(await client.post("/api/v1/introductions/requests", json=as_other,
                             headers=_csrf(client)), 403)
    hidden = {**body, "other": {"type": "group", "id": pending.id}}
    _error(await client.post("/api/v1/introductions/requests", json=hidden,
                             headers=_csrf(client)), 404)
    error = _error(await client.post("/api/v1/introductions/requests",
                                     json={"asker": "me", "other": {"type": "city"}},
                                     headers=_csrf(client)), 400)
    assert set(error["fields"]) == {"asker", "other"}  # type: ignore[arg-type]
    assert await QueueItem.all().count() == 1


def _api_routes() -> set[tuple[str, str]]:
    pairs = set()
    for path, route in flatten(build_routes(Path("static"))):
        if path.startswith("/api/"):
            pairs |= {(openapi_path(path), m.lower()) for m in route.methods or ()
                      if m != "HEAD"}
    return pairs


async def test_the_openapi_document_describes_exactly_the_api_routes(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/api/openapi.json")).json()
    assert document["openapi"].startswith("3.1")
    described = {(path, method) for path, operations in document["paths"].items()
                 for method in operations}
    assert described == _api_routes()
    assert ("/api/v1/needs", "post") in described
    assert ("/api/v1/introductions/requests", "post") in described
    for name in ("groups", "departments", "needs", "capabilities", "collaborations",
                 "proposals", "fields"):
        assert (f"/api/v1/{name}", "get") in described


async def test_errors_are_in_the_users_language(client: httpx.AsyncClient) -> None:
    english = _error(await client.get("/api/v1/nothing?lang=en"), 404)
    assert english["message"] == "No such address or record."
    japanese = _error(await client.get("/api/v1/nothing?lang=ja"), 404)
    assert japanese["message"] != english["message"]


async def test_hostile_values_are_refused_not_crashed_on(client: httpx.AsyncClient) -> None:
    mine = await group("みどりの会")
    await user("member@example.jp", Role.GROUP, "みどりの会")
    await sign_in(client, "member@example.jp")
    for page in ("²", "9" * 5000, "-1", "1.5"):
        _error(await client.get("/api/v1/groups", params={"page": page}), 400)
    owner = {"type": "group", "id": mine.id}
    surrogate = b'{"owner": {"type": "group", "id": %d}, "title": "\\ud800", "fields": ["\\udfff"]}'
    error = _error(await client.post("/api/v1/needs", content=surrogate % mine.id,
                                     headers={**_csrf(client), "content-type": "application/json"}),
                   400)
    assert set(error["fields"]) == {"title", "fields"}  # type: ignore[arg-type]
    created = await client.post("/api/v1/needs", headers=_csrf(client), json={
        "owner": owner, "title": "見守り\x00の\x1b仲間", "fields": ["welfare"]})
    assert created.status_code == 201
    assert (await Need.get(id=created.json()["id"])).title == "見守りの仲間"
    _error(await client.post("/api/v1/needs", headers=_csrf(client), json={
        "owner": {"type": "group", "id": True}, "title": "x", "fields": ["welfare"]}), 400)
