"""The home page: what Kakehashi is, the fields, the newest open needs and the counts."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kakehashi import freshness
from kakehashi.directory import overview
from kakehashi.http.pages import render
from kakehashi.taxonomy.fields import list_fields


async def home(request: Request) -> Response:
    counts, newest_needs = await overview.front_page(limit=6)
    freshness.kept_until_its_records_change()
    return render(
        request, "home.html",
        {
            "counts": counts,
            "fields": [f for f in await list_fields() if f.parent_code is None],
            "newest_needs": newest_needs,
        },
    )
