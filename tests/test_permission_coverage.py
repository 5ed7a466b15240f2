"""Every service operation is in a permission matrix, or this test says which is not.

The operations are found, not listed: every public function of a ``diklat.services``
module that takes an ``actor`` (helpers that take an open ``Session`` are building
blocks of operations, not operations). An operation counts as covered when a
permission matrix calls it: a row of ``OPS`` in tests/test_services_permissions.py or
of ``OPS``/``PREPARED`` in tests/test_coordinator_permissions.py, or a test that expects ``Forbidden`` from it
(the review, marking, comment-bank and document matrices).

``NOT_YET`` names the operations known to lack a matrix row. The test fails on an
operation that is neither covered nor listed (a new operation: give it a row), and on
one that is listed but covered now (take it off the list), so the list only shrinks.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import diklat.services as services

TESTS = Path(__file__).parent
MATRIX_DICTS = {
    "test_services_permissions.py": ("OPS",),
    "test_coordinator_permissions.py": ("OPS", "PREPARED"),
}
FORBIDDEN_TESTS = (
    "test_services_review.py",
    "test_services_marking.py",
    "test_services_comment_bank.py",
    "test_documents_export.py",
    "test_services_permissions.py",
    "test_coordinator_permissions.py",
    "test_institutions.py",
    "test_reminders.py",
    "test_coord_cli.py",
)

# Known gaps (issue 7, part 1): operations no matrix calls yet. Several are lists that
# filter by the actor instead of refusing (queue, marking_list, coordinated_cohorts,
# list_rubrics): their row must check what each actor sees, not only Forbidden.
NOT_YET: frozenset[str] = frozenset()


def operations() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"diklat.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if "actor" not in params:
                continue
            if params and params[0] in ("s", "session"):
                continue  # a helper inside an operation's transaction
            found.add(f"{info.name}.{name}")
    return found


def _aliases(tree: ast.Module) -> tuple[dict[str, str], dict[str, str]]:
    """Module aliases (``stages`` -> ``stages``) and imported functions (``save_mark`` -> ``marking.save_mark``)."""
    modules, functions = {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "diklat.services":
                for a in node.names:
                    modules[a.asname or a.name] = a.name
            elif node.module.startswith("diklat.services."):
                mod = node.module.split(".")[2]
                for a in node.names:
                    functions[a.asname or a.name] = f"{mod}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("diklat.services.") and a.asname:
                    modules[a.asname] = a.name.split(".")[2]
    return modules, functions


def _calls(node: ast.AST, modules: dict[str, str], functions: dict[str, str]) -> set[str]:
    out = set()
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        f = sub.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in modules:
            out.add(f"{modules[f.value.id]}.{f.attr}")
        elif isinstance(f, ast.Name) and f.id in functions:
            out.add(functions[f.id])
    return out


def covered() -> dict[str, set[str]]:
    """Operation -> the matrix files that call it."""
    where: dict[str, set[str]] = {}
    for filename in sorted(set(MATRIX_DICTS) | set(FORBIDDEN_TESTS)):
        path = TESTS / filename
        if not path.exists():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules, functions = _aliases(tree)
        nodes: list[ast.AST] = []
        for node in tree.body:
            target = (
                node.target
                if isinstance(node, ast.AnnAssign)
                else (node.targets[0] if isinstance(node, ast.Assign) else None)
            )
            if isinstance(target, ast.Name) and target.id in MATRIX_DICTS.get(filename, ()):
                nodes.append(node.value)
            if isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef)
            ) and "Forbidden" in ast.unparse(node):
                nodes.append(node)
        for node in nodes:
            for op in _calls(node, modules, functions):
                where.setdefault(op, set()).add(filename)
    return where


def test_the_enumeration_finds_the_operations():
    ops = operations()
    assert {"stages.save_draft", "stages.decide", "auth.add_user", "backups.make_backup"} <= ops
    assert "access.relations" not in ops  # takes a session: a helper


def test_every_service_operation_is_in_a_permission_matrix():
    ops = operations()
    where = covered()
    uncovered = sorted(op for op in ops if op not in where and op not in NOT_YET)
    assert uncovered == [], (
        f"{len(uncovered)} service operation(s) in no permission matrix; add a row for each "
        f"(tests/test_services_permissions.py OPS):\n  " + "\n  ".join(uncovered)
    )


def test_the_list_of_known_gaps_only_shrinks():
    ops = operations()
    where = covered()
    stale = sorted(op for op in NOT_YET if op in where or op not in ops)
    assert stale == [], f"covered now or gone, take off NOT_YET: {stale}"


def test_no_operation_runs_without_someone_logged_in():
    """The "not logged in" column of the matrix: every operation needs an actor (no
    default to fall back on), so nothing can be done before a log-in gives one; the app
    shows only the log-in screen until then (tests/test_tui_login.py)."""
    lax = []
    for op in sorted(operations()):
        mod, name = op.split(".")
        param = inspect.signature(
            getattr(importlib.import_module(f"diklat.services.{mod}"), name)
        ).parameters["actor"]
        if (
            param.default is not inspect.Parameter.empty
            or param.kind is inspect.Parameter.KEYWORD_ONLY
        ):
            lax.append(op)
    assert lax == [], f"operations that can run without an actor: {lax}"
