"""Message catalogues: both languages have the same keys and fields, and every key
the code asks for exists (found by reading the source, not by running it)."""

from __future__ import annotations

import ast
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from diklat.domain.roles import Role
from diklat.domain.workflow import Action, Stage, State
from diklat.i18n import LANGUAGES, catalogue, fields

SRC = Path(__file__).resolve().parents[1] / "src" / "diklat"
CLI = sorted((SRC / "cli").glob("*.py"))  # the command line: every module of the package


def _cohort_statuses() -> tuple[str, ...]:
    from diklat.io.seed_format import SeedCohort

    return typing.get_args(SeedCohort.model_fields["status"].annotation)


# f-string keys whose placeholder ranges over a known set of values, by the key's prefix.
EXPANSIONS: dict[str, tuple[str, ...]] = {
    "stage.": tuple(s.value for s in Stage),
    "state.": tuple(s.value for s in State),
    "role.": tuple(r.value for r in Role),
    "action.": tuple(a.value for a in Action),
    "cohort.status.": _cohort_statuses(),
}
# Calls whose first argument is a catalogue key. Subclasses of DomainError are added
# from the source (any class that derives from one of these, transitively).
KEY_FUNCTIONS = {
    "t",
    "has",
    "DomainError",
    "ServiceError",
    "Invalid",
    "Forbidden",
    "NotFound",
    "Conflict",
}


def test_both_languages_are_loaded():
    assert set(LANGUAGES) == {"id", "en"}
    for lang in LANGUAGES:
        assert len(catalogue(lang)) > 100, lang


def test_every_key_exists_in_both_languages():
    ids, ens = set(catalogue("id")), set(catalogue("en"))
    assert sorted(ids - ens) == [], "in id but not in en"
    assert sorted(ens - ids) == [], "in en but not in id"


def test_every_message_has_the_same_fields_in_both_languages():
    id_cat, en_cat = catalogue("id"), catalogue("en")
    differing = {
        key: (sorted(fields(id_cat[key])), sorted(fields(en_cat[key])))
        for key in id_cat.keys() & en_cat.keys()
        if fields(id_cat[key]) != fields(en_cat[key])
    }
    assert differing == {}


def test_no_message_is_empty():
    for lang in LANGUAGES:
        assert [k for k, v in catalogue(lang).items() if not v.strip()] == [], lang


# --- keys used in the code ----------------------------------------------------------


@dataclass(frozen=True)
class Use:
    where: str
    key: str


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _key_functions(trees: list[tuple[Path, ast.Module]]) -> set[str]:
    names = set(KEY_FUNCTIONS)
    error_bases = {"DomainError", "ServiceError", "Invalid", "Forbidden", "NotFound", "Conflict"}
    classes = [
        node for _, tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
    ]
    changed = True
    while changed:
        changed = False
        for cls in classes:
            if cls.name not in error_bases and any(_name(b) in error_bases for b in cls.bases):
                error_bases.add(cls.name)
                changed = True
    for cls in classes:
        if cls.name not in error_bases:
            continue
        init = next(
            (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
        )
        # A subclass that keeps the (key, **params) signature takes a key first; one
        # with its own signature (SeedInvalid(problems), Incomplete(stage, gaps)) does not.
        if init is None:
            names.add(cls.name)
    return names


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _enclosing_function(node: ast.AST, parents: dict) -> ast.AST | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


def _literal_strings(node: ast.expr, index: int | None, scope: ast.AST | None) -> list[str] | None:
    """String values of a literal tuple/list (or the ``index``-th item of each of its tuples);
    a Name is followed to its assignment in ``scope``."""
    if isinstance(node, ast.Name) and scope is not None:
        for stmt in ast.walk(scope):
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets
            ):
                return _literal_strings(stmt.value, index, None)
        return None
    if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return None
    out = []
    for element in node.elts:
        if index is not None:
            if not isinstance(element, ast.Tuple) or len(element.elts) <= index:
                return None
            element = element.elts[index]
        if not (isinstance(element, ast.Constant) and isinstance(element.value, str)):
            return None
        out.append(element.value)
    return out


def _loop_values(name: str, scope: ast.AST | None) -> list[str] | None:
    """Values of ``name`` when it is the variable of a ``for`` over literal strings in ``scope``."""
    if scope is None:
        return None
    for node in ast.walk(scope):
        loops = []
        if isinstance(node, ast.For):
            loops.append((node.target, node.iter))
        elif isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
            loops.extend((g.target, g.iter) for g in node.generators)
        for target, iterable in loops:
            if isinstance(target, ast.Name) and target.id == name:
                return _literal_strings(iterable, None, scope)
            if isinstance(target, ast.Tuple):
                for i, elt in enumerate(target.elts):
                    if isinstance(elt, ast.Name) and elt.id == name:
                        return _literal_strings(iterable, i, scope)
    return None


