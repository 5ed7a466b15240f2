"""The reviewer's queue: my participants' stages that I decide on, oldest submission first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Select, Static

from diklat.domain.workflow import STAGES, Stage, State
from diklat.i18n import t
from diklat.services import review
from diklat.services.review import Queue, QueueFilter, QueueItem
from diklat import textsafe
from diklat.textsafe import literal
from diklat.tui.screens.review.base import ServiceScreen, StatusLine
from diklat.tui.screens.review.render import fmt_when
from diklat.tui.widgets.footer import Footer
from diklat.tui.widgets.status import state_text
from diklat.tui.widgets.table import Table

ALL = "all"


class QueueScreen(ServiceScreen):
    CSS_PATH = "review.tcss"
    HELP_KEY = "help.review_queue"
    AUTO_FOCUS = "#queue-table"  # where show() puts it: the footer is drawn once, with the table's keys
    BINDINGS = [
        Binding("enter", "open", "key.review_open", show=True),
        Binding("n", "next", "key.review_next"),
        Binding("m", "mark", "key.review_mark"),
        Binding("b", "bank", "key.comment_bank"),
        Binding("r", "refresh", "key.refresh"),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, flt: QueueFilter | None = None) -> None:
        super().__init__()
        self.filter = flt or QueueFilter()
        self.data: Queue | None = None
        self._cohorts_filled = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="queue"):
            yield Static(t("review.queue.title"), classes="panel-title")
            with Horizontal(id="queue-filters"):
                yield Select([(t("review.queue.all_cohorts"), ALL)], value=ALL, allow_blank=False, id="f-cohort",
                             prompt=t("review.queue.cohort"))
                yield Select(
                    [(t("review.queue.all_stages"), ALL)] + [(t(f"stage.{s.value}"), s.value) for s in STAGES],
                    value=self.filter.stage.value if self.filter.stage else ALL, allow_blank=False, id="f-stage",
                )
                yield Select(
                    [(t("review.queue.waiting"), State.SUBMITTED.value), (t("review.queue.all_states"), ALL)]
                    + [(t(f"state.{s.value}"), s.value) for s in State if s is not State.SUBMITTED],
                    value=self.filter.state.value if self.filter.state else ALL, allow_blank=False, id="f-state",
                )
            yield Static("", id="queue-counts")
            yield Table(id="queue-table", cursor_type="row", zebra_stripes=True)
            yield StatusLine(t("home.loading"), id="queue-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        for key in ("participant", "ndh", "cohort", "stage", "state", "since", "version", "as"):
            table.add_column(t(f"review.queue.col.{key}"), key=key)
        self.load()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.load()

    def load(self) -> None:
        self.call(review.queue, self.db, self.actor, self.filter, done=self.show)

    def show(self, data: Queue) -> None:
        self.data = data
        if not self._cohorts_filled:
            self._cohorts_filled = True
            select = self.query_one("#f-cohort", Select)
            with self.prevent(Select.Changed):
                select.set_options(
                    [(t("review.queue.all_cohorts"), ALL)]
                    + [(textsafe.message("review.queue.cohort_option", code=c.code, waiting=c.waiting), str(c.id)) for c in data.cohorts]
                )
                select.value = str(self.filter.cohort_id) if self.filter.cohort_id else ALL
        counts = "  ·  ".join(
            f"{t(f'state.{s.value}')}: {data.by_state.get(s, 0)}"
            for s in (State.SUBMITTED, State.REVISION_REQUESTED, State.DRAFT, State.APPROVED, State.NOT_STARTED)
        )
        self.query_one("#queue-counts", Static).update(counts)
        table = self.query_one("#queue-table", DataTable)
        table.clear()
        for i, item in enumerate(data.items):
            table.add_row(
                literal(item.participant), str(item.ndh), literal(item.cohort_code), t(f"stage.{item.stage.value}"),
                state_text(item.state), fmt_when(item.since), str(item.version or "–"), t(f"role.{item.role.value}"),
                key=str(i),
            )
        if data.items:
            message = t("review.queue.shown", shown=len(data.items), total=data.total)
        elif self.filter.state is State.SUBMITTED:
            message = t("review.queue.none_waiting")
        else:
            message = t("review.queue.none")
        self.status(message)
        table.focus()

    @on(Select.Changed)
    def filter_changed(self, event: Select.Changed) -> None:
        cohort = self.query_one("#f-cohort", Select).value
        stage = self.query_one("#f-stage", Select).value
        state = self.query_one("#f-state", Select).value
        self.filter = QueueFilter(
            cohort_id=None if cohort in (ALL, Select.NULL) else int(cohort),
            stage=None if stage in (ALL, Select.NULL) else Stage(stage),
            state=None if state in (ALL, Select.NULL) else State(state),
        )
        self.load()

    def _current(self) -> QueueItem | None:
        table = self.query_one("#queue-table", DataTable)
        if self.data is None or not self.data.items or table.cursor_row is None:
            return None
        if 0 <= table.cursor_row < len(self.data.items):
            return self.data.items[table.cursor_row]
        return None

    @on(DataTable.RowSelected, "#queue-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self._current()
        if item is None:
            self.status(t("review.queue.pick_row"), error=True)
            return
        from diklat.tui.screens.review.review import ReviewScreen

        self.app.push_screen(ReviewScreen(item.enrolment_id, item.stage, cohort_id=self.filter.cohort_id))

    def action_next(self) -> None:
        open_next_waiting(self, cohort_id=self.filter.cohort_id)

    def action_mark(self) -> None:
        item = self._current()
        if item is None:
            self.status(t("review.queue.pick_row"), error=True)
            return
        from diklat.tui.screens.review.marking import MarkingScreen

        self.app.push_screen(MarkingScreen(item.enrolment_id))

    def action_bank(self) -> None:
        from diklat.tui.screens.review.bank import CommentBankScreen

        self.app.push_screen(CommentBankScreen())

    def action_refresh(self) -> None:
        self.status(t("home.loading"))
        self.load()


def open_next_waiting(screen: ServiceScreen, *, cohort_id: int | None = None) -> None:
    """Open the oldest submission waiting for the user, or say that none waits."""

    def opened(item: QueueItem | None) -> None:
        if item is None:
            screen.status(t("review.queue.none_waiting"))
            screen.notify(t("review.queue.none_waiting"))
            return
        from diklat.tui.screens.review.review import ReviewScreen

        screen.app.push_screen(ReviewScreen(item.enrolment_id, item.stage, cohort_id=cohort_id))

    screen.call(review.next_waiting, screen.db, screen.actor, cohort_id=cohort_id, done=opened)
