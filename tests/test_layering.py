"""The layers stay apart (docs/architecture.md), checked on the source's imports,
including imports made inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "diklat"


def _module_name(path: Path, root: Path = SRC) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, root: Path = SRC) -> set[str]:
    """Every module the file imports; ``from a import b`` counts as both ``a`` and ``a.b``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = _module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module_name(p): (p, _imports(p)) for p in sorted(PACKAGE.rglob("*.py"))}


def _area(module: str) -> str:
    """``diklat.db.models`` -> ``db``; ``diklat.cli`` -> ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _hits(imports: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(i for i in imports if any(i == f or i.startswith(f + ".") for f in forbidden))


def _violations(select, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    out = {}
    for module, (_, imports) in MODULES.items():
        if select(module):
            hits = _hits(imports, forbidden)
            if hits:
                out[module] = hits
    return out


def test_the_scan_sees_the_whole_package():
    areas = {_area(m) for m in MODULES}
    assert {"domain", "db", "services", "io", "cli", "i18n"} <= areas
    # It does see imports inside functions (the CLI imports its services lazily).
    assert "diklat.services.cohorts" in MODULES["diklat.cli.cohorts"][1]
    assert "sqlalchemy" in MODULES["diklat.db.models"][1]


def test_relative_imports_are_resolved(tmp_path):
    pkg = tmp_path / "src" / "diklat" / "services"
    pkg.mkdir(parents=True)
    mod = pkg / "x.py"
    mod.write_text("from . import audit\nfrom ..db import models\nfrom .errors import Forbidden\n")
    found = _imports(mod, tmp_path / "src")
    assert {"diklat.services.audit", "diklat.db.models", "diklat.services.errors"} <= found


def test_domain_is_pure_python():
    forbidden = (
        "sqlalchemy",
        "alembic",
        "textual",
        "diklat.db",
        "diklat.services",
        "diklat.tui",
        "diklat.io",
        "diklat.cli",
    )
    assert _violations(lambda m: _area(m) == "domain", forbidden) == {}


def test_only_db_and_services_touch_the_models_or_sqlalchemy():
    outside = lambda m: _area(m) not in ("db", "services")  # noqa: E731 - io/, tui/, cli, domain, i18n ...
    assert _violations(outside, ("sqlalchemy", "diklat.db.models")) == {}


def test_io_does_not_touch_the_database_layer():
    assert _violations(lambda m: _area(m) == "io", ("sqlalchemy", "diklat.db.models")) == {}


def test_only_tui_imports_textual():
    assert _violations(lambda m: _area(m) != "tui", ("textual",)) == {}


def test_cli_does_not_import_the_models():
    cli = [m for m in MODULES if _area(m) == "cli"]
    assert len(cli) > 5, cli  # the package, every command module of it
    assert _violations(lambda m: _area(m) == "cli", ("diklat.db.models", "sqlalchemy")) == {}


def test_the_command_modules_do_not_import_the_package_that_runs_them():
    """``diklat.cli`` (main) builds the group from the command modules; a command module
    importing it back would be a loop. What they share is in ``diklat.cli.common``."""
    inside = [m for m in MODULES if m.startswith("diklat.cli.")]
    assert inside, "the command line is a package"
    assert [m for m in inside if "diklat.cli" in MODULES[m][1]] == []


@pytest.mark.parametrize("lower", ["domain", "i18n"])
def test_lower_layers_do_not_import_the_faces(lower):
    assert _violations(lambda m: _area(m) == lower, ("diklat.tui", "diklat.cli")) == {}


def test_io_does_not_import_services():
    """io is an adapter layer: the rows and problems it produces live in the domain
    (domain/imports.py), the records it renders too (domain/documents.py)."""
    assert _violations(lambda m: _area(m) == "io", ("diklat.services",)) == {}


def _graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (``from a import b`` is ``a.b`` when that is
    a module, else ``a``), imports inside functions included."""
    graph = {}
    for module, (_, imports) in MODULES.items():
        edges = set()
        for name in imports:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module and name.startswith("diklat"):
                edges.add(name)
        graph[module] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))
    return found


def test_the_cycle_finder_finds_a_loop():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_of_the_package_has_no_cycles():
    # Screens open one another by name (tui/navigation.py), not by import.
    assert _cycles(_graph()) == []


def test_only_the_command_line_starts_the_server():
    """``diklat.serve`` uses the app; nothing but ``diklat serve`` (cli/) imports it."""
    assert _violations(lambda m: _area(m) not in ("serve", "cli"), ("diklat.serve",)) == {}