def _expand(fstring: ast.JoinedStr, scope: ast.AST | None) -> tuple[list[str] | None, str]:
    """Every key an f-string key can produce, or None and its literal prefix."""
    parts = fstring.values
    holes = [p for p in parts if isinstance(p, ast.FormattedValue)]
    prefix = ""
    for part in parts:
        if isinstance(part, ast.FormattedValue):
            break
        prefix += part.value
    if len(holes) != 1:
        return None, prefix
    suffix = "".join(p.value for p in parts[parts.index(holes[0]) + 1 :])
    expr = holes[0].value
    values = _loop_values(expr.id, scope) if isinstance(expr, ast.Name) else None
    if values is None:
        values = EXPANSIONS.get(prefix)
    if values is None:
        return None, prefix
    return [f"{prefix}{v}{suffix}" for v in values], prefix


def _uses() -> tuple[list[Use], list[Use]]:
    """(keys the code uses, f-string keys that could only be checked by their prefix)."""
    trees = list(_modules())
    functions = _key_functions(trees)
    uses: list[Use] = []
    prefixes: list[Use] = []
    for path, tree in trees:
        parents = _parents(tree)
        rel = path.relative_to(SRC.parent)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in functions or not node.args:
                continue
            first = node.args[0]
            where = f"{rel}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                uses.append(Use(where, first.value))
            elif isinstance(first, ast.JoinedStr):
                keys, prefix = _expand(first, _enclosing_function(node, parents))
                if keys is None:
                    prefixes.append(Use(where, prefix))
                else:
                    uses.extend(Use(where, k) for k in keys)
        # Keys given as defaults of DomainError subclasses: Forbidden(key="perm.denied").
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in functions:
                for fn in node.body:
                    if isinstance(fn, ast.FunctionDef) and fn.name == "__init__":
                        for default in fn.args.defaults:
                            if isinstance(default, ast.Constant) and isinstance(default.value, str):
                                uses.append(Use(f"{rel}:{default.lineno}", default.value))
    return uses, prefixes


def test_the_source_scan_finds_the_keys_it_should():
    uses, _ = _uses()
    keys = {u.key for u in uses}
    # Direct calls, error classes, a default argument, and expanded f-strings.
    assert {
        "cli.error",
        "perm.not_coordinator",
        "perm.denied",
        "db.newer_than_app",
        "nip.birth_date",
    } <= keys
    assert {
        "stage.report",
        "state.approved",
        "role.examiner",
        "cohort.status.closed",
        "cli.col.participants",
    } <= keys
    assert len(uses) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_used_in_the_code_exists(lang: str):
    uses, _ = _uses()
    known = catalogue(lang)
    missing = sorted({f"{u.key}  ({u.where})" for u in uses if u.key not in known})
    assert not missing, f"{len(missing)} key(s) missing from the '{lang}' catalogue:\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_unexpanded_key_prefix_exists(lang: str):
    """f-string keys over values the scan cannot enumerate: at least their family exists."""
    _, prefixes = _uses()
    known = catalogue(lang)
    missing = sorted(
        {f"{u.key}*  ({u.where})" for u in prefixes if not any(k.startswith(u.key) for k in known)}
    )
    assert not missing, f"no '{lang}' key starts with:\n" + "\n".join(missing)


def test_every_expansion_family_is_complete():
    for prefix, values in EXPANSIONS.items():
        if any(k.startswith(prefix) for k in catalogue("id")):
            for lang in LANGUAGES:
                assert {f"{prefix}{v}" for v in values} <= set(catalogue(lang)), (prefix, lang)


# --- no bare user-facing text in the command line ------------------------------------


def _cli_nodes():
    assert len(CLI) > 5, CLI
    for path in CLI:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            yield path.name, node


def test_every_help_text_in_the_cli_is_translated():
    bare = []
    for name, node in _cli_nodes():
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "help" and not (
                    isinstance(kw.value, ast.Call) and _name(kw.value.func) == "t"
                ):
                    bare.append(f"{name}:{kw.value.lineno}")
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "help":
                    if not (isinstance(node.value, ast.Call) and _name(node.value.func) == "t"):
                        bare.append(f"{name}:{node.lineno}")
    assert bare == []


def test_cli_messages_are_printed_through_the_catalogue():
    """``out.print``/``err.print`` get t(...) or data, never a sentence written in the code."""
    bare = []
    for name, node in _cli_nodes():
        if (
            isinstance(node, ast.Call)
            and _name(node.func) in {"print", "echo", "secho"}
            and node.args
        ):
            first = node.args[0]
            if (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and any(c.isalpha() for c in first.value)
            ):
                bare.append(f"{name}:{first.lineno}: {first.value!r}")
    assert bare == []
