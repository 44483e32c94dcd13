"""Open data: every public record as CSV (UTF-8 BOM, CRLF, formulas guarded) and JSON, and
never a private contact detail, a group waiting for approval or a draft."""

from __future__ import annotations

import codecs
import csv
import io
import json

import httpx
from factories.directory import department, group
from factories.statistics import collaboration

from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.proposals.models import Proposal, ProposalAnswer, ProposalStatus
from kakehashi.publishing.open_data import DATASETS

SECRETS = ("secret-person", "secret@example.jp", "090-0000-1111", "dept-secret@example.jp",
           "内緒の担当者", "申請中の会", "下書きの募集", "非公開の協働", "検討中の提案")


async def public_and_private_records() -> dict[str, int]:
    """One of each public record, next to private ones that must never leave the site."""
    dept = await department("福祉課", public_phone="0123-45-6789", contact_name="内緒の担当者",
                            contact_email="dept-secret@example.jp", contact_phone="090-0000-1111")
    org = await group("=HYPERLINK(\"http://evil.example\")の会", area="北地区",
                      contact_name="secret-person", contact_email="secret@example.jp",
                      contact_phone="090-0000-1111", public_contact="会館にお電話ください")
    pending = await group("申請中の会", status=ApprovalStatus.PENDING)
    need = await Need.create(title="見守りの協力者", organisation=org, status=NeedStatus.OPEN)
    await Need.create(title="下書きの募集", organisation=org, status=NeedStatus.DRAFT)
    await Need.create(title="申請中の会の募集", organisation=pending, status=NeedStatus.OPEN)
    await Capability.create(title="配食の手伝い", department=dept)
    await Capability.create(title="申請中の会の申し出", organisation=pending)
    collab = await collaboration(
        [org], [dept], title="公開の協働", published=True, fields=("welfare",),
        forms=("co_hosting",), evaluations=(
            {"party_kind": "organisation", "party_id": org.id,
             "scores": dict.fromkeys("abcdefgh", 4), "achieved": "=1+1", "to_improve": "周知"},))
    await collaboration([org], [dept], title="非公開の協働")
    answered = await Proposal.create(organisation=org, title="子ども食堂の提案", issue="課題",
                                     plan="計画", expected_effect="効果", routed_to=dept,
                                     status=ProposalStatus.ANSWERED,
                                     answer=ProposalAnswer.NOT_ADOPTED, answer_reason="予算不足")
    await Proposal.create(organisation=org, title="検討中の提案", issue="課題", plan="計画",
                          expected_effect="効果")
    return {"department": dept.id, "group": org.id, "pending": pending.id, "need": need.id,
            "collaboration": collab.id, "proposal": answered.id}


async def test_the_page_lists_every_dataset_with_licence_and_columns(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/open-data")).text
    assert "CC BY 4.0" in page
    for name, (_resource, _title, columns) in DATASETS.items():
        assert f'href="/open-data/{name}.csv"' in page and f'href="/open-data/{name}.json"' in page
        assert all(f"<code>{c.name}</code>" in page for c in columns)


async def test_csv_is_excel_ready_and_guarded(client: httpx.AsyncClient) -> None:
    await public_and_private_records()
    response = await client.get("/open-data/groups.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(codecs.BOM_UTF8)
    text = response.content[len(codecs.BOM_UTF8):].decode("utf-8")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["name"] for r in rows] == ["'=HYPERLINK(\"http://evil.example\")の会"]
    assert rows[0]["public_contact"] == "会館にお電話ください"
    evaluations = list(csv.DictReader(io.StringIO(
        (await client.get("/open-data/evaluations.csv")).content.decode("utf-8-sig"),
        newline="")))
    assert evaluations[0]["achieved"] == "'=1+1" and evaluations[0]["score_a"] == "4"


async def test_json_holds_the_public_records(client: httpx.AsyncClient) -> None:
    ids = await public_and_private_records()

    def items(name: str) -> list[dict[str, object]]:
        return json.loads(downloads[name])["items"]  # type: ignore[no-any-return]

    downloads = {name: (await client.get(f"/open-data/{name}.json")).text for name in DATASETS}
    assert [n["id"] for n in items("needs")] == [ids["need"]]
    assert [c["title"] for c in items("collaborations")] == ["公開の協働"]
    assert items("collaborations")[0]["evaluations"][0]["scores"]["a"] == 4
    assert items("proposals")[0]["answer_reason"] == "予算不足"
    assert items("departments")[0]["public_phone"] == "0123-45-6789"
    assert any(f["code"] == "welfare.elderly" for f in items("fields"))
    assert json.loads(downloads["groups"])["licence"] == "CC BY 4.0"


async def test_no_download_carries_private_contact_data(client: httpx.AsyncClient) -> None:
    await public_and_private_records()
    for name in DATASETS:
        for suffix in ("csv", "json"):
            response = await client.get(f"/open-data/{name}.{suffix}")
            assert response.status_code == 200
            body = response.content.decode("utf-8-sig")
            leaked = [s for s in SECRETS if s in body]
            assert not leaked, (name, suffix, leaked)
            assert "contact_email" not in body and "contact_name" not in body


async def test_an_unknown_dataset_is_not_found(client: httpx.AsyncClient) -> None:
    assert (await client.get("/open-data/users.csv")).status_code == 404
    assert (await client.get("/open-data/users.json")).status_code == 404
    assert await Organisation.exists() is False  # nothing was created by asking
    assert await Department.exists() is False
