"""Script entered in any text field comes back as text, never as markup.

Each editing form is read like a browser reads it: every text input and text area gets one
payload of a small XSS corpus, the other controls keep what the page offered. Then the pages
that show those values (the re-rendered form when it is refused, the public page, the
history) must not contain the payload unescaped.
"""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
import pytest
from markupsafe import escape
from support import csrf_token, signed_in

from kakehashi.accounts.models import Role
from kakehashi.directory.models.needs import Capability, Need, NeedStatus
from kakehashi.directory.models.orgs import ApprovalStatus, Department, Organisation

CORPUS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)//<a href=x>",
    "</textarea><script>alert(1)</script>",
)


VALID = {"email": "info@example.jp", "tel": "042-000-0000", "url": "https://example.jp/"}
"""Typed inputs get a valid value, so that the form can be saved with the payload in it."""


class _FormReader(HTMLParser):
    """The fields of the page's main form (the one posting to ``action``), as a browser
    would submit them: text fields by name, and the checked or selected values."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.text_fields: list[str] = []
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action", "") == self.action and a.get("method", "") == "post"
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "textarea" and name:
            self.text_fields.append(name)
        elif tag == "input" and name and name != "csrftoken":
            kind = a.get("type", "text")
            if kind in ("text", "search"):
                self.text_fields.append(name)
            elif kind in VALID:
                self.values.append((name, VALID[kind]))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.values.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.values.append((self._select, a.get("value", "")))
                self._selected = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select" and self._select:
            if not self._selected and self._first_option is not None:
                self.values.append((self._select, self._first_option))
            self._select = None


async def _fill_with(client: httpx.AsyncClient, page: str, action: str,
                     payload: str) -> tuple[httpx.Response, list[str]]:
    html = (await client.get(page)).text
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.text_fields, f"no text fields found on {page}"
    data: dict[str, list[str]] = {}
    for name, value in [*reader.values, *((name, payload) for name in reader.text_fields)]:
        data.setdefault(name, []).append(value)
    data["csrftoken"] = [await csrf_token(client, page)]
    return await client.post(action, data=data), reader.text_fields


def _assert_escaped(response: httpx.Response, payload: str) -> None:
    assert response.status_code < 500
    assert payload not in response.text, f"unescaped payload on {response.url}"


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> dict[str, int]:
    group = await Organisation.create(name="みどりの会", kind="citizen_group",
                                      status=ApprovalStatus.APPROVED)
    department = await Department.create(name="環境政策課")
    need = await Need.create(title="花壇の手入れ", description="毎月", organisation=group,
                             status=NeedStatus.OPEN)
    capability = await Capability.create(title="草刈り", description="道具あり",
                                         organisation=group)
    await signed_in(client, "coord@example.jp", Role.COORDINATOR)
    return {"group": group.id, "department": department.id, "need": need.id,
            "capability": capability.id}


FORMS = (
    ("/groups/{group}/edit", "/groups/{group}", "/groups/{group}/history"),
    ("/departments/{department}/edit", "/departments/{department}",
     "/departments/{department}/history"),
    ("/needs/{need}/edit", "/needs/{need}", "/needs/{need}/history"),
    ("/capabilities/{capability}/edit", "/capabilities/{capability}",
     "/capabilities/{capability}/history"),
)


@pytest.mark.parametrize("payload", CORPUS)
@pytest.mark.parametrize(("form", "public", "history"), FORMS)
async def test_payloads_in_every_text_field_come_back_escaped(
    client: httpx.AsyncClient, owner: dict[str, int], form: str, public: str, history: str,
    payload: str,
) -> None:
    page = form.format(**owner)
    response, fields = await _fill_with(client, page, page, payload)
    _assert_escaped(response, payload)
    escaped = escape(payload)
    if response.status_code in (200, 400):  # refused: the form shows what was typed, escaped
        assert escaped in response.text
    else:  # saved: the public page shows the text as text
        assert response.status_code == 303
        assert escaped in (await client.get(public.format(**owner))).text
    for shown in (public.format(**owner), history.format(**owner), "/search?q=alert"):
        _assert_escaped(await client.get(shown), payload)
    assert len(fields) >= 2


@pytest.mark.parametrize("payload", CORPUS)
async def test_payloads_in_search_and_filters_come_back_escaped(
    client: httpx.AsyncClient, payload: str
) -> None:
    for page in ("/search", "/groups", "/needs", "/capabilities", "/departments"):
        for name in ("q", "area", "field", "kind", "status"):
            _assert_escaped(await client.get(page, params={name: payload}), payload)
