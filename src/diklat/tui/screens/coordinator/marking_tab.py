"""Marking completeness: per component the marks expected and received and the flags
over the tolerance; per marker what is missing (NDH); O opens moderation on this cohort."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from diklat.i18n import t
from diklat.services.marking_status import MarkingCompleteness, marking_completeness
from diklat.textsafe import literal
from diklat.tui.screens.coordinator.base import CoordTab, bar

MAX_NDH_SHOWN = 12


class MarkingTab(CoordTab):
    FOCUS = "#mk-markers"
    BINDINGS = [Binding("o", "moderation", "key.coord_moderation")]
    data: MarkingCompleteness | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("coord.loading_short"), id="mk-summary", classes="chart")
        yield DataTable(id="mk-markers", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#mk-markers", DataTable)
        for key in ("component", "role", "marker", "received", "missing"):
            # Component labels are long ("Implementasi dan Seminar Laporan …"): cut, so
            # the marker and what is missing stay in sight at 80 columns.
            width = {"component": 22, "marker": 18}.get(key)
            table.add_column(t(f"coord.marking.col.{key}"), key=key, width=width)

    def load(self) -> None:
        super().load()
        self.call(
            marking_completeness, self.screen.db, self.screen.actor, self.code, done=self.show
        )

    def show(self, data: MarkingCompleteness) -> None:
        self.data = data
        text = Text()
        key = "coord.marking.complete" if data.complete else "coord.marking.incomplete"
        text.append(t(key, missing=data.missing, flagged=data.flagged) + "\n", style="bold")
        width = max((len(c.label) for c in data.components), default=0)
        for c in data.components:
            text.append_text(literal(f"{c.label:<{min(width, 28)}.28} "))
            text.append(bar(c.received, c.expected, 10), style="bold")
            text.append(" " + t("coord.marking.line", received=c.received, expected=c.expected))
            if c.flagged:
                text.append(" · " + t("coord.marking.flagged", count=c.flagged), style="bold")
            if c.settled:
                text.append(" · " + t("coord.marking.settled", count=c.settled))
            text.append("\n")
        text.rstrip()
        self.query_one("#mk-summary", Static).update(text)
        table = self.query_one("#mk-markers", DataTable)
        table.clear()
        for n, line in enumerate(data.markers):
            if line.marker_id is not None:
                who = literal(line.marker)
            elif line.role.value in ("coordinator", "admin"):
                who = Text(t("coord.marking.any_coordinator"))
            else:
                who = Text(t("coord.marking.unassigned"), style="bold")
            missing = ", ".join(str(m.ndh) for m in line.missing[:MAX_NDH_SHOWN])
            if len(line.missing) > MAX_NDH_SHOWN:
                missing += " …"
            table.add_row(
                literal(line.label, overflow="ellipsis", no_wrap=True),
                t(f"role.{line.role.value}"),
                who,
                f"{line.received}/{line.expected}",
                t("coord.marking.ndh", list=missing) if missing else "✓",
                key=str(n),
            )

    def action_moderation(self) -> None:
        from diklat.tui.navigation import open_screen

        if self.screen.cohort_id is not None:
            open_screen(self.app, "moderation", self.screen.cohort_id)
