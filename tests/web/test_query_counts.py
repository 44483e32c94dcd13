"""No page asks the database once per row: the number of queries a page makes does not grow
with the number of records it lists (an N+1 query would make it grow)."""

from __future__ import annotations

import httpx
from support import QueryCounter, signed_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.taxonomy import snapshot
from kakehashi.taxonomy.models import Field

PAGES = (
    "/", "/groups", "/needs", "/capabilities", "/departments", "/search?q=見守り",
    "/groups?field=welfare", "/needs?field=welfare", "/groups/{group}", "/needs/{need}",
    "/departments/{department}", "/me", "/coordinator/approvals", "/coordinator/suggestions",
    "/statistics", "/coordinator/concentration", "/departments/{department}/concentration",
    "/open-data/groups.csv", "/open-data/needs.json", "/open-data/capabilities.csv",
    "/api/v1/groups", "/api/v1/needs?field=welfare", "/api/v1/capabilities?per_page=100",
    "/api/v1/groups/{group}", "/api/v1/needs/{need}",
)




async def _add_records(start: int, count: int, department: Department) -> dict[str, int]:
    fields = await Field.filter(code__in=["welfare", "welfare.elderly", "education"])
    ids: dict[str, int] = {}
    for n in range(start, start + count):
        group = await Organisation.create(
            name=f"見守りの会{n}", kind="citizen_group", status=ApprovalStatus.APPROVED,
            description="高齢者の見守りをしています。", area="東地区",
        )
        await group.fields_.add(*fields)
        need = await Need.create(title=f"見守りの協力{n}", description="見守り",
                                 organisation=group, status=NeedStatus.OPEN)
        await need.fields_.add(*fields)
        offer = await Capability.create(title=f"見守り訪問{n}", description="訪問",
                                        organisation=group)
        await offer.fields_.add(*fields)
        dept_need = await Need.create(title=f"見守り訪問の募集{n}", description="見守り",
                                      department=department, status=NeedStatus.OPEN)
        await dept_need.fields_.add(*fields)
        await Organisation.create(name=f"申請中の会{n}", kind="npo")
        ids = {"group": group.id, "need": need.id, "department": department.id}
    return ids


async def _queries_per_page(client: httpx.AsyncClient, counter: QueryCounter,
                            ids: dict[str, int]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for page in PAGES:
        address = page.format(**ids)
        snapshot.forget()  # each page reads the taxonomy afresh, as after an edit
        counter.count = 0
        response = await client.get(address)
        assert response.status_code == 200, address
        counts[page] = counter.count
    return counts


async def test_queries_per_page_do_not_grow_with_the_data(
    client: httpx.AsyncClient, counter: QueryCounter
) -> None:
    department = await Department.create(name="高齢者支援課", section="福祉部")
    await signed_in(client, "coord@example.jp", Role.COORDINATOR)
    ids = await _add_records(0, 2, department)
    few = await _queries_per_page(client, counter, ids)
    await _add_records(2, 12, department)
    many = await _queries_per_page(client, counter, ids)
    grown = {page: (few[page], many[page]) for page in PAGES if many[page] != few[page]}
    assert not grown, f"queries per page grew with the data (few, many): {grown}"
    assert all(count > 0 for count in few.values())  # the counter does see the queries
