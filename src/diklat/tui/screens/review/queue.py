"""The reviewer's queue: my participants' stages that I decide on, oldest submission first."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from diklat import textsafe
from diklat.domain.workflow import STAGES, Stage, State, stage_label
from diklat.i18n import t
from diklat.services import review
from diklat.services.review import Queue, QueueFilter, QueueItem
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.navigation import screen_class
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.widgets.choice import Choice
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.status import state_text
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

ALL = "all"
WIDTHS = {"participant": 26, "cohort": 12, "stage": 24}


class QueueScreen(ServiceScreen):
    CSS_PATH = "review.tcss"
    HELP_KEY = "help.review_queue"
    AUTO_FOCUS = (
        "#queue-table"  # where show() puts it: the footer is drawn once, with the table's keys
    )
    BINDINGS = [
        Binding("enter", "open", "key.review_open", show=True),
        Binding("1", "filter('f-cohort')", "key.review_filter_cohort", show=False),
        Binding("2", "filter('f-stage')", "key.review_filter_stage", show=False),
        Binding("3", "filter('f-state')", "key.review_filter_state", show=False),
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
        self._loads = 0  # the latest load's number: an earlier one's answer is not shown
        self._reload_on_resume = True

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="queue"):
            yield Static(t("review.queue.title"), classes="panel-title")
            # Choices, not Selects: their options are put on screen only when opened
            # (tui/widgets/choice.py), the cohorts' list up to 1,000 long.
            with Horizontal(id="queue-filters"):
                yield Choice(
                    t("review.queue.cohort"),
                    [(t("review.queue.all_cohorts"), ALL)],
                    ALL,
                    hint="1",
                    id="f-cohort",
                )
                yield Choice(
                    t("review.queue.stage"),
                    [(t("review.queue.all_stages"), ALL)]
                    + [(t(f"stage.{s.value}"), s.value) for s in STAGES],
                    self.filter.stage.value if self.filter.stage else ALL,
                    hint="2",
                    id="f-stage",
                )
                yield Choice(
                    t("review.queue.state"),
                    [
                        (t("review.queue.waiting"), State.SUBMITTED.value),
                        (t("review.queue.all_states"), ALL),
                    ]
                    + [(t(f"state.{s.value}"), s.value) for s in State if s is not State.SUBMITTED],
                    self.filter.state.value if self.filter.state else ALL,
                    hint="3",
                    id="f-state",
                )
            yield Static("", id="queue-counts")
            yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
            yield StatusLine(t("home.loading"), id="queue-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        # The version and the capacity right after the stage, long names and stages cut
        # to their width: all eight columns fit in 120 (the last two were off screen).
        for key in ("participant", "ndh", "cohort", "stage", "version", "as", "state", "since"):
            table.add_column(t(f"review.queue.col.{key}"), key=key, width=WIDTHS.get(key))
        self.load()

    def on_screen_resume(self) -> None:
        # Back from a review or marking: its decision may have changed the queue. Back
        # from a filter's options: the filter, if changed, loads (Choice.Changed).
        if not self._reload_on_resume:
            self._reload_on_resume = True
        elif self.data is not None:
            self.load()

    def load(self) -> None:
        self._loads += 1
        number = self._loads

        def loaded(data: Queue) -> None:
            if number == self._loads:
                self.show(data)

        self.call(review.queue, self.db, self.actor, self.filter, done=loaded)

    def show(self, data: Queue) -> None:
        self.data = data
        if not self._cohorts_filled:
            self._cohorts_filled = True
            self.query_one("#f-cohort", Choice).set_options(
                [(t("review.queue.all_cohorts"), ALL)]
                + [
                    (
                        textsafe.message(
                            "review.queue.cohort_option", code=c.code, waiting=c.waiting
                        ),
                        str(c.id),
                    )
                    for c in data.cohorts
                ],
                str(self.filter.cohort_id) if self.filter.cohort_id else ALL,
            )
        counts = "  ·  ".join(
            f"{t(f'state.{s.value}')}: {data.by_state.get(s, 0)}"
            for s in (
                State.SUBMITTED,
                State.REVISION_REQUESTED,
                State.DRAFT,
                State.APPROVED,
                State.NOT_STARTED,
            )
        )
        self.query_one("#queue-counts", Static).update(counts)
        table = self.query_one("#queue-table", DataTable)
        table.clear()
        for i, item in enumerate(data.items):
            table.add_row(
                literal(item.participant, overflow="ellipsis", no_wrap=True),
                str(item.ndh),
                literal(item.cohort_code, overflow="ellipsis", no_wrap=True),
                Text(stage_label(item.stage, item.project_term), overflow="ellipsis", no_wrap=True),
                str(item.version or "–"),
                t(f"role.{item.role.value}"),
                state_text(item.state),
                fmt.moment(item.since),
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

    def action_filter(self, choice_id: str) -> None:
        self.query_one(f"#{choice_id}", Choice).action_open()

    @on(Choice.Opened)
    def filter_opened(self) -> None:
        self._reload_on_resume = False

    @on(Choice.Changed)
    def filter_changed(self, event: Choice.Changed) -> None:
        cohort = self.query_one("#f-cohort", Choice).value
        stage = self.query_one("#f-stage", Choice).value
        state = self.query_one("#f-state", Choice).value
        self.filter = QueueFilter(
            cohort_id=None if cohort == ALL else int(cohort),
            stage=None if stage == ALL else Stage(stage),
            state=None if state == ALL else State(state),
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
        ReviewScreen = screen_class("review")

        self.app.push_screen(
            ReviewScreen(item.enrolment_id, item.stage, cohort_id=self.filter.cohort_id)
        )

    def action_next(self) -> None:
        open_next_waiting(self, cohort_id=self.filter.cohort_id)

    def action_mark(self) -> None:
        item = self._current()
        if item is None:
            self.status(t("review.queue.pick_row"), error=True)
            return
        MarkingScreen = screen_class("marking")

        self.app.push_screen(MarkingScreen(item.enrolment_id))

    def action_bank(self) -> None:
        CommentBankScreen = screen_class("comment_bank")

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
        ReviewScreen = screen_class("review")

        screen.app.push_screen(ReviewScreen(item.enrolment_id, item.stage, cohort_id=cohort_id))

    screen.call(review.next_waiting, screen.db, screen.actor, cohort_id=cohort_id, done=opened)
