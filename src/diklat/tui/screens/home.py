"""Each person's home: their cohorts, where they stand and what waits for them.

One screen serves every role: it shows the panels the person's data calls for
(a participant's stages, a reviewer's waiting list, the cohorts someone runs),
titled for their account role. People who hold several roles see them all.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from diklat.domain.roles import OVERSEERS, STAFF, Role
from diklat.domain.workflow import STAGES, State, stage_label, with_term
from diklat.i18n import has, t
from diklat.services.actor import Actor
from diklat.services.homes import (
    CohortPage,
    Home,
    ParticipantCohort,
    StaffCohort,
    StageStatus,
    home,
    more_cohorts,
)
from diklat.textsafe import literal, message, visible
from diklat.tui import format as fmt
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.navigation import open_screen
from diklat.tui.screens.base import ServiceCalls
from diklat.tui.screens.review.home_actions import ReviewerHomeActions
from diklat.tui.screens.review.results_view import results_text
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.status import state_text
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

# A submission waiting longer than this is counted overdue on the reviewer's home.
REVIEW_OVERDUE_DAYS = 7
# Below this width the participant's stage names are cut to STAGE_WIDTH cells.
NARROW = 100
STAGE_WIDTH = 24


def days_left(status: StageStatus, today: date | None = None) -> int | None:
    """Days to the stage's deadline (its extension if any), negative once past; None
    when the participant has nothing left to do there or there is no deadline."""
    due = status.extended_to or status.deadline
    if due is None or status.next_step in ("done", "wait_review"):
        return None
    return (due - (today or fmt.today())).days


def deadline_text(status: StageStatus) -> Text:
    text = Text(
        t("home.extended", date=fmt.moment(status.extended_to))
        if status.extended_to
        else fmt.moment(status.deadline)
    )
    left = days_left(status)
    if left is not None and left < 0:
        text.append(" " + t("home.overdue", days=-left), style="bold red")
    elif left is not None:
        text.append(" " + t("home.days_left", days=left), style="dim" if left > 7 else "yellow")
    return text


def next_step_text(e: ParticipantCohort) -> str:
    """What the participant can do now. Never "nothing" while a stage can be drafted: a
    stage waiting for the one before it takes a draft already (only submitting waits)."""
    term = e.cohort.project_term
    nxt = e.next_stage
    if nxt is not None:
        return t(f"home.next.{nxt.next_step}", stage=stage_label(nxt.stage, term))
    if all(status.next_step == "done" for status in e.stages):
        return t("home.next.all_done")
    waiting = next((s for s in e.stages if s.next_step == "wait_review"), None)
    draftable = next((s for s in e.stages if s.next_step == "locked"), None)
    if waiting is not None and draftable is not None:
        return t(
            "home.next.draft_meanwhile",
            waiting=stage_label(waiting.stage, term),
            stage=stage_label(draftable.stage, term),
        )
    return t("home.next.none")


def waiting_age(since: datetime) -> int:
    """Whole days a submission has waited (stored moments are naive UTC)."""
    return max(0, (fmt.now() - since).days)


def feedback_text(status: StageStatus) -> str:
    review = status.latest_review
    if review is None:
        return "-"
    first = review.comments[0].text if review.comments else t(f"home.decision.{review.decision}")
    return visible(f"{review.reviewer}: {first}")


class HomeScreen(ServiceCalls, TranslatedBindings, ReviewerHomeActions, Screen[None]):
    BINDINGS = [
        Binding("r", "refresh", "key.refresh"),
        Binding("ctrl+l", "logout", "key.logout"),
        Binding("p", "password", "key.password"),
        Binding("i", "institutions", "key.institutions"),
        Binding("a", "audit", "key.audit"),
        Binding("c", "new_cohort", "key.new_cohort"),
        Binding("u", "accounts", "key.accounts"),
        Binding("d", "my_details", "key.my_details"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.data: Home | None = None

    @property
    def HELP_KEY(self) -> str:  # noqa: N802 - read by the app's F1 action like the class constants
        return f"help.home_{self.actor.role.value}"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="home"):
            yield Static(self._greeting(), id="home-greeting")
            yield StatusLine(t("home.loading"), id="home-status", classes="message")
            yield VerticalScroll(id="home-body")
        yield KeyFooter()

    def _greeting(self) -> Text:
        text = Text()
        text.append_text(message("home.greeting", name=self.actor.name, style="bold"))
        text.append("  ·  " + t(f"home.title.{self.actor.role.value}"))
        return text

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.call(home, self.db, self.actor, done=self.show)

    async def show(self, data: Home) -> None:
        self.data = data
        body = self.query_one("#home-body", VerticalScroll)
        await body.remove_children()  # before mounting the new tables, which reuse the ids
        widgets = []
        for enrolment in data.enrolments:
            widgets.extend(self._participant_panel(enrolment))
        if data.waiting or self.actor.role in STAFF - OVERSEERS:
            widgets.extend(self._waiting_panel(data))
        if data.cohorts:
            widgets.extend(self._cohorts_panel(data))
        if data.user_count is not None:
            widgets.append(
                Static(t("home.admin_users", count=data.user_count), classes="panel-note")
            )
        if not widgets:
            widgets.append(Static(t("home.nothing"), classes="panel-note"))
        await body.mount_all(widgets)
        self.status(self._summary(data))
        first = body.query(DataTable)
        if first:
            first.first().focus()
            row = getattr(self, "_opened_row", None)
            if row is not None:  # back from a stage: keep the cursor on it
                first.first().move_cursor(row=row)

    def _summary(self, data: Home) -> str:
        if data.enrolments:
            return next_step_text(data.enrolments[0])
        if data.waiting:
            return t("home.waiting_count", count=len(data.waiting))
        return ""

    def _participant_panel(self, e: ParticipantCohort) -> list:
        title = Static(
            message("home.enrolment_title", cohort=e.cohort.name, ndh=e.ndh),
            classes="panel-title",
        )
        who = Static(
            message("home.coach_mentor", coach=e.coach or "-", mentor=e.mentor or "-"),
            classes="panel-note",
        )
        table = DataTable(
            id=f"stages-{e.enrolment_id}", cursor_type="row", zebra_stripes=True, classes="stages"
        )
        # The deadline next to the stage, and the stage's name cut on a narrow screen, so
        # that an overdue marker is seen whole at 80 columns (the row's detail below names
        # the stage in full).
        narrow = self.app.size.width < NARROW
        table.add_column(t("home.col.stage"), key="stage", width=STAGE_WIDTH if narrow else None)
        table.add_column(t("home.col.deadline"), key="deadline")
        table.add_column(t("home.col.state"), key="state")
        table.add_column(t("home.col.next"), key="next")
        table.add_column(t("home.col.feedback"), key="feedback")
        for status in e.stages:
            table.add_row(
                Text(
                    stage_label(status.stage, e.cohort.project_term),
                    overflow="ellipsis",
                    no_wrap=True,
                ),
                deadline_text(status),
                state_text(status.state),
                t(f"home.step.{status.next_step}"),
                Text(feedback_text(status), overflow="ellipsis", no_wrap=True),
                key=status.stage.value,
            )
        results = Static(results_text(e), classes="panel-note")
        detail = Static("", id=f"stage-detail-{e.enrolment_id}", classes="stage-detail")
        return [title, who, table, detail, results]

    @on(DataTable.RowHighlighted, ".stages")
    def stage_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.data is None or event.row_key is None:
            return
        enrolment_id = int(event.data_table.id.split("-")[1])
        enrolment = next(e for e in self.data.enrolments if e.enrolment_id == enrolment_id)
        status = next(s for s in enrolment.stages if s.stage.value == event.row_key.value)
        self.query_one(f"#stage-detail-{enrolment_id}", Static).update(
            self._stage_detail(status, enrolment.cohort.project_term)
        )

    @on(DataTable.RowSelected, ".stages")
    def stage_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on one of my stages opens its screen (tui/screens/participant)."""
        from diklat.domain.workflow import Stage
        from diklat.tui.navigation import open_stage

        if event.row_key is not None:
            self._opened_row = event.cursor_row
            open_stage(
                self.app,
                self.actor,
                int(event.data_table.id.split("-")[1]),
                Stage(event.row_key.value),
            )

    @on(DataTable.RowSelected, "#cohorts")
    def cohort_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a cohort I coordinate opens its screen (tui/screens/coordinator)."""
        if self.data is None or event.row_key is None:
            return
        code = event.row_key.value
        staff = next((c for c in self.data.cohorts if c.cohort.code == code), None)
        if staff is None or not OVERSEERS & set(staff.roles):
            self.notify(t("coord.not_coordinator", code=code))
            return
        open_screen(self.app, "cohort", code)

    def on_screen_resume(self) -> None:
        if self.data is not None:  # back from a stage screen: show its new state
            self.load()

    def _stage_detail(self, status: StageStatus, term: str = "") -> Text:
        name = stage_label(status.stage, term)
        text = Text()
        text.append(name, style="bold")
        text.append(" — ")
        text.append_text(state_text(status.state))
        text.append("\n" + t(f"home.step_long.{status.next_step}", stage=name))
        if status.extended_to:
            text.append(
                "\n"
                + t(
                    "home.extended_long",
                    date=fmt.moment(status.extended_to),
                    was=fmt.moment(status.deadline),
                )
            )
        text.append("\n" + t("home.open_hint"), style="italic")
        review = status.latest_review
        if review is not None:
            text.append("\n")
            text.append_text(
                message(
                    "home.review_line",
                    decision=t(f"home.decision.{review.decision}"),
                    reviewer=review.reviewer,
                    date=fmt.moment(review.at),
                    version=review.submission_number,
                )
            )
            if review.recorded_by:
                text.append(" ")
                text.append_text(message("home.recorded_by", name=review.recorded_by))
            for comment in review.comments:
                label = f"doc.{status.stage.value}.{comment.section}"
                section = (
                    f"[{with_term(t(label), term) if has(label) else visible(comment.section)}] "
                    if comment.section
                    else ""
                )
                text.append(f"\n  • {section}")
                text.append_text(literal(comment.text, multiline=True))
        return text

    def _waiting_panel(self, data: Home) -> list:
        overdue = sum(waiting_age(w.since) > REVIEW_OVERDUE_DAYS for w in data.waiting)
        heading = t("home.waiting_title", count=len(data.waiting))
        if overdue:
            heading += " · " + t("home.waiting_overdue", count=overdue, days=REVIEW_OVERDUE_DAYS)
        title = Static(heading, classes="panel-title")
        if not data.waiting:
            return [title, Static(t("home.waiting_none"), classes="panel-note")]
        table = DataTable(id="waiting", cursor_type="row", zebra_stripes=True)
        for key in ("participant", "ndh", "cohort", "stage", "since", "as"):
            table.add_column(t(f"home.col.{key}"), key=key)
        for i, item in enumerate(data.waiting):
            table.add_row(
                literal(item.participant),
                str(item.ndh),
                literal(item.cohort_code),
                stage_label(item.stage, item.project_term),
                fmt.moment(item.since) + " " + t("home.age", days=waiting_age(item.since)),
                t(f"role.{item.role.value}"),
                key=str(i),
            )
        return [title, table]

    def _cohorts_panel(self, data: Home) -> list:
        title = Static(
            t("home.cohorts_title", count=data.cohort_total or len(data.cohorts)),
            classes="panel-title",
        )
        table = DataTable(id="cohorts", cursor_type="row", zebra_stripes=True)
        for key in (
            "code",
            "cohort",
            "period",
            "status",
            "roles",
            "participants",
            "submitted",
            "revision",
            "approved_report",
        ):
            table.add_column(t(f"home.col.{key}"), key=key)
        for sc in data.cohorts:
            self._add_cohort(table, sc)
        self._cohorts_next = data.cohorts_next
        return [title, table]

    @staticmethod
    def _add_cohort(table: DataTable, sc: StaffCohort) -> None:
        c = sc.cohort
        counts = sc.counts
        submitted = sum(counts[s][State.SUBMITTED] for s in STAGES) if counts else None
        revision = sum(counts[s][State.REVISION_REQUESTED] for s in STAGES) if counts else None
        report_done = counts[STAGES[-1]][State.APPROVED] if counts else None
        table.add_row(
            literal(c.code),
            literal(c.name, overflow="ellipsis", no_wrap=True),
            f"{fmt.moment(c.start_date)} – {fmt.moment(c.end_date)}",
            t(f"cohort.status.{c.status}"),
            ", ".join(t(f"role.{r.value}") for r in sc.roles),
            str(sc.assigned),
            "-" if submitted is None else str(submitted),
            "-" if revision is None else str(revision),
            "-" if report_done is None else f"{report_done}/{c.participants}",
            key=c.code,
        )

    # An administrator's cohorts (every cohort) come a page at a time: the next page is
    # read when the cursor nears the end of those shown (issue 6, memory).
    _cohorts_next = None
    _reading_cohorts = False

    @on(DataTable.RowHighlighted, "#cohorts")
    def cohorts_near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if (
            self._cohorts_next is None
            or self._reading_cohorts
            or event.cursor_row < event.data_table.row_count - 20
        ):
            return
        self._reading_cohorts = True
        self.read_more_cohorts(self._cohorts_next)

    @work(thread=True, group="more-cohorts")
    def read_more_cohorts(self, after) -> None:
        try:
            page = more_cohorts(self.app.db, self.actor, after)
        except Exception as exc:  # said on the home, not a traceback; the next try reads again
            self.app.call_from_thread(self._more_failed, exc)
            return
        self.app.call_from_thread(self.add_cohorts, after, page)

    def _more_failed(self, exc: Exception) -> None:
        self._reading_cohorts = False
        self.failed(exc)

    def add_cohorts(self, after, page: CohortPage) -> None:
        self._reading_cohorts = False
        if self.data is None or after != self._cohorts_next or not self.query("#cohorts"):
            return  # the home was read again meanwhile: this page belongs to the old one
        table = self.query_one("#cohorts", DataTable)
        self.data.cohorts.extend(page.cohorts)
        for sc in page.cohorts:
            self._add_cohort(table, sc)
        self._cohorts_next = page.next

    def action_refresh(self) -> None:
        self.status(t("home.loading"))
        self.load()

    def action_logout(self) -> None:
        self.app.log_out()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("institutions", "audit", "new_cohort", "accounts"):  # who runs cohorts
            return self.actor.is_admin or self.actor.role is Role.COORDINATOR
        if action == "my_details":  # staff details come from the staff file
            return self.actor.role is Role.PARTICIPANT
        return super().check_action(action, parameters)

    def action_audit(self) -> None:
        from diklat.tui.screens.coordinator import open_audit

        open_audit(self.app)

    def action_new_cohort(self) -> None:
        open_screen(self.app, "new_cohort")

    def action_institutions(self) -> None:
        open_screen(self.app, "institutions")

    def action_accounts(self) -> None:
        open_screen(self.app, "accounts")

    def action_my_details(self) -> None:
        open_screen(self.app, "my_details")

    def action_password(self) -> None:
        open_screen(self.app, "password", forced=False)
