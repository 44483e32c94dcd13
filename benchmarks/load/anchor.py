"""The anchor: a bare Starlette + Jinja2 page, served the same way as Kakehashi (uvicorn, same
workers), so the load test can say how far the real pages are from what the stack itself gives.

    uvicorn benchmarks.load.anchor:app --workers 2
"""

from __future__ import annotations

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>
</body></html>
"""

templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.DictLoader({"page.html": PAGE}), autoescape=True,
))


async def page(request: Request) -> Response:
    return templates.TemplateResponse(request, "page.html", {
        "title": "架け橋", "items": ["福祉", "防災", "環境", "教育", "文化", "地域"],
    })


app = Starlette(routes=[Route("/", page)])
