"""Every internal link is built from a route's name, so moving a URL is one edit in routes.py.

These scans fail on a path typed by hand in a template (``href="/groups/…"``) or in the code
(``redirect(f"/needs/{id}")``), and check that ``path_for`` agrees with Starlette's router.
"""

from __future__ import annotations

import ast
import re

import pytest
from starlette.routing import Route, Router

from kakehashi.http import urls
from kakehashi.http.urls import flatten
from kakehashi.routes import build_routes
from kakehashi.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "platform" / "kakehashi"
TEMPLATES = PROJECT_ROOT / "templates"
ROUTES = build_routes(PROJECT_ROOT / "static")
# The routing table itself, and the API's declarations of its own paths (its route table).
DEFINES_PATHS = {"routes.py", "api/web.py", "api/workflows.py", "api/openapi.py"}
HARD_CODED_ATTRIBUTE = re.compile(r'\b(?:href|action|src|formaction)="/')
SAMPLE = {"id": 7, "number": 2, "code": "welfare", "token": "abc", "dataset": "groups",
          "kind": "groups", "attachment": 3}


def _full_regexes() -> list[re.Pattern[str]]:
    regexes = []
    for path, route in flatten(ROUTES):
        prefix = path[: len(path) - len(route.path)]
        regexes.append(re.compile(re.escape(prefix) + route.path_regex.pattern.lstrip("^")))
    return regexes


def _literal_paths(tree: ast.AST, source: str) -> list[tuple[int, str]]:
    """Strings and f-strings that start with ``/``, with every ``{…}`` replaced by ``7``."""
    inner = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in inner:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(str(v.value) if isinstance(v, ast.Constant) else "7"
                           for v in node.values)
        else:
            continue
        if text.startswith("/") and not text.startswith("//"):
            found.append((node.lineno, re.split(r"[?#]", text, maxsplit=1)[0]))
    return found


def test_templates_build_internal_links_from_route_names() -> None:
    typed = [f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if HARD_CODED_ATTRIBUTE.search(line)]
    assert not typed, "use url_for('name', …) instead of a typed path:\n" + "\n".join(typed)


def test_code_builds_internal_links_from_route_names() -> None:
    regexes = _full_regexes()
    typed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in DEFINES_PATHS or relative.startswith("migrations/"):
            continue
        source = path.read_text()
        for line, text in _literal_paths(ast.parse(source), source):
            if text != "/" and any(regex.fullmatch(text) for regex in regexes):
                typed.append(f"{relative}:{line}: {text}")
    assert not typed, "use path_for('name', …) instead of a typed path:\n" + "\n".join(typed)


def test_html_written_by_code_builds_links_from_route_names() -> None:
    """Error pages written before the templates (CSRF, body limits) link home by name too."""
    attribute = re.compile(r"""\b(?:href|action|src|formaction)=['"]/""")
    typed = [f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if attribute.search(line)]
    assert not typed, "use path_for('name') instead of a typed path:\n" + "\n".join(typed)


def test_the_scan_catches_a_typed_path() -> None:
    """The code scan is only worth something if it recognises the shapes we write."""
    source = 'redirect(f"/needs/{need_id}/edit")\nlink = "/coordinator/queue?origin=x"\n'
    found = sorted(text for _line, text in _literal_paths(ast.parse(source), source))
    regexes = _full_regexes()
    assert found == ["/coordinator/queue", "/needs/7/edit"]
    assert all(any(regex.fullmatch(text) for regex in regexes) for text in found)


@pytest.mark.parametrize("name", sorted({route.name for _path, route in flatten(ROUTES)}))
def test_path_for_agrees_with_the_router(name: str) -> None:
    route = next(route for _path, route in flatten(ROUTES) if route.name == name)
    assert isinstance(route, Route)
    params = {key: SAMPLE[key] for key in route.param_convertors}
    urls.install(ROUTES)
    assert urls.path_for(name, **params) == str(Router(routes=ROUTES).url_path_for(name, **params))


def test_static_files_and_unknown_names() -> None:
    urls.install(ROUTES)
    assert urls.path_for("static", path="/css/kakehashi.css") == "/static/css/kakehashi.css"
    with pytest.raises(Exception, match="No route exists"):
        urls.path_for("no_such_page")
    with pytest.raises(Exception, match="No route exists"):
        urls.path_for("group")  # its id is missing
