"""CSV import and export: encodings, checks of every row, nothing half-written, round trips."""

from __future__ import annotations

import codecs
from datetime import date

from kakehashi.directory.csv_io import export_csv, import_csv
from kakehashi.directory.models.history import ChangeRecord
from kakehashi.directory.models.needs import Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation

GROUPS = (
    "name,furigana,kind,area,description,fields,founded_year,size,contact_email\n"
    "みどりの会,みどりのかい,citizen_group,東地区,公園の花壇を手入れしています。,"
    "environment;environment.beautification,2015,12,midori@example.jp\n"
    "見守り隊,みまもりたい,neighbourhood,西地区,登下校の見守り,welfare disaster.crime,,,\n"
)


def _errors(report: object) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in report.errors]  # type: ignore[attr-defined]


async def test_utf8_groups_are_imported_approved_and_searchable(db: str) -> None:
    report = await import_csv("groups", GROUPS.encode("utf-8"))
    assert report.errors == []
    assert (report.created, report.updated) == (2, 0)
    midori = await Organisation.get(name="みどりの会").prefetch_related("fields_")
    assert midori.status == ApprovalStatus.APPROVED
    assert midori.founded_year == 2015 and midori.size == 12
    assert sorted(f.code for f in midori.fields_) == [
        "environment", "environment.beautification"
    ]
    assert "花壇" in midori.search_text
    assert await ChangeRecord.filter(
        entity_type="organisation", entity_id=midori.id, action="imported"
    ).exists()


async def test_utf8_with_bom_and_tabs_is_imported(db: str) -> None:
    text = GROUPS.replace(",", "\t").replace("\n", "\r\n")
    report = await import_csv("groups", codecs.BOM_UTF8 + text.encode("utf-8"))
    assert report.errors == []
    assert report.created == 2


async def test_shift_jis_from_excel_is_imported(db: str) -> None:
    report = await import_csv("groups", GROUPS.replace("\n", "\r\n").encode("cp932"))
    assert report.errors == []
    assert await Organisation.filter(name="見守り隊", area="西地区").exists()


async def test_undecodable_file_gives_one_clear_error(db: str) -> None:
    report = await import_csv("groups", b"name,kind\n\x82\xff\xff,npo\n")
    assert len(report.errors) == 1
    assert report.errors[0].row == 0
    assert "Shift_JIS" in report.errors[0].message
    assert not await Organisation.exists()


async def test_every_problem_is_reported_with_row_and_column_and_nothing_is_written(
    db: str,
) -> None:
    text = (
        "name,kind,fields,founded_year,contact_email\n"
        "よい会,npo,welfare,2000,ok@example.jp\n"
        ",secret_society,welfare.nothing,20XX,not-an-address\n"
        "よい会,npo,,,\n"
        "長すぎる会" + "あ" * 200 + ",npo,,,\n"
    )
    report = await import_csv("groups", text.encode("utf-8"))
    assert _errors(report) == [
        (3, "name"), (3, "kind"), (3, "fields"), (3, "founded_year"), (3, "contact_email"),
        (4, "name"), (5, "name"),
    ]
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "welfare.nothing" in messages[(3, "fields")]
    assert "2行目" in messages[(4, "name")]
    assert "200文字以内" in messages[(5, "name")]
    assert report.created == 0
    assert not await Organisation.exists()


async def test_ragged_rows_and_missing_header_are_refused(db: str) -> None:
    ragged = await import_csv("groups", "name,kind\nA会,npo,extra\nB会\n".encode())
    assert _errors(ragged) == [(2, ""), (3, "")]
    no_header = await import_csv("groups", "みどりの会,npo\n".encode())
    assert _errors(no_header) == [(1, "")]
    assert "name" in no_header.errors[0].message
    missing_kind = await import_csv("groups", "name,colour\nA会,red\n".encode())
    assert _errors(missing_kind) == [(1, "colour"), (1, "kind")]
    bad_quotes = await import_csv("groups", 'name,kind\n"A会,npo\n'.encode())
    assert bad_quotes.errors
    empty = await import_csv("groups", b"")
    assert _errors(empty) == [(1, "")]
    assert not await Organisation.exists()


async def test_too_large_file_is_refused(db: str) -> None:
    report = await import_csv("groups", GROUPS.encode(), max_bytes=100)
    assert len(report.errors) == 1
    assert "大きすぎ" in report.errors[0].message
    assert not await Organisation.exists()


async def test_existing_group_is_updated_by_name_and_keeps_missing_columns(db: str) -> None:
    await Organisation.create(
        name="みどりの会", kind="citizen_group", area="北地区", description="古い説明",
        status=ApprovalStatus.PENDING, contact_phone="0144-00-0000",
    )
    report = await import_csv(
        "groups", "name,kind,area,fields\nみどりの会,npo,東地区,welfare、education\n".encode()
    )
    assert (report.created, report.updated) == (0, 1)
    midori = await Organisation.get(name="みどりの会").prefetch_related("fields_")
    assert sorted(f.code for f in midori.fields_) == ["education", "welfare"]
    assert (midori.kind, midori.area, midori.description) == ("npo", "東地区", "古い説明")
    assert midori.contact_phone == "0144-00-0000"
    assert midori.status == ApprovalStatus.PENDING


