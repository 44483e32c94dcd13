"""The API's form for a proposal's consultation with its group, as the page's form."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kakehashi.api.support import json_form, refuse_if, signed_in
from kakehashi.http.handling import path_id
from kakehashi.proposals import consultations
from kakehashi.proposals.rules import MAX_TEXT


async def consult_on_proposal(request: Request) -> Response:
    """Record a consultation (the routed department or the office), answered with it."""
    user, proposal_id = signed_in(request), path_id(request)
    await consultations.consultable(user, proposal_id)
    form = await json_form(request)
    text = {name: form.text(name, multiline=True, max_length=MAX_TEXT,
                            required=name == "notes") for name in ("notes", "next_steps")}
    record = consultations.Consultation(form.date("held_on", required=True) or date.min,
                                        text["notes"].strip(), text["next_steps"].strip())
    refuse_if(form)
    await consultations.record(user, proposal_id, record)
    return JSONResponse({"proposal": proposal_id, "held_on": record.held_on.isoformat(),
                         "notes": record.notes, "next_steps": record.next_steps}, 201)
