"""The CSV page: multipart upload with the CSRF token, the report, and the download."""

from __future__ import annotations

import codecs
import re

import httpx
from support import csrf_token, rendered, signed_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation

GROUPS = "name,kind,area,fields\nみどりの会,citizen_group,東地区,environment\n"


async def _upload(client: httpx.AsyncClient, kind: str, content: bytes,
                  filename: str = "list.csv") -> httpx.Response:
    token = await csrf_token(client, "/coordinator/csv")
    return await client.post(
        "/coordinator/csv/import", data={"csrftoken": token, "kind": kind},
        files={"file": (filename, content, "text/csv")},
    )


async def test_page_has_upload_forms_with_the_token_before_the_file(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    page = await client.get("/coordinator/csv")
    assert page.status_code == 200
    forms = re.findall(r'<form[^>]*multipart/form-data.*?</form>', page.text, re.S)
    assert len(forms) == 3
    for form in forms:
        assert form.index('name="csrftoken"') < form.index('type="file"')
    for kind in ("groups", "departments", "needs"):
        assert f'href="/coordinator/csv/export/{kind}"' in page.text


async def test_uploading_a_shift_jis_file_imports_it_and_shows_the_counts(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    response = await _upload(client, "groups", GROUPS.encode("cp932"))
    assert response.status_code == 200
    page = rendered(response)
    assert page.template == "coordinator/csv_report.html"
    report = page.context["report"]
    assert (page.context["kind"], report.created, report.updated, report.errors) == (
        "groups", 1, 0, [])
    assert "追加1件" in response.text
    group = await Organisation.get(name="みどりの会")
    assert group.status == ApprovalStatus.APPROVED


async def test_a_file_with_problems_shows_each_row_and_column_and_saves_nothing(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    content = (
        "name,section,fields\n"
        "福祉課,福祉部,welfare\n"
        "<b>福祉課</b>,福祉部,welfare.nothing\n"
        "福祉課,福祉部,\n"
    ).encode("utf-8-sig")
    response = await _upload(client, "departments", content)
    assert response.status_code == 400
    text = response.text
    assert "何も取り込んでいません" in text
    assert "<td>3</td><td>fields</td>" in text
    assert "welfare.nothing" in text
    assert "<td>4</td><td>name</td>" in text
    assert "<b>福祉課</b>" not in text
    assert not await Department.exists()


async def test_missing_file_wrong_encoding_and_oversize_are_explained(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    token = await csrf_token(client, "/coordinator/csv")
    no_file = await client.post(
        "/coordinator/csv/import", data={"csrftoken": token, "kind": "groups"},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert no_file.status_code == 400
    assert "CSVファイルを選んでください" in no_file.text
    garbled = await _upload(client, "groups", b"name,kind\n\x82\xff\xff,npo\n")
    assert garbled.status_code == 400
    assert "Shift_JIS" in garbled.text
    spreadsheet = await _upload(client, "groups", b"PK\x03\x04binary", filename="list.xlsx")
    assert spreadsheet.status_code == 400
    assert "CSV形式で保存できます" in spreadsheet.text
    big = await _upload(client, "groups", b"name,kind\n" + b"a,npo\n" * 400_000)
    assert big.status_code == 413
    assert "大きすぎます" in big.text
    assert not await Organisation.exists()


async def test_upload_without_the_token_is_refused(client: httpx.AsyncClient) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    await client.get("/coordinator/csv")
    response = await client.post(
        "/coordinator/csv/import", data={"kind": "groups"},
        files={"file": ("list.csv", GROUPS.encode(), "text/csv")},
    )
    assert response.status_code == 403
    assert not await Organisation.exists()


async def test_download_is_a_dated_utf8_bom_csv_that_imports_back_unchanged(
    client: httpx.AsyncClient,
) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    await _upload(client, "groups", GROUPS.encode())
    response = await client.get("/coordinator/csv/export/groups")
    assert response.status_code == 200
    assert response.content.startswith(codecs.BOM_UTF8)
    assert re.fullmatch(r'attachment; filename="kakehashi-groups-\d{8}\.csv"',
                        response.headers["content-disposition"])
    assert "みどりの会" in response.content.decode("utf-8-sig")
    again = await _upload(client, "groups", response.content)
    assert again.status_code == 200
    assert "追加0件、更新0件" in again.text
    assert (await client.get("/coordinator/csv/export/people")).status_code == 404


async def test_non_coordinators_cannot_import(client: httpx.AsyncClient) -> None:
    await Department.create(name="福祉課")
    await signed_in(client, "staff@city.example", Role.DEPARTMENT, "福祉課")
    token = await csrf_token(client, "/me")
    response = await client.post(
        "/coordinator/csv/import", data={"csrftoken": token, "kind": "groups"},
        files={"file": ("list.csv", GROUPS.encode(), "text/csv")},
    )
    assert response.status_code == 403
    assert not await Organisation.exists()


async def test_a_file_sent_before_the_token_is_refused(client: httpx.AsyncClient) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    token = await csrf_token(client, "/coordinator/csv")
    boundary = "kakehashi-boundary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="list.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
        f"{GROUPS}\r\n"
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="csrftoken"\r\n\r\n'
        f"{token}\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    response = await client.post(
        "/coordinator/csv/import", content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 403
    assert not await Organisation.exists()


async def test_an_unknown_kind_of_file_is_explained_on_the_page(client: httpx.AsyncClient) -> None:
    await signed_in(client, "office@city.example", Role.COORDINATOR)
    token = await csrf_token(client, "/coordinator/csv")
    response = await client.post(
        "/coordinator/csv/import", data={"csrftoken": token, "kind": "mayors"},
        files={"file": ("x.csv", b"name\r\nx\r\n", "text/csv")},
    )
    assert response.status_code == 400
    assert "選択肢の中から選んでください" in response.text
