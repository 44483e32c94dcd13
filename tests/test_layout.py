"""The layout's promises: dependencies point one way, so a concept can be read on its own."""

from __future__ import annotations

import ast
from pathlib import Path

from kakehashi.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "platform" / "kakehashi"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each module of ours and the modules of ours it imports (at any depth of the file)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kakehashi"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    imported.add(full if full in modules else str(node.module))
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name.startswith("kakehashi")}
        graph[name] = {other for other in imported if other in modules and other != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_matching_library_never_imports_the_web_layer() -> None:
    for path in (PROJECT_ROOT / "matching").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("kakehashi"), path
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("kakehashi") for a in node.names), path


SHARED = {"http", "errors", "i18n", "settings", "labels", "db", "timezone", "record_ids",
          "accounts.auth", "accounts.models", "accounts.permissions", "taxonomy.choices",
          "taxonomy.fields", "directory.parties", "freshness"}
"""What any handler may use besides its own concept: the web machinery, who is asking and what
they own, the vocabulary (fields, time zone, ids), parties (a group or a department by name),
and what a page showed or a save changed (for the pages workers keep)."""


def _is_handler(relative: Path) -> bool:
    parts = relative.parts
    return len(parts) > 1 and parts[0] not in ("api", "demo", "migrations") and (
        parts[-1].startswith("web") or "web" in parts[:-1] or parts[-1].endswith("_web.py"))


def test_handlers_reach_only_their_concept_and_the_shared_machinery() -> None:
    """A page that shows several concepts gets them from its own concept's read model."""
    reaching = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if path.name == "__init__.py" or not _is_handler(relative):
            continue
        concept = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
                    "kakehashi."):
                continue
            module = str(node.module).removeprefix("kakehashi.")
            for alias in node.names:
                full = f"{module}.{alias.name}"
                if module.split(".")[0] == concept or any(
                        name == shared or name.startswith(shared + ".")
                        for shared in SHARED for name in (module, full)):
                    continue
                reaching.append(f"{relative}: {full}")
    assert reaching == []


def test_no_module_is_over_300_lines() -> None:
    sources = [*PACKAGE.rglob("*.py"), *(PROJECT_ROOT / "matching").rglob("*.py")]
    long = [f"{path.relative_to(PROJECT_ROOT)}: {n}" for path in sorted(sources)
            if "migrations" not in path.parts
            and (n := len(path.read_text().splitlines())) > 300]
    assert long == []


def test_no_merge_conflict_markers_were_left_behind() -> None:
    """A marker inside a template or catalogue still renders, so only a scan catches it."""
    root = PACKAGE.parents[1]
    left = [f"{path.relative_to(root)}:{number}"
            for folder in ("platform", "templates", "matching", "tests", "benchmarks", "static")
            for path in sorted((root / folder).rglob("*"))
            if path.is_file() and path.suffix in {".py", ".html", ".txt", ".po", ".css", ".js"}
            for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1)
            if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line == "======="]
    assert left == []
