"""A group's change history names the office's decisions and imports in Japanese.

A group's ``status`` is its approval (承認待ち/承認済み/非承認), not a call's 募集中/募集終了,
and a refusal's reason is shown under its own label, escaped like any other text.
"""

from __future__ import annotations

import httpx
from factories.accounts import account
from support import sign_in

from kakehashi.accounts.models import Role, User
from kakehashi.directory import approval, history
from kakehashi.directory.csv_io import import_csv
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation


async def _office() -> User:
    return await account("office@city.example", Role.COORDINATOR,
                         display_name="調整 花子")


async def _pending_group() -> Organisation:
    """みどりの会, waiting for approval, with its officer 緑 太郎 able to sign in."""
    group = await Organisation.create(name="みどりの会", kind="citizen_group", area="東地区",
                                      status=ApprovalStatus.PENDING)
    await account("midori@example.jp", Role.GROUP, affiliation="みどりの会",
                  display_name="緑 太郎")
    return group


async def test_a_refused_group_reads_the_decision_and_reason_in_japanese(
    client: httpx.AsyncClient,
) -> None:
    office, group = await _office(), await _pending_group()
    await approval.reject(group.id, office.id, "活動の記録を<b>ご提出</b>ください。")
    await sign_in(client, "midori@example.jp")
    page = await client.get(f"/groups/{group.id}/history")
    assert page.status_code == 200
    assert "協働推進の窓口が非承認" in page.text
    assert "承認しなかった理由" in page.text
    assert "活動の記録を&lt;b&gt;ご提出&lt;/b&gt;ください。" in page.text
    assert "<b>ご提出</b>" not in page.text
    assert "承認待ち → 非承認" in page.text
    for raw in ("rejected", "pending", ">reason<", ">status<"):
        assert raw not in page.text


async def test_approval_and_confirmed_criteria_are_named_in_japanese(
    client: httpx.AsyncClient,
) -> None:
    office, group = await _office(), await _pending_group()
    group.criteria_declared = ["voluntary", "non_profit"]
    await group.save()
    await approval.reject(group.id, office.id, "会則をご提出ください。")
    await approval.approve(group.id, office.id)
    await approval.confirm_criteria(group.id, office.id, ["non_profit"])
    await sign_in(client, "office@city.example")
    page = await client.get(f"/groups/{group.id}/history")
    assert page.status_code == 200
    assert "協働推進の窓口が承認" in page.text
    assert "非承認 → 承認済み" in page.text
    assert "協働推進の窓口が要件を確認" in page.text
    assert "criteria_confirmed" not in page.text and "approved" not in page.text


async def test_a_group_imported_from_csv_says_so_in_its_history(
    client: httpx.AsyncClient,
) -> None:
    office = await _office()
    report = await import_csv(
        "groups", "name,kind,area,fields\nみどりの会,citizen_group,東地区,environment\n".encode(),
        user_id=office.id,
    )
    assert report.created == 1
    group = await Organisation.get(name="みどりの会")
    await sign_in(client, "office@city.example")
    page = await client.get(f"/groups/{group.id}/history")
    assert page.status_code == 200
    assert "CSVファイルから取り込み" in page.text
    assert "imported" not in page.text


async def test_a_call_keeps_its_own_status_names(client: httpx.AsyncClient) -> None:
    """Only a group's status reads as an approval: a call's history still says 募集中."""
    office = await _office()
    department = await Department.create(name="市民協働課")
    need = await Need.create(title="清掃活動の協力団体募集", department=department,
                             status=NeedStatus.OPEN)
    await history.record("need", need.id, "open", office.id, {"status": ["draft", "open"]})
    await sign_in(client, "office@city.example")
    page = await client.get(f"/needs/{need.id}/history")
    assert page.status_code == 200
    assert "下書き → 募集中" in page.text
