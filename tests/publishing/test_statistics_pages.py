"""The public statistics page (accessible SVG charts with data tables, public data only) and the
partner-concentration pages of the collaboration office and of each department."""

from __future__ import annotations

import re

import httpx
from factories.accounts import user
from factories.directory import department, group
from factories.statistics import collaboration, introduction
from support import sign_in

from kakehashi.accounts.models import Role


async def test_charts_are_images_with_text_and_a_table_beside_each(
    client: httpx.AsyncClient,
) -> None:
    dept, org = await department("福祉課"), await group("ひみつの会")
    await collaboration([org], [dept], title="公開された協働", published=True,
                        fields=("welfare",), forms=("co_hosting",))
    await collaboration([org], [dept], title="下書きの協働", fields=("education",))
    await introduction(org, dept)

    page = (await client.get("/statistics")).text

    svgs = re.findall(r"<svg[^>]*>.*?</svg>", page, re.S)
    tables = re.findall(r"<table class=\"data\">.*?</table>", page, re.S)
    assert len(svgs) == len(tables) == 10  # collaborations 4, introductions 2, proposals 2, 後援 2
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        assert "<text" in svg  # labels written on the chart, not only colours
    assert 'url(#by-field-hatch)' in page or "url(#by-form-hatch)" in page
    for table in tables:
        assert "<caption>" in table and 'scope="col"' in table
    by_field = next(t for t in tables if "分野別" in t or "by field" in t)
    assert re.search(r'<th scope="row">福祉</th><td class="number">1</td>', by_field)
    assert re.search(r'<th scope="row">教育</th><td class="number">0</td>', by_field)
    assert "ひみつの会" not in page  # introductions are counts only
    assert "下書きの協働" not in page and "<script" not in page


async def test_the_office_sees_the_warning_and_its_rule(client: httpx.AsyncClient) -> None:
    dept = await department("福祉課")
    busy = await group("いつもの会")
    for _ in range(4):
        await introduction(busy, dept)
    await user("coord@example.jp", Role.COORDINATOR)
    await sign_in(client, "coord@example.jp")

    page = (await client.get("/coordinator/concentration")).text

    assert "いつもの会" in page and "100%" in page
    assert 'class="warning"' in page
    assert "50%" in page and "4" in page  # the rule is explained with its numbers
    assert 'scope="row"' in page and "<caption>" in page


async def test_staff_open_their_own_department_only(client: httpx.AsyncClient) -> None:
    mine, theirs = await department("福祉課"), await department("環境課")
    await introduction(await group("みどりの会"), mine)
    await user("staff@example.jp", Role.DEPARTMENT, "福祉課")
    await sign_in(client, "staff@example.jp")

    assert f'href="/departments/{mine.id}/concentration"' in (
        await client.get(f"/departments/{mine.id}")).text  # linked from the department's page
    assert "/concentration" not in (await client.get(f"/departments/{theirs.id}")).text
    own = await client.get(f"/departments/{mine.id}/concentration")
    assert own.status_code == 200 and "みどりの会" in own.text and 'class="warning"' not in own.text
    assert (await client.get(f"/departments/{theirs.id}/concentration")).status_code == 403
    assert (await client.get("/coordinator/concentration")).status_code == 403


async def test_the_statistics_page_reads_in_english(client: httpx.AsyncClient) -> None:
    page = (await client.get("/statistics?lang=en")).text
    assert "Published collaborations by field" in page
    assert "No published collaboration yet." in page
