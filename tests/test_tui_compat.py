"""Textual's private API is used only in tui/compat.py, and only with the version it
was checked against: an upgrade of Textual fails here first, pointing at that module."""

from __future__ import annotations

import ast
from pathlib import Path

import textual
from textual.screen import Screen
from textual.widgets import Footer

from diklat.tui import compat

TUI = Path(__file__).resolve().parents[1] / "src" / "diklat" / "tui"


def test_textual_is_the_version_compat_was_checked_against():
    major, minor = (int(part) for part in textual.__version__.split(".")[:2])
    assert (major, minor) == compat.CHECKED, (
        f"Textual {textual.__version__}: read tui/compat.py against it (each private name "
        f"still there, still meaning the same), then set CHECKED = {(major, minor)}"
    )


def test_the_private_names_compat_uses_exist():
    from textual.app import App

    assert hasattr(App, "_on_exit_app")
    assert hasattr(Screen, "_update_auto_focus")
    assert hasattr(Footer, "_bindings_ready")
    assert compat.FooterKey.__module__ == "textual.widgets._footer"


def test_no_private_textual_module_is_imported_outside_compat():
    offenders = []
    for path in TUI.rglob("*.py"):
        if path.name == "compat.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("textual") and any(p.startswith("_") for p in name.split(".")):
                    offenders.append(f"{path.relative_to(TUI)}: {name}")
    assert offenders == []
