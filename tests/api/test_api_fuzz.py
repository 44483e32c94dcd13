"""Schemathesis fuzzes the JSON API against its own OpenAPI document (/api/openapi.json).

A live uvicorn on loopback serves the demo city from a database of its own (a SQLite file, or
on the suite's PostgreSQL leg a PostgreSQL database beside the suite's). Every generated request
must get no server error, a documented status, a JSON body matching the document's schema and,
for every refusal, a 4xx with {"error": {"code", "message"}}. Examples per operation are few,
so the run stays well under a minute per database. (In-process ASGI fuzzing was not used: its
test client runs the app on another event loop than the one holding Tortoise's connections.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from figures import count_case
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.case import Case
from servers import LiveServer, database_beside_the_suites, free_port, seed_demo_city

EXAMPLES = int(os.environ.get("KAKEHASHI_FUZZ_EXAMPLES", "12"))
"""Examples per operation: a few in `make test`, hundreds in `make check-trust`."""
DEMO_GROUP = ("group@kakehashi.example", "kakehashi-demo")


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var: Path = tmp_path_factory.mktemp("fuzz")
    port = free_port()
    with database_beside_the_suites(var, "fuzz") as database:
        env = {**os.environ, "KAKEHASHI_DATABASE_URL": database, "KAKEHASHI_VAR_DIR": str(var),
               "KAKEHASHI_BASE_URL": f"http://127.0.0.1:{port}"}
        seed_demo_city(env)
        server = LiveServer(env)
        try:
            yield server.start(port)
        finally:
            server.stop()


@pytest.fixture(scope="module")
def api_schema(fuzz_server: str) -> Any:
    return schemathesis.openapi.from_url(f"{fuzz_server}/api/openapi.json")


@pytest.fixture(scope="module")
def signed_in(fuzz_server: str) -> requests.Session:
    """The demo group officer's session, with the CSRF header the API asks of cookie users."""
    session = requests.Session()
    session.get(f"{fuzz_server}/login")
    token = session.cookies["csrftoken"]
    answer = session.post(f"{fuzz_server}/login", allow_redirects=False, data={
        "email": DEMO_GROUP[0], "password": DEMO_GROUP[1], "csrftoken": token})
    assert answer.status_code == 303
    session.headers = {"X-CSRFToken": session.cookies["csrftoken"]}  # type: ignore[assignment]
    return session


FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                         database=None, suppress_health_check=list(HealthCheck))


def _refusal_is_clear(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"]


def _operations(schema: Any, method: str | None = None) -> list[Any]:
    found = [result.ok() for result in schema.get_all_operations()]
    return [op for op in found if method is None or op.method.upper() == method]


def test_the_api_answers_every_request_as_documented(api_schema: Any) -> None:
    """Each operation: no server error, documented status, body and content type."""
    operations = _operations(api_schema)
    assert len(operations) >= 16
    for operation in operations:

        @given(case=operation.as_strategy())
        @FUZZ_SETTINGS
        def fuzz(case: Case) -> None:
            count_case("API (schemathesis)")
            _refusal_is_clear(case.call_and_validate())

        fuzz()


def test_signed_in_writes_never_fail_on_the_server(
    api_schema: Any, signed_in: requests.Session
) -> None:
    """Signed in, generated bodies reach the services: records written, field errors,
    refusals or state conflicts (409), never a server error."""
    seen: set[int] = set()
    for operation in _operations(api_schema, "POST"):

        @given(case=operation.as_strategy())
        @FUZZ_SETTINGS
        def fuzz(case: Case) -> None:
            # The generated credentials are replaced by the signed-in session's.
            case.headers = {**(case.headers or {}), **signed_in.headers}
            case.cookies = dict(signed_in.cookies)
            count_case("API writes signed in (schemathesis)")
            response = case.call()
            _refusal_is_clear(response)
            assert response.status_code in (200, 201, 400, 403, 404, 409), response.text
            seen.add(response.status_code)

        fuzz()
    assert seen - {400}, seen  # some bodies got past validation to the services' own checks
