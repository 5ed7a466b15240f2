"""Progress: a text chart of stage progress, the participants × stages matrix with
states in words, who is late, and the score distribution once marks exist."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from diklat.domain.workflow import STAGES, State, stage_label
from diklat.i18n import t
from diklat.services.progress import Progress, progress
from diklat.textsafe import literal, visible
from diklat.tui.screens.coordinator.base import CoordTab, bar
from diklat.tui.widgets.matrix import Matrix
from diklat.tui.widgets.status import state_text


class ProgressTab(CoordTab):
    FOCUS = "#prog-matrix"
    BINDINGS = [Binding("p", "paper", "key.coord_paper")]
    data: Progress | None = None  # what is shown, once loaded

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="prog-scroll"):
            # One Static for the summary and the chart, one for who is late and the
            # scores: fewer widgets to lay out and draw (issue 6, screens).
            yield Static(t("coord.loading_short"), id="prog-summary", classes="chart")
            yield Static(t("coord.progress.matrix"), classes="panel-title")
            yield Matrix(id="prog-matrix", zebra_stripes=True, selectable=False)
            yield Static("", id="prog-late", classes="chart")

    def on_mount(self) -> None:
        self.query_one("#prog-matrix", Matrix).set_columns(
            [
                t("coord.col.ndh"),
                t("coord.col.name"),
                *(t(f"coord.stage_short.{stage.value}") for stage in STAGES),
                t("coord.col.late"),
            ]
        )
        self.load()

    def action_paper(self) -> None:
        """Stages done on paper, approved for many participants at once."""
        from diklat.tui.navigation import open_screen

        open_screen(self.app, "paper", self.code, callback=self._paper_done)

    def _paper_done(self, result) -> None:
        if result is None:
            return
        self.status(
            t(
                "paper.done",
                cohort=result.cohort_code,
                approved=result.approved,
                already=result.already,
                participants=result.participants,
            )
        )
        self.screen.changed()

    def load(self) -> None:
        super().load()
        self.call(progress, self.screen.db, self.screen.actor, self.code, done=self.show)

    def show(self, data: Progress) -> None:
        self.data = data
        n = len(data.participants)
        late_people = data.late_people
        chart = Text()
        chart.append(
            t(
                "coord.progress.summary",
                participants=n,
                late=len(late_people),
                with_final=data.with_final,
            )
            + "\n",
            style="bold",
        )
        width = max(len(t(f"coord.stage_short.{s.value}")) for s in STAGES)
        for stage in STAGES:
            counts = data.counts[stage]
            approved = counts[State.APPROVED]
            chart.append(f"{t(f'coord.stage_short.{stage.value}'):<{width}} ")
            chart.append(bar(approved, n, 12), style="bold")
            chart.append(" " + t("coord.progress.approved", approved=approved, total=n))
            # Only the states somebody is in, to keep the line short; the words are always there.
            for state, key in (
                (State.SUBMITTED, "submitted"),
                (State.REVISION_REQUESTED, "revision"),
                (State.DRAFT, "draft"),
                (State.NOT_STARTED, "not_started"),
            ):
                if counts[state]:
                    chart.append(" · " + t(f"coord.progress.count_{key}", count=counts[state]))
            if data.late_by_stage[stage]:
                chart.append(
                    " · " + t("coord.progress.count_late", count=data.late_by_stage[stage]),
                    style="bold",
                )
            chart.append("\n")
        chart.rstrip()
        self.query_one("#prog-summary", Static).update(chart)
        rows = []
        for p in data.participants:
            name = literal(p.name)
            if p.status != "active":
                name.append(" (" + t(f"recap.status.{p.status}") + ")", style="italic")
            cells = []
            for stage in STAGES:
                cell = state_text(p.states[stage])
                if stage in p.late:
                    cell.append(" ⚠", style="bold")
                cells.append(cell)
            late_stages = ", ".join(t(f"coord.stage_short.{st.value}") for st in p.late) or "-"
            rows.append((str(p.enrolment_id), [str(p.ndh), name, *cells, late_stages]))
        self.query_one("#prog-matrix", Matrix).set_rows(rows)
        notes = Text()  # who is late, then the score distribution
        late = notes
        if late_people:
            late.append(t("coord.progress.late_title", count=len(late_people)) + "\n", style="bold")
            for p in late_people:
                stages = ", ".join(stage_label(s, data.project_term) for s in p.late)
                late.append(
                    t(
                        "coord.progress.late_line",
                        ndh=p.ndh,
                        name=visible(p.name),
                        stages=stages,
                        coach=visible(p.coach or "-"),
                    )
                    + "\n"
                )
        else:
            late.append(t("coord.progress.none_late") + "\n")
        dist = notes
        if data.with_final:
            dist.append(
                t("coord.progress.distribution", count=data.with_final) + "\n", style="bold"
            )
            most = max(n for _, n in data.distribution) or 1
            for label, count in data.distribution:
                if count or label.startswith(("6", "7", "8", "9")):
                    dist.append(f"{label:>8} {bar(count, most, 20)} {count}\n")
        else:
            dist.append(t("coord.progress.no_scores"))
        dist.rstrip()
        self.query_one("#prog-late", Static).update(notes)
