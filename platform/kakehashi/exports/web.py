"""The coordinator's exports page and its downloads."""

from __future__ import annotations

from datetime import datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.accounts.auth import require_role
from kakehashi.accounts.models import Role
from kakehashi.exports import writer
from kakehashi.exports.tables import TABLES
from kakehashi.http.pages import render
from kakehashi.i18n import gettext as _
from kakehashi.timezone import TOKYO


async def exports_page(request: Request) -> Response:
    require_role(request, Role.COORDINATOR)
    return render(request, "coordinator/exports.html",
                  {"kinds": [(kind, _(name)) for kind, (name, _read) in TABLES.items()]})


async def download(request: Request) -> Response:
    require_role(request, Role.COORDINATOR)
    kind = request.path_params["kind"]
    if kind not in TABLES:
        raise HTTPException(404)
    spelling = request.query_params.get("headers", "")
    body = await writer.export(kind, spelling)
    filename = f"kakehashi-{kind}-{datetime.now(TOKYO):%Y%m%d}.csv"
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{filename}"',
        "cache-control": "no-store"})
