"""The OpenAPI 3.1 document of the JSON API, built from the API's own route table.

``web/api.py`` lists each endpoint once (path, method, kind, resource); this module turns that
table into the document, so a route cannot exist without its description or the other way round.
Record schemas forbid extra properties: the fuzz test then checks that answers match them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kakehashi.services.api_resources import MAX_PER_PAGE

S: dict[str, Any] = {"type": "string"}
N: dict[str, Any] = {"type": ["string", "null"]}
I: dict[str, Any] = {"type": "integer"}  # noqa: E741
IN: dict[str, Any] = {"type": ["integer", "null"]}
A: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def _object(properties: dict[str, Any], nullable: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["object", "null"] if nullable else "object",
                              "properties": properties, "required": sorted(properties),
                              "additionalProperties": False}
    return schema


OWNER = _object({"type": {"enum": ["group", "department"]}, "id": I, "name": S})
NAMED = _object({"id": I, "name": S})
EVALUATION = _object({"party_kind": S, "party_id": I, "achieved": S, "to_improve": S,
                      "scores": {"type": "object", "additionalProperties": {"type": "integer"}}})

RECORDS: dict[str, dict[str, Any]] = {
    "groups": _object({
        "id": I, "name": S, "furigana": S, "kind": S, "area": S, "description": S,
        "activities": S, "founded_year": IN, "size": IN, "public_contact": S,
        "criteria_declared": A, "criteria_confirmed": A, "created_at": S, "fields": A}),
    "departments": _object({"id": I, "name": S, "section": S, "description": S,
                            "public_phone": S, "fields": A}),
    "needs": _object({"id": I, "title": S, "description": S, "area": S, "period_start": N,
                      "period_end": N, "status": S, "opened_at": N, "owner": OWNER,
                      "fields": A}),
    "capabilities": _object({"id": I, "title": S, "description": S, "created_at": S,
                             "owner": OWNER, "fields": A}),
    "collaborations": _object({
        "id": I, "title": S, "summary": S, "status": S, "forms": A, "started_on": N,
        "completed_on": N, "published_at": N, "fields": A,
        "parties": {"type": "array", "items": OWNER},
        "evaluations": {"type": "array", "items": EVALUATION}}),
    "proposals": _object({
        "id": I, "title": S, "issue": S, "plan": S, "expected_effect": S, "answer": N,
        "answer_reason": S, "answered_at": N, "created_at": S, "fields": A, "group": NAMED,
        "department": {"anyOf": [NAMED, {"type": "null"}]}}),
    "fields": _object({"code": S, "label_ja": S, "label_en": S, "parent": N, "position": I}),
}

ERROR = _object({"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": S, "message": S,
                   "fields": {"type": "object", "additionalProperties": {"type": "string"}}},
    "additionalProperties": False}})

PARTY_REF = _object({"type": {"enum": ["group", "department"]},
                     "id": {"type": "integer", "minimum": 1, "maximum": 999_999_999}})

WRITES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "needs": (
        {"type": "object", "required": ["owner", "title", "fields"],
         "properties": {"owner": PARTY_REF, "title": S, "description": S, "area": S,
                        "fields": A, "period_start": N, "period_end": N}},
        _object({"id": I, "status": S, "edit_url": S}),
    ),
    "introduction_requests": (
        {"type": "object", "required": ["asker", "other"],
         "properties": {"asker": PARTY_REF, "other": PARTY_REF, "message": S,
                        "need_id": IN}},
        _object({"id": I, "status": S}),
    ),
}


@dataclass(frozen=True)
class Endpoint:
    path: str
    """As Starlette writes it (``/api/v1/groups/{id:record}``)."""
    method: str
    kind: str
    """list, detail, create or document."""
    resource: str
    summary: str


def openapi_path(path: str) -> str:
    return path.replace("{id:record}", "{id}").replace("{code:fieldcode}", "{code}")


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json({"$ref": "#/components/schemas/Error"}, description)


def _operation(endpoint: Endpoint, field_codes: list[str]) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": endpoint.summary,
                                 "operationId": f"{endpoint.kind}_{endpoint.resource}"}
    record = {"$ref": f"#/components/schemas/{endpoint.resource}"}
    if endpoint.kind == "list":
        operation["parameters"] = [
            {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                       "maximum": 1_000_000}},
            {"name": "per_page", "in": "query",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}},
            {"name": "field", "in": "query", "description": "A field code such as welfare "
             "(its sub-areas match too); another code is refused with 400",
             "schema": {"enum": field_codes}},
        ]
        operation["responses"] = {
            "200": _json(_object({"items": {"type": "array", "items": record}, "total": I,
                                  "page": I, "per_page": I, "next": N}), "One page"),
            "400": _error("A parameter is not valid"),
        }
    elif endpoint.kind == "detail":
        key = ({"name": "code", "in": "path", "required": True, "schema": {
            "type": "string", "pattern": r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"}}
            if endpoint.resource == "fields" else
            {"name": "id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999}})
        operation["parameters"] = [key]
        operation["responses"] = {"200": _json(record, "The record"),
                                  "404": _error("No such public record")}
    elif endpoint.kind == "create":
        body, answer = WRITES[endpoint.resource]
        operation["security"] = [{"session": [], "csrf": []}]
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": body}}}
        operation["responses"] = {
            "201": _json(answer, "Created"),
            "400": _error("The body or a field is not valid (messages per field)"),
            "401": _error("Not signed in"),
            "403": _error("Signed in, but not allowed (or the CSRF header is missing)"),
            "404": _error("A party or call named in the body does not exist"),
        }
    else:
        operation["responses"] = {"200": {"description": "This document", "content": {
            "application/json": {"schema": {"type": "object"}}}}}
    return operation


def document(endpoints: list[Endpoint], field_codes: list[str]) -> dict[str, Any]:
    """``field_codes``: the taxonomy as it is now (the coordinator edits it), so the document
    lists exactly the codes the ``field`` filter accepts."""
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        paths.setdefault(openapi_path(endpoint.path), {})[endpoint.method.lower()] = \
            _operation(endpoint, field_codes)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kakehashi API", "version": "1",
            "description": (
                "Public read access to everything Kakehashi shows publicly (CC BY 4.0), and "
                "two writes for signed-in users. Writes use the site's session cookie and "
                "need the value of the csrftoken cookie in the X-CSRFToken header. Errors "
                "answer {\"error\": {\"code\", \"message\", \"fields\"}}."),
            "license": {"name": "CC BY 4.0 (data)",
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "paths": paths,
        "components": {
            "schemas": {**RECORDS, "Error": ERROR},
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "kakehashi_session"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
            },
        },
    }
