"""Fuzzing with hypothesis: whatever arrives in a form or a CSV file, the answer is a page with
a clear message (2xx/3xx or a 4xx), never a server error.

The CSV reader is fuzzed directly (it is pure); the forms are fuzzed through the whole
application (middleware, CSRF, parsing, services, templates) with a synchronous test client,
whose own event loop holds the database connection, so hypothesis can drive it.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from factories.accounts import PASSWORD, account
from figures import count_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kakehashi.accounts.models import Role
from kakehashi.app import create_app
from kakehashi.directory.csv_formats import COLUMNS, CellError, decode, read_cell, read_table
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation
from kakehashi.settings import Settings
from kakehashi.taxonomy.fields import ensure_taxonomy

FORM_EXAMPLES = int(os.environ.get("KAKEHASHI_FORM_FUZZ_EXAMPLES", "20"))
"""Submissions per form: a few in `make test`, hundreds in `make check-trust`."""
FIELD_CODES = {"welfare", "welfare.elderly", "education"}

nasty_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from([
        "", " ", "\x00", "０１２", "-1", "99999999999999999999", "1e309", "NaN", "2026-02-30",
        "令和8年4月1日", "<script>alert(1)</script>", "' OR 1=1 --", "a" * 5000, "🙂" * 50,
        "welfare;education", "=HYPERLINK(\"x\")", "\r\n\r\n", "\ufeff",
    ]),
)


@given(st.binary(max_size=2000))
def test_any_bytes_decode_to_text_or_to_a_refusal(data: bytes) -> None:
    assert decode(data) is None or isinstance(decode(data), str)


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(sorted(COLUMNS)), data=st.data())
def test_any_csv_text_is_read_or_refused_with_row_messages(kind: str, data: st.DataObject) -> None:
    names = [column.name for column in COLUMNS[kind]]
    header = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names),
                                unique=True))
    rows = data.draw(st.lists(st.lists(nasty_text, min_size=0, max_size=len(header) + 2),
                              max_size=5))
    separator = data.draw(st.sampled_from([",", "\t"]))
    quote = data.draw(st.booleans())
    lines = [separator.join(header)]
    for row in rows:
        cells = [('"' + c.replace('"', '""') + '"') if quote else c for c in row]
        lines.append(separator.join(cells))
    records, errors = read_table(kind, "\r\n".join(lines))
    for error in errors:
        assert error.row >= 1 and error.message
    for _number, cells in records:
        for column in COLUMNS[kind]:
            if column.name in cells:
                try:
                    read_cell(column, cells[column.name], FIELD_CODES)
                except CellError as refusal:
                    assert str(refusal)


T = TypeVar("T")


class SyncClient:
    """The app and its database on an event loop of their own (in a thread), driven from
    synchronous code: hypothesis tests are synchronous."""

    def __init__(self, database_url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.app = create_app(Settings(database_url=database_url, secret_key="fuzz-" + "k" * 40))
        self.lifespan = self.app.router.lifespan_context(self.app)
        self.call(self.lifespan.__aenter__())
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app),
                                        base_url="http://testserver")

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def get(self, url: str) -> httpx.Response:
        return self.call(self.client.get(url))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.call(self.client.post(url, **kwargs))

    def close(self) -> None:
        self.call(self.client.aclose())
        self.call(self.lifespan.__aexit__(None, None, None))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture(scope="module")
def signed_in(database_url: str) -> Iterator[tuple[SyncClient, dict[str, int]]]:
    """The whole app on the test database, its coordinator signed in, and a few records."""
    client = SyncClient(database_url)
    try:
        ids = client.call(_records())
        response = client.post("/login", data={"email": "fuzz@example.jp",
                                               "password": PASSWORD, "csrftoken": _token(client)})
        assert response.status_code == 303
        yield client, ids
        client.call(_remove_records())
    finally:
        client.close()


async def _records() -> dict[str, int]:
    await _remove_records()
    await ensure_taxonomy()
    group = await Organisation.create(name="ふぁずの会", kind="npo", status=ApprovalStatus.APPROVED)
    pending = await Organisation.create(name="ふぁず申請中", kind="npo")
    department = await Department.create(name="ふぁず課")
    need = await Need.create(title="ふぁず", description="x", organisation=group,
                             status=NeedStatus.OPEN)
    capability = await Capability.create(title="ふぁず", description="x", organisation=group)
    await account("fuzz@example.jp", Role.COORDINATOR)
    return {"group": group.id, "pending": pending.id, "department": department.id,
            "need": need.id, "capability": capability.id}


async def _remove_records() -> None:
    from kakehashi.accounts.models import User

    await User.filter(email="fuzz@example.jp").delete()
    await Need.filter(title="ふぁず").delete()
    await Capability.filter(title="ふぁず").delete()
    await Organisation.filter(name__startswith="ふぁず").delete()
    await Department.filter(name="ふぁず課").delete()


_CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


def _token(client: SyncClient) -> str:
    match = _CSRF.search(client.get("/login").text)
    assert match
    return match.group(1)


FORMS = {
    "/groups/{group}/edit": ["name", "furigana", "kind", "area", "description", "activities",
                             "founded_year", "size", "public_contact", "contact_name",
                             "contact_email", "contact_phone", "fields"],
    "/departments/{department}/edit": ["name", "section", "description", "public_phone",
                                       "contact_name", "contact_email", "contact_phone",
                                       "fields"],
    "/needs/new?owner=organisation:{group}": ["title", "description", "area", "fields",
                                              "period_start", "period_end", "intent"],
    "/needs/{need}/edit": ["title", "description", "area", "fields", "period_start",
                           "period_end", "intent"],
    "/needs/{need}/status": ["action", "close_reason"],
    "/capabilities/{capability}/edit": ["title", "description", "fields"],
    "/groups/{group}/members": ["email", "display_name"],
    "/groups/{group}/handover": ["user_id", "note"],
    "/coordinator/approvals/{pending}": ["decision", "reason"],
    "/coordinator/groups/{group}/criteria": ["criteria"],
    "/coordinator/fields": ["code", "label_ja", "label_en", "parent"],
    "/signup": ["name", "kind", "email", "password", "password_confirm", "display_name"],
    "/login": ["email", "password", "next"],
}


@pytest.mark.parametrize("form", sorted(FORMS))
@settings(max_examples=FORM_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_form_submission_gets_an_answer_not_a_server_error(
    signed_in: tuple[SyncClient, dict[str, int]], form: str, data: st.DataObject
) -> None:
    client, ids = signed_in
    names = FORMS[form]
    chosen = data.draw(st.lists(st.sampled_from(names), max_size=len(names) + 3))
    body: dict[str, list[str]] = {}
    for name in chosen:
        body.setdefault(name, []).append(data.draw(nasty_text))
    body["csrftoken"] = [_token(client)]
    count_case("HTML forms (hypothesis)")
    response = client.post(form.format(**ids), data=body)
    assert response.status_code < 500, (form, body, response.text[:300])
    if response.status_code >= 400:
        assert "<h1" in response.text or 'role="alert"' in response.text


@settings(max_examples=FORM_EXAMPLES * 2, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(["groups", "departments", "needs", "nothing"]),
       content=st.one_of(st.binary(max_size=3000),
                         st.text(max_size=1000).map(lambda t: t.encode("utf-8"))),
       filename=st.sampled_from(["a.csv", "a.txt", "a.exe", "", "../../etc/passwd"]))
def test_any_uploaded_file_gets_a_report_not_a_server_error(
    signed_in: tuple[SyncClient, dict[str, int]], kind: str, content: bytes, filename: str
) -> None:
    client, _ids = signed_in
    count_case("CSV uploads (hypothesis)")
    response = client.post(
        "/coordinator/csv/import", data={"kind": kind, "csrftoken": _token(client)},
        files={"file": (filename, content, "text/csv")},
    )
    assert response.status_code < 500, response.text[:300]
