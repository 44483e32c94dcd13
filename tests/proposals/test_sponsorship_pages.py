"""後援 applications through the pages: apply, check the seven grounds, decide, see the grounds."""

from __future__ import annotations

from datetime import timedelta

import httpx
from factories.introductions import World, world
from support import csrf_token, post_form, sign_in

from kakehashi.proposals import sponsorship_attachments
from kakehashi.proposals.models import REFUSAL_GROUNDS, SponsorshipApplication, SponsorshipStatus
from kakehashi.proposals.sponsorships import today
from proposals.test_sponsorship_steps import PDF


def _event(**changes: object) -> dict[str, object]:
    start = today() + timedelta(days=20)
    return {"event_name": "海岸クリーンアップ", "purpose": "海岸のごみを減らす",
            "starts_on": start.isoformat(), "ends_on": start.isoformat(), "venue": "東浜海岸",
            "expected_attendance": "80", "admission_fee": "0", "organiser": "海岸を守る実行委員会",
            "audience": "どなたでも", "name_usage": "チラシに「後援：架橋市」", **changes}


async def _apply(client: httpx.AsyncClient, w: World, **changes: object) -> httpx.Response:
    page = f"/sponsorships/new?group={w.group.id}"
    return await post_form(client, page, page, _event(**changes))


def _grounds(value: str, **overrides: str) -> dict[str, str]:
    return {"contributes": "yes",
            **{f"ground_{g}": overrides.get(g, value) for g in REFUSAL_GROUNDS}}


async def _opinion(client: httpx.AsyncClient, w: World, application_id: int) -> None:
    """The office asks 福祉課, whose staff answer; the coordinator is signed in again after."""
    page = f"/coordinator/sponsorships/{application_id}"
    before = await client.get(page)
    assert "担当課の意見が出ると、決定の欄が開きます。" in before.text
    assert 'name="decision"' not in before.text
    asked = await post_form(client, page, f"{page}/opinion-request",
                            {"department": str(w.department.id), "question": "施策との関係は？"})
    assert asked.status_code == 303
    await sign_in(client, "staff@example.jp")
    detail = f"/sponsorships/{application_id}"
    form = await client.get(detail)
    assert "施策との関係は？" in form.text and 'name="supports"' in form.text
    blank = await post_form(client, detail, f"{detail}/opinion", {"supports": "yes"})
    assert blank.status_code == 400 and 'id="give-opinion-error"' in blank.text
    given = await post_form(client, detail, f"{detail}/opinion",
                            {"supports": "yes", "opinion": "環境美化の施策に合う"})
    assert given.status_code == 303
    await sign_in(client, "coord@example.jp")


async def test_bad_event_details_are_shown_at_their_fields(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "member@example.jp")
    start = today() + timedelta(days=20)
    cases = [
        ({"ends_on": (start - timedelta(days=1)).isoformat()},
         "終了日は開始日より前にできません。"),
        ({"starts_on": (today() - timedelta(days=3)).isoformat(),
          "ends_on": (today() - timedelta(days=2)).isoformat()},
         "過去の日付から始まる事業は申請できません。"),
        ({"admission_fee": "-100"}, "field-error"),
        ({"expected_attendance": "-5"}, "field-error"),
        ({"starts_on": "2026-13-45"}, "field-error"),
        ({"name_usage": ""}, 'id="name_usage-error"'),
    ]
    for changes, message in cases:
        response = await _apply(client, w, **changes)
        assert response.status_code == 400, changes
        assert message in response.text, changes
        assert "海岸クリーンアップ" in response.text  # what was typed is kept
    assert not await SponsorshipApplication.exists()


