"""Paths of named routes, for templates, redirects, mails and notifications alike.

The application installs its routing table at start (``create_app``); code outside a request,
such as the worker writing a digest, installs the same table. A page builds dozens of links, so
each name maps straight to its path format instead of walking the router for every link.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from starlette.convertors import Convertor, PathConvertor
from starlette.routing import BaseRoute, Mount, NoMatchFound, Route


@dataclass(frozen=True)
class _Pattern:
    path_format: str  # "/groups/{id}"
    convertors: dict[str, Convertor[Any]]


_patterns: dict[str, _Pattern] = {}


def flatten(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, Route]]:
    """Every ``Route`` with its full path, for tests and documents that list the whole site."""
    for route in routes:
        if isinstance(route, Mount) and route.routes:
            yield from flatten(list(route.routes), prefix + route.path)
        elif isinstance(route, Route):
            yield prefix + route.path, route


def install(routes: list[BaseRoute]) -> None:
    patterns: dict[str, _Pattern] = {}
    for route in routes:
        if isinstance(route, Mount) and not route.routes and route.name:  # static files
            patterns[route.name] = _Pattern(route.path + "/{path}", {"path": PathConvertor()})
    for path, route in flatten(routes):
        prefix = path[: len(path) - len(route.path)]
        patterns.setdefault(route.name, _Pattern(prefix + route.path_format,
                                                 dict(route.param_convertors)))
    _patterns.clear()
    _patterns.update(patterns)


def path_for(name: str, /, **params: Any) -> str:
    """The path of route ``name`` (``path_for("group", id=3)`` → ``/groups/3``)."""
    pattern = _patterns.get(name)
    if pattern is None or params.keys() != pattern.convertors.keys():
        if not _patterns:
            raise RuntimeError("no routes installed: call kakehashi.http.urls.install first")
        raise NoMatchFound(name, params)
    path = pattern.path_format
    for key, convertor in pattern.convertors.items():
        value = params[key]
        if isinstance(convertor, PathConvertor):
            value = str(value).lstrip("/")
        path = path.replace("{" + key + "}", convertor.to_string(value))
    return path
