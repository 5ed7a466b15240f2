"""Pengaturan: the cohort's settings, a section at a time (the screen is 24 rows high
at its smallest): details, deadlines, extensions, the grading rules, co-coordinators,
the signatory of its documents and rubrics. Each section is built when first shown and reads its own data; a save
goes through the same services as the command line (``diklat cohort edit|deadline|
extend|staff``, ``diklat rubric import``), so a form is checked exactly like the
command's input, and every change is audited there."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher

from diklat.i18n import t
from diklat.tui.screens.coordinator.base import CoordTab
from diklat.tui.screens.coordinator.settings.deadlines import DeadlinesSection
from diklat.tui.screens.coordinator.settings.details import DetailsSection
from diklat.tui.screens.coordinator.settings.extensions import ExtensionsSection
from diklat.tui.screens.coordinator.settings.rubric import RubricSection
from diklat.tui.screens.coordinator.settings.rules import RulesSection
from diklat.tui.screens.coordinator.settings.signatory import SignatorySection
from diklat.tui.screens.coordinator.settings.staff import StaffSection
from diklat.tui.widgets.tabbar import TabBar

SECTIONS: dict[str, type[CoordTab]] = {
    "details": DetailsSection,
    "deadlines": DeadlinesSection,
    "extensions": ExtensionsSection,
    "rules": RulesSection,
    "staff": StaffSection,
    "signatory": SignatorySection,
    "rubric": RubricSection,
}


class SettingsTab(CoordTab):
    FOCUS = "#set-sections"
    BINDINGS = [Binding("ctrl+s", "save", "key.settings_save")]
    DEFAULT_CSS = """
    SettingsTab { height: 1fr; }
    #set-switcher { height: 1fr; }
    #set-switcher > CoordTab { height: 1fr; }
    SettingsTab .form-row { height: auto; }
    SettingsTab .form-row Input, SettingsTab .form-row Select { width: 1fr; }
    SettingsTab .form-row Button { margin-left: 1; }
    SettingsTab .field-label { width: 24; padding: 0 1 0 0; }
    SettingsTab .stage-label { width: 42; padding: 0 1 0 0; }
    SettingsTab .note { height: auto; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield TabBar(
            [(name, t(f"settings.section.{name}")) for name in SECTIONS],
            active="details",
            id="set-sections",
        )
        with ContentSwitcher(initial="set-details", id="set-switcher"):
            yield DetailsSection(id="set-details")

    @property
    def section(self) -> CoordTab:
        switcher = self.query_one("#set-switcher", ContentSwitcher)
        return switcher.query_one(f"#{switcher.current}", CoordTab)

    def load(self) -> None:
        super().load()
        self.section.load()

    @on(TabBar.Changed, "#set-sections")
    async def section_changed(self, event: TabBar.Changed) -> None:
        event.stop()  # the cohort screen's own bar says which tab is in front
        switcher = self.query_one("#set-switcher", ContentSwitcher)
        pane_id = f"set-{event.name}"
        if not switcher.query_children(f"#{pane_id}"):
            await switcher.mount(SECTIONS[event.name](id=pane_id))
        switcher.current = pane_id
        section = self.section
        if section.stale:
            section.load()

    def action_save(self) -> None:
        """Ctrl+S saves the section in front (its button does the same)."""
        self.section.save()