async def test_an_application_refused_then_another_approved(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, "member@example.jp")
    assert (await _apply(client, w)).status_code == 303
    assert (await _apply(client, w, event_name="健康フェア")).status_code == 303
    first = await SponsorshipApplication.get(event_name="海岸クリーンアップ")
    second = await SponsorshipApplication.get(event_name="健康フェア")
    assert "決定待ち" in (await client.get("/me/sponsorships")).text

    await sign_in(client, "coord@example.jp")
    assert "海岸クリーンアップ" in (await client.get("/coordinator/sponsorships")).text
    await _opinion(client, w, first.id)
    await _opinion(client, w, second.id)
    page = f"/coordinator/sponsorships/{first.id}"
    form = await client.get(page)
    assert "営利や私的な利益を目的としている" in form.text and "環境美化の施策に合う" in form.text
    assert form.text.count('type="radio"') == 2 * len(REFUSAL_GROUNDS) + 4
    partial = await post_form(client, page, page, {
        **_grounds("no", public_order=""), "decision": "approve"})
    assert partial.status_code == 400 and "ground_public_order-error" in partial.text
    contradicting = await post_form(client, page, page, {
        **_grounds("no", for_profit="yes"), "decision": "approve"})
    assert contradicting.status_code == 400
    assert "当てはまる項目がある間は後援を承認できません。" in contradicting.text
    empty_refusal = await post_form(client, page, page, {**_grounds("no"), "decision": "refuse"})
    assert empty_refusal.status_code == 400
    assert (await SponsorshipApplication.get(id=first.id)).status == SponsorshipStatus.SUBMITTED
    refused = await post_form(client, page, page, {
        **_grounds("no", for_profit="yes"), "decision": "refuse", "note": "物品販売が中心"})
    assert refused.status_code == 303
    page2 = f"/coordinator/sponsorships/{second.id}"
    approved = await post_form(client, page2, page2, {**_grounds("no"), "decision": "approve"})
    assert approved.status_code == 303

    await sign_in(client, "member@example.jp")
    shown = await client.get(f"/sponsorships/{first.id}")
    assert "後援を承認しなかった理由" in shown.text
    assert "営利や私的な利益を目的としている" in shown.text and "物品販売が中心" in shown.text
    shown2 = await client.get(f"/sponsorships/{second.id}")
    assert "後援承認" in shown2.text and "いずれにも当てはまりません" in shown2.text
    assert "環境美化の施策に合う" not in shown2.text  # the department's opinion stays internal
    notice = await client.get(f"/sponsorships/{second.id}/notice")
    assert "後援名義使用承認通知書" in notice.text and "海岸を守る実行委員会" in notice.text
    refusal = await client.get(f"/sponsorships/{first.id}/notice")
    assert "後援名義使用不承認通知書" in refusal.text
    assert "営利や私的な利益を目的としている" in refusal.text

    await sign_in(client, "other@example.jp")
    assert (await client.get(f"/sponsorships/{first.id}")).status_code == 404
    assert (await client.get(f"/sponsorships/new?group={w.group.id}")).status_code == 403
    await sign_in(client, "staff@example.jp")  # asked for its opinion: reads, cannot decide
    assert (await client.get(f"/sponsorships/{first.id}")).status_code == 200
    assert (await client.get(f"/coordinator/sponsorships/{first.id}")).status_code == 403


async def test_the_group_attaches_its_flyer_and_a_disguised_file_is_refused_at_the_field(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await sign_in(client, "member@example.jp")
    applied = await _apply(client, w)
    assert applied.headers["location"].endswith("#attachments")
    application = await SponsorshipApplication.get(event_name="海岸クリーンアップ")
    page = f"/sponsorships/{application.id}"
    form = await client.get(page)
    assert 'enctype="multipart/form-data"' in form.text
    assert "添付されたファイルはありません" in form.text
    token = await csrf_token(client, page)

    async def upload(name: str, content: bytes, kind: str = "flyer") -> httpx.Response:
        return await client.post(f"{page}/attachments", data={"csrftoken": token, "kind": kind},
                                 files={"file": (name, content, "application/pdf")})

    disguised = await upload("チラシ.pdf", b"<html><script>alert(1)</script></html>")
    assert disguised.status_code == 400 and 'id="file-error"' in disguised.text
    assert "PDF、PNG、JPEGのいずれか" in disguised.text
    assert (await upload("チラシ.pdf", PDF)).status_code == 303
    shown = await client.get(page)
    assert "チラシ.pdf" in shown.text and "チラシ" in shown.text
    attachment = (await sponsorship_attachments.listing(application.id))[0]
    download = await client.get(f"{page}/attachments/{attachment.id}")
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "no-store" in download.headers["cache-control"]

    await sign_in(client, "other@example.jp")
    assert (await client.get(f"{page}/attachments/{attachment.id}")).status_code == 404
    await sign_in(client, "member@example.jp")
    removed = await post_form(client, page, f"{page}/attachments/{attachment.id}/delete", {})
    assert removed.status_code == 303
    assert await sponsorship_attachments.listing(application.id) == []
