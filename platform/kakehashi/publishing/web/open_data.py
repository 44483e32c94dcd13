"""Open data: the page listing the datasets and their CSV and JSON downloads."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from kakehashi.http.pages import render
from kakehashi.publishing import open_data


async def index(request: Request) -> Response:
    return render(request, "open_data/index.html", {
        "datasets": open_data.catalogue(), "licence": open_data.LICENCE,
        "licence_url": open_data.LICENCE_URL,
    })


def _dataset(request: Request) -> str:
    name: str = request.path_params["dataset"]
    if name not in open_data.DATASETS:
        raise HTTPException(404)
    return name


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={
        "content-disposition": f'attachment; filename="kakehashi-{filename}"',
        "access-control-allow-origin": "*",
    })


async def as_csv(request: Request) -> Response:
    name = _dataset(request)
    return _download(await open_data.as_csv(name), "text/csv; charset=utf-8", f"{name}.csv")


async def as_json(request: Request) -> Response:
    name = _dataset(request)
    return _download(await open_data.as_json(name), "application/json", f"{name}.json")
