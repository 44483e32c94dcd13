"""The OpenAPI 3.1 document of the JSON API, built from the API's own route table.

``web/api.py`` lists each endpoint once (path, method, kind, resource); this module turns that
table into the document, so a route cannot exist without its description or the other way round.
Record schemas forbid extra properties: the fuzz test then checks that answers match them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kakehashi.api.resources import MAX_PER_PAGE
from kakehashi.collaborations.models import PRINCIPLES
from kakehashi.proposals.models import REFUSAL_GROUNDS, ProposalAnswer
from kakehashi.proposals.sponsorships import DECISIONS
from kakehashi.record_ids import MAX_ID

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


MARK: dict[str, Any] = {"enum": ["yes", "no", "none"]}
TIMES: dict[str, Any] = {"type": "array", "items": _object({
    "id": I, "starts_at": S, "ends_at": S, "a": MARK, "b": MARK,
    "suits_both": {"type": "boolean"}})}
"""An introduction's offered times, each party's ○ (yes), × (no) or not answered (none)."""
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
                     "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID}})

ID: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
DAY: dict[str, Any] = {"type": "string", "format": "date"}
SPEAKING_FOR = {"anyOf": [PARTY_REF, {"type": "null"}], "description": "The party you act "
                "for; may be left out when you belong to only one of the parties"}

SPONSORSHIP = _object({
    "id": I, "group": NAMED, "event_name": S, "purpose": S, "description": S, "starts_on": N,
    "ends_on": N, "venue": S, "expected_attendance": IN, "admission_fee": I, "status": S,
    "organiser": S, "audience": S, "name_usage": S, "answer_due_on": N,
    "contributes": {"type": ["boolean", "null"]},
    "grounds": {"type": "object", "additionalProperties": {"type": "boolean"}},
    "decision_note": S, "decided_at": N, "created_at": N})
CHECK_IN = _object({"id": I, "collaboration_id": I, "party": OWNER, "held_on": N, "done": S,
                    "problems": S, "next_steps": S})
APPROVAL = _object({"collaboration_id": I, "version": I, "party": OWNER,
                    "agreed": {"type": "boolean"}, "status": S})


def _request(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _every(names: tuple[str, ...], schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(names), "additionalProperties": False,
            "properties": {name: schema for name in names}}


@dataclass(frozen=True)
class Write:
    request: dict[str, Any]
    answer: dict[str, Any]
    conflict: str = ""
    """When the record's state can refuse the write (409), what that state is."""


