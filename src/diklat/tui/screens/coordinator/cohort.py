"""One cohort, for its coordinator: a tab per job.

1 progress · 2 participants and staff · 3 import · 4 attendance and conduct ·
5 results · 6 exports. Every service call runs in a worker thread
(``ServiceScreen.call``); imports and exports report progress on a bar while the
screen stays usable. F1 shows the help of the tab in front.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, Input, Static

from diklat.i18n import has, t
from diklat.services.cohort_admin import CohortSettings, cohort_settings
from diklat.textsafe import message, visible
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.screens.coordinator.attendance_tab import AttendanceTab
from diklat.tui.screens.coordinator.base import CoordTab
from diklat.tui.screens.coordinator.exports_tab import ExportsTab
from diklat.tui.screens.coordinator.import_tab import ImportTab
from diklat.tui.screens.coordinator.marking_tab import MarkingTab
from diklat.tui.screens.coordinator.people_tab import PeopleTab
from diklat.tui.screens.coordinator.progress_tab import ProgressTab
from diklat.tui.screens.coordinator.remind_tab import RemindTab
from diklat.tui.screens.coordinator.results_tab import ResultsTab
from diklat.tui.screens.coordinator.settings.tab import SettingsTab
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.tabbar import TabBar
from diklat.tui.widgets.titlebar import TitleBar

TAB_CLASSES: dict[str, type[CoordTab]] = {
    "progress": ProgressTab,
    "people": PeopleTab,
    "import": ImportTab,
    "attendance": AttendanceTab,
    "results": ResultsTab,
    "exports": ExportsTab,
    "marking": MarkingTab,
    "remind": RemindTab,
    "settings": SettingsTab,
}
TABS = tuple(TAB_CLASSES)  # in this order on the bar, keys 1-9


class CohortScreen(ServiceScreen):
    CSS_PATH = "coordinator.tcss"
    AUTO_FOCUS = "#prog-matrix"  # where the progress tab puts it: the footer is drawn once
    BINDINGS = [
        Binding("escape", "back", "key.back"),
        Binding("f5", "refresh", "key.coord_refresh"),
        Binding("k", "visits", "key.coord_visits"),
        *(
            Binding(str(i), f"tab('{name}')", f"key.coord_tab_{name}", show=False)
            for i, name in enumerate(TABS, 1)
        ),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.settings: CohortSettings | None = None

    @property
    def HELP_KEY(self) -> str:  # noqa: N802 - read by the app's F1 action
        return f"help.coord_{self.active.removeprefix('tab-')}"

    def help_text(self) -> str:
        """F1: the help of the tab in front (and of the settings section shown), then the
        keys every tab shares."""
        text = t(self.HELP_KEY)
        if self.active == "tab-settings":
            from diklat.tui.widgets.tabbar import TabBar

            section = f"help.coord_settings_{self.query_one('#set-sections', TabBar).active}"
            text += t(section) if has(section) else ""
        return text + t("help.coord_common")

    @property
    def active(self) -> str:
        """The id of the pane in front: ``tab-progress``, ``tab-people``, …"""
        try:
            return f"tab-{self.query_one('#coord-tabbar', TabBar).active}"
        except Exception:  # before compose
            return "tab-progress"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="coord"):
            yield Static(message("coord.loading", code=self.code), id="coord-title")
            # Only the progress tab is built now; each other tab when first shown
            # (tab_activated): all six made three times the widgets (127, not 41).
            # The tab bar is one widget (Textual's TabbedContent built a dozen for it).
            yield TabBar(
                [(name, t(f"coord.tab.{name}")) for name in TABS],
                active="progress",
                id="coord-tabbar",
            )
            with ContentSwitcher(initial="tab-progress", id="coord-tabs"):
                yield ProgressTab(id="tab-progress", classes="pane")  # each tab is its own pane
            yield StatusLine("", id="coord-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload_settings()

    def reload_settings(self) -> None:
        self.call(cohort_settings, self.db, self.actor, self.code, done=self._settings)

    def _settings(self, settings: CohortSettings) -> None:
        self.settings = settings
        state = []
        state.append(t("coord.released") if settings.released_at else t("coord.not_released"))
        if settings.locked_at:
            state.append(t("coord.locked"))
        if settings.status == "closed":
            state.append(t("cohort.status.closed"))
        self.query_one("#coord-title", Static).update(
            message("coord.title", code=settings.code, name=settings.name, state=" · ".join(state))
        )
        self.sub_title = visible(settings.code)

    @property
    def cohort_id(self) -> int | None:
        return self.settings.id if self.settings else None

    def action_tab(self, name: str) -> None:
        self.query_one("#coord-tabbar", TabBar).active = name

    def action_refresh(self) -> None:
        self.reload_settings()
        for tab in self._tabs():
            tab.load()

    def _tabs(self) -> list[CoordTab]:
        """The tabs built so far (a tab is built when first shown)."""
        return list(self.query(CoordTab))

    @on(TabBar.Changed, "#coord-tabbar")
    async def tab_activated(self, event: TabBar.Changed) -> None:
        switcher = self.query_one(ContentSwitcher)
        pane_id = f"tab-{event.name}"
        panes = switcher.query_children(f"#{pane_id}")
        if panes:
            tab = panes.first(CoordTab)
        else:
            tab = TAB_CLASSES[event.name]()  # (some tabs take no id in their __init__)
            tab.id = pane_id
            tab.add_class("pane")
            await switcher.mount(tab)
        switcher.current = pane_id
        tab.activated()

    def changed(self) -> None:
        """Something was written: every tab shows fresh data next time it is looked at."""
        self.reload_settings()
        for tab in self._tabs():
            tab.stale = True
        active = self.active
        for tab in self._tabs():
            if tab.id == active:
                tab.load()

    def action_visits(self) -> None:
        """The cohort's field visits: planned on their own screen (hosts, groups, letters)."""
        from diklat.tui.navigation import open_screen

        open_screen(self.app, "visits", self.code)

    def action_back(self) -> None:
        """Esc in a text field leaves the field (to the tab bar, where 1–6 and ←/→ switch
        tabs); Esc anywhere else goes back home."""
        if isinstance(self.focused, Input):
            self.query_one("#coord-tabbar", TabBar).focus()
            return
        super().action_back()