async def test_export_starts_with_bom_uses_crlf_and_round_trips(db: str) -> None:
    await import_csv("groups", GROUPS.encode())
    await Organisation.filter(name="見守り隊").update(
        description='複数行の\n説明、"引用"あり', public_contact="=HYPERLINK(\"x\")"
    )
    exported = await export_csv("groups")
    assert exported.startswith(codecs.BOM_UTF8)
    assert b"\r\n" in exported
    header = exported.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header.startswith("name,furigana,kind,area")
    assert "'=HYPERLINK" in exported.decode("utf-8-sig")
    again = await import_csv("groups", exported)
    assert again.errors == []
    assert (again.created, again.updated) == (0, 0)
    mimamori = await Organisation.get(name="見守り隊")
    assert mimamori.public_contact == '=HYPERLINK("x")'


async def test_departments_import_and_round_trip(db: str) -> None:
    text = (
        "name,section,description,public_phone,fields,contact_name\n"
        "福祉課,福祉部,高齢者の見守り,0144-32-0000,welfare|welfare.elderly,福祉 花子\n"
    )
    assert (await import_csv("departments", text.encode())).created == 1
    department = await Department.get(name="福祉課")
    assert department.section == "福祉部" and "見守り" in department.search_text
    again = await import_csv("departments", await export_csv("departments"))
    assert (again.created, again.updated, again.errors) == (0, 0, [])


async def test_needs_are_created_checked_and_round_trip(db: str) -> None:
    await Department.create(name="福祉課")
    await Organisation.create(name="みどりの会", kind="npo", status=ApprovalStatus.APPROVED)
    text = (
        "title,description,owner_type,owner_name,fields,area,period_start,period_end,status\n"
        "見守り協力者の募集,一人暮らしの方の見守り,department,福祉課,welfare.elderly,東地区,"
        "2026/4/1,2027-03-31,open\n"
        "花壇の仲間,,group,みどりの会,environment,,,,\n"
    )
    report = await import_csv("needs", text.encode())
    assert report.errors == []
    assert report.created == 2
    watch = await Need.get(title="見守り協力者の募集")
    assert watch.period_start == date(2026, 4, 1)
    assert watch.status == NeedStatus.OPEN and watch.opened_at is not None
    assert (await Need.get(title="花壇の仲間")).status == NeedStatus.DRAFT
    again = await import_csv("needs", await export_csv("needs"))
    assert (again.created, again.updated, again.errors) == (0, 0, [])
    assert await Need.all().count() == 2


async def test_need_rows_with_unknown_owner_bad_dates_or_id_are_refused(db: str) -> None:
    await Department.create(name="福祉課")
    text = (
        "id,title,owner_type,owner_name,period_start,period_end\n"
        ",募集A,department,存在しない課,2026-05-01,2026-04-01\n"
        "999,募集B,group,福祉課,2026-13-01,\n"
        ",募集C,city,福祉課,,\n"
    )
    report = await import_csv("needs", text.encode())
    assert _errors(report) == [
        (2, "owner_name"), (2, "period_end"), (3, "id"), (3, "owner_name"),
        (3, "period_start"), (4, "owner_type"),
    ]
    assert not await Need.exists()


async def test_a_need_named_by_its_id_is_updated_not_duplicated(db: str) -> None:
    await Department.create(name="福祉課")
    await Department.create(name="防災課")
    text = "title,owner_type,owner_name,fields\n見守りの募集,department,福祉課,welfare\n"
    await import_csv("needs", text.encode())
    exported = (await export_csv("needs")).decode("utf-8-sig")
    edited = exported.replace("見守りの募集", "見守り協力者の募集").replace("福祉課", "防災課")
    report = await import_csv("needs", edited.encode("cp932"))
    assert (report.created, report.updated, report.errors) == (0, 1, [])
    need = await Need.get().prefetch_related("department")
    assert need.title == "見守り協力者の募集" and need.department.name == "防災課"
    assert "協力者" in need.search_text
    assert await ChangeRecord.filter(entity_type="need", action="imported").count() == 2


async def test_a_closed_call_without_a_reason_is_refused_and_nothing_is_written(db: str) -> None:
    from kakehashi.directory.models.needs import Need
    from kakehashi.directory.models.orgs import Department

    await Department.create(name="福祉課")
    data = (
        "title,owner_type,owner_name,status,close_reason\r\n"
        "見守りの募集,department,福祉課,open,\r\n"
        "終わった募集,department,福祉課,closed,\r\n"
    ).encode()
    report = await import_csv("needs", data)
    assert [(e.row, e.column) for e in report.errors] == [(3, "close_reason")]
    assert not await Need.exists()
    fixed = data.replace(b"closed,\r\n", b"closed,filled\r\n")
    assert (await import_csv("needs", fixed)).created == 2
    assert (await Need.get(title="終わった募集")).close_reason == "filled"
    assert (await export_csv("needs")).decode("utf-8-sig").splitlines()[0].endswith(
        "close_reason"
    )