WRITES: dict[str, Write] = {
    "needs": Write(
        _request(["owner", "title", "fields"], {
            "owner": PARTY_REF, "title": S, "description": S, "area": S, "fields": A,
            "period_start": N, "period_end": N}),
        _object({"id": I, "status": S, "edit_url": S})),
    "introduction_requests": Write(
        _request(["asker", "other"], {"asker": PARTY_REF, "other": PARTY_REF, "message": S,
                                      "need_id": IN}),
        _object({"id": I, "status": S})),
    "introduction_availability": Write(
        _request(["slots"], {"slots": {"type": "array", "items": ID,
                                       "description": "Every offered time you can attend"},
                             "comment": S, "side": {"enum": ["a", "b"]}}),
        _object({"id": I, "status": S, "times": TIMES}),
        "The introduction is no longer waiting for answers"),
    "introduction_declines": Write(
        _request(["reason"], {"reason": S, "side": {"enum": ["a", "b"]}}),
        _object({"id": I, "status": S, "times": TIMES}),
        "The introduction is no longer waiting for answers"),
    "proposals": Write(
        _request(["group", "title", "issue", "plan", "expected_effect", "fields"], {
            "group": ID, "title": S, "issue": S, "plan": S, "expected_effect": S, "fields": A,
            "departments": {"type": "array", "items": ID,
                            "description": "Departments you have in mind"}}),
        {"$ref": "#/components/schemas/proposals"},
        "The group is not approved yet"),
    "proposal_routing": Write(
        _request(["department"], {"department": ID}),
        {"$ref": "#/components/schemas/proposals"},
        "The proposal has already been answered"),
    "proposal_consultations": Write(
        _request(["held_on", "notes"], {"held_on": DAY, "notes": S, "next_steps": S}),
        {"type": "object", "properties": {"proposal": ID, "held_on": DAY, "notes": S,
                                          "next_steps": S}},
        "The proposal is not open to consultation (not routed yet, or answered)"),
    "proposal_answers": Write(
        _request(["answer"], {"answer": {"enum": [a.value for a in ProposalAnswer]},
                              "reason": {**S, "description": "Required for not_adopted"},
                              "needs_learned": {**S, "description":
                                                "The issue and needs the city learned; "
                                                "required for not_adopted"}}),
        {"$ref": "#/components/schemas/proposals"},
        "The proposal has a final answer already"),
    "sponsorships": Write(
        _request(["group", "event_name", "organiser", "purpose", "audience", "starts_on",
                  "ends_on", "venue", "name_usage"], {
            "group": ID, "event_name": S, "organiser": S, "purpose": S, "audience": S,
            "description": S, "starts_on": DAY, "ends_on": DAY, "venue": S,
            "expected_attendance": IN, "admission_fee": IN, "name_usage": S}),
        {"$ref": "#/components/schemas/sponsorship"},
        "The group is not approved yet"),
    "sponsorship_decisions": Write(
        _request(["contributes", "grounds", "decision"], {
            "contributes": {"type": "boolean", "description":
                            "Whether the event furthers the city's policies"},
            "grounds": {**_every(REFUSAL_GROUNDS, {"type": "boolean"}), "description":
                        "Every one of the seven refusal grounds: true if it applies"},
            "decision": {"enum": list(DECISIONS)}, "note": S}),
        {"$ref": "#/components/schemas/sponsorship"},
        "The application has already been decided, or the department concerned has not "
        "given its opinion yet"),
    "check_ins": Write(
        _request(["held_on", "done"], {"party": SPEAKING_FOR, "held_on": DAY, "done": S,
                                       "problems": S, "next_steps": S}),
        {"$ref": "#/components/schemas/check_in"},
        "The work is not under way"),
    "agreement_approvals": Write(
        _request(["version"], {"party": SPEAKING_FOR, "version": {
            **ID, "description": "The version you approve: a newer one answers 409"}}),
        {"$ref": "#/components/schemas/agreement_approval"},
        "Not the latest version, already agreed, or already approved by your party"),
    "evaluations": Write(
        _request(["scores", "achieved"], {
            "party": SPEAKING_FOR, "achieved": S, "to_improve": S,
            "scores": _every(PRINCIPLES, {"type": "integer", "minimum": 1, "maximum": 5})}),
        {"$ref": "#/components/schemas/evaluation"},
        "The work is not completed, or the evaluation is published"),
}


@dataclass(frozen=True)
class Endpoint:
    path: str
    """As Starlette writes it (``/api/v1/groups/{id:record}``)."""
    method: str
    kind: str
    """list, detail, create (201), update (200) or document."""
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
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}})
        operation["parameters"] = [key]
        operation["responses"] = {"200": _json(record, "The record"),
                                  "404": _error("No such public record")}
    elif endpoint.kind in ("create", "update"):
        write = WRITES[endpoint.resource]
        operation["security"] = [{"session": [], "csrf": []}]
        if "{id:record}" in endpoint.path:
            operation["parameters"] = [{"name": "id", "in": "path", "required": True,
                                        "schema": ID}]
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": write.request}}}
        success = ("201", "Created") if endpoint.kind == "create" else ("200", "Saved")
        operation["responses"] = {
            success[0]: _json(write.answer, success[1]),
            "400": _error("The body or a field is not valid (messages per field)"),
            "401": _error("Not signed in"),
            "403": _error("Signed in, but not allowed (or the CSRF header is missing)"),
            "404": _error("The record in the address, or a party, group or call named in "
                          "the body, does not exist (or is not yours to see)"),
        }
        if write.conflict:
            operation["responses"]["409"] = _error(write.conflict)
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
                "writes for signed-in users: calls for partners, introduction requests, "
                "proposals, 後援 and the collaboration workflow. Writes use the site's "
                "session cookie and need the value of the csrftoken cookie in the "
                "X-CSRFToken header. Errors answer "
                "{\"error\": {\"code\", \"message\", \"fields\"}}."),
            "license": {"name": "CC BY 4.0 (data)",
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "paths": paths,
        "components": {
            "schemas": {**RECORDS, "sponsorship": SPONSORSHIP, "check_in": CHECK_IN,
                        "agreement_approval": APPROVAL, "evaluation": EVALUATION,
                        "Error": ERROR},
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "kakehashi_session"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
            },
        },
    }
