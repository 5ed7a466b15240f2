"""Keys a browser keeps for itself never do anything in diklat (issue 11): in a served
session Ctrl+N (new window), Ctrl+T (new tab) and Ctrl+W (close the tab) are taken by
Chromium, Edge and Firefox before the page sees them, so a key bound there could never be
pressed. No binding of diklat's own uses one, and no help text or message names one."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import diklat.tui
from diklat.i18n import LANGUAGES, catalogue

RESERVED = {
    "ctrl+n",
    "ctrl+t",
    "ctrl+w",
    "ctrl+shift+n",
    "ctrl+shift+t",
    "ctrl+shift+w",
    "ctrl+tab",
    "ctrl+shift+tab",
    "ctrl+pageup",
    "ctrl+pagedown",
}
NAMED = re.compile(r"Ctrl\s*\+\s*(?:Shift\s*\+\s*)?[NTW]\b", re.IGNORECASE)


def _diklat_classes() -> list[type[DOMNode]]:
    for info in pkgutil.walk_packages(diklat.tui.__path__, "diklat.tui."):
        importlib.import_module(info.name)
    found, todo = [], [DOMNode]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("diklat."):
                found.append(sub)
    return found


def _keys(binding) -> list[str]:
    key = binding.key if isinstance(binding, Binding) else binding[0]
    return [k.strip().lower() for k in key.split(",")]


def test_the_scan_finds_the_screens_and_their_keys():
    classes = {cls.__name__: cls for cls in _diklat_classes()}
    assert {"ReviewScreen", "CommentBankScreen", "ItemList", "DiklatApp"} <= set(classes)
    review_keys = {k for b in classes["ReviewScreen"].BINDINGS for k in _keys(b)}
    assert {"ctrl+s", "ctrl+b", "f4"} <= review_keys


def test_no_binding_uses_a_key_the_browser_keeps():
    taken = [
        f"{cls.__module__}.{cls.__name__}: {key}"
        for cls in _diklat_classes()
        for binding in cls.__dict__.get("BINDINGS", [])
        for key in _keys(binding)
        if key in RESERVED
    ]
    assert taken == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_tells_to_press_a_key_the_browser_keeps(lang: str):
    named = {key: text for key, text in catalogue(lang).items() if NAMED.search(text)}
    assert named == {}


async def test_insert_adds_a_row_also_while_typing_in_a_rows_field(world) -> None:
    from textual.widgets import Input

    from diklat.domain.workflow import Stage
    from diklat.tui.app import DiklatApp
    from diklat.tui.navigation import open_stage
    from diklat.tui.widgets.itemlist import ItemList

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("P1"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        open_stage(app, world.actor("P1"), world.enrolments["P1"], Stage.DIAGNOSIS)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        issues = app.screen.query_one("#list-issues", ItemList)
        issues.query_one("#list-issues-table").focus()
        await pilot.press("a")  # a first row; the focus goes to its first field
        await pilot.pause()
        assert isinstance(app.screen.focused, Input)
        await pilot.press("x", "insert")
        await pilot.pause()
        assert len(issues.items()) == 2
