"""The footer rebuilds its keys only when what it shows changes (tui/widgets/footer.py)."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from diklat.tui.compat import FooterKey
from diklat.tui.widgets.footer import KeyFooter


class KeysApp(App[None]):
    BINDINGS = [Binding("f2", "save", "Save"), Binding("f3", "submit", "Submit")]

    def __init__(self, compact: bool = False) -> None:
        super().__init__()
        self.can_submit = True
        self.compact = compact

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield KeyFooter(compact=self.compact)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "submit":
            return True if self.can_submit else None  # None: shown, greyed out
        return True

    def action_save(self) -> None: ...

    def action_submit(self) -> None: ...


def keys(app: App) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def shown(app: App) -> list[str]:
    return [k.key for k in keys(app) if not k.has_class("-command-palette")]


def test_same_keys_are_not_rebuilt_and_changed_keys_are() -> None:
    async def go() -> None:
        app = KeysApp()
        async with app.run_test() as pilot:
            await pilot.pause()
            assert shown(app) == ["f2", "f3"]
            before = keys(app)
            app.screen.query_one("#b", Input).focus()  # a bindings signal, same keys
            app.refresh_bindings()
            await pilot.pause()
            assert keys(app) == before
            app.can_submit = False  # submit disabled: the footer must show it
            app.refresh_bindings()
            await pilot.pause()
            assert keys(app) != before
            assert shown(app) == ["f2", "f3"]
            assert [k.key for k in keys(app) if k.has_class("-disabled")] == ["f3"]
            assert not any(
                k.has_class("-compact") for k in keys(app) if not k.has_class("-command-palette")
            )

    asyncio.run(go())


def test_compact_footer_keys_are_compact() -> None:
    async def go() -> None:
        app = KeysApp(compact=True)
        async with app.run_test() as pilot:
            await pilot.pause()
            assert shown(app) == ["f2", "f3"]
            assert all(k.has_class("-compact") for k in keys(app))

    asyncio.run(go())


class ManyKeysApp(KeysApp):
    BINDINGS = [Binding(f"f{n}", f"part({n})", f"Simpan bagian nomor {n}") for n in range(2, 10)]


@pytest.mark.parametrize("compact", [False, True])
def test_a_key_that_does_not_fit_is_not_drawn_cut(compact: bool) -> None:
    """At 80 columns eight long keys do not fit: the last ones go whole, none is cut
    mid-word behind the palette's key; wider, they all come back. The compact footer
    (the stage screens') puts a space between keys: it counts."""

    async def go() -> None:
        app = ManyKeysApp(compact=compact)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            footer = app.screen.query_one(KeyFooter)
            palette = [k for k in keys(app) if k.has_class("-command-palette")]
            limit = palette[0].region.x if palette else footer.region.right
            drawn = [k for k in keys(app) if k.display and k not in palette]
            assert 0 < len(drawn) < 8
            assert all(k.region.right <= limit for k in drawn)
            assert [k.key for k in drawn] == [f"f{n}" for n in range(2, 2 + len(drawn))]
            await pilot.resize_terminal(250, 24)
            await pilot.pause()
            await pilot.pause()
            assert all(k.display for k in keys(app))

    asyncio.run(go())
