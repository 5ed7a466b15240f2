"""The coordinator's moderation of flagged components, and the release of results."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select, Static, TextArea

from diklat import textsafe
from diklat.domain.errors import DomainError
from diklat.domain.scoring import round_half_up
from diklat.i18n import t
from diklat.services import moderation, results
from diklat.services.marking import SettlementView
from diklat.services.moderation import FlaggedComponent, ModerationList
from diklat.services.results import ReleaseInfo
from diklat.textsafe import literal, visible
from diklat.tui import format as fmt
from diklat.tui.screens.base import ServiceScreen, describe
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar


class ModerationScreen(ServiceScreen):
    CSS_PATH = "review.tcss"
    HELP_KEY = "help.moderation"
    BINDINGS = [
        Binding("ctrl+s", "settle", "key.moderation_settle", priority=True),
        Binding("ctrl+r", "release", "key.moderation_release", priority=True),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, cohort_id: int | None = None) -> None:
        """``cohort_id``: the cohort to show first (the cohort screen's jump to moderation)."""
        super().__init__()
        self.cohorts: list[tuple[int, str, str]] = []
        self.cohort_id: int | None = None
        self.first = cohort_id
        self.data: ModerationList | None = None
        self.info: ReleaseInfo | None = None
        self.selected: FlaggedComponent | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="moderation"):
            yield Static(t("moderation.title"), classes="panel-title")
            yield Select([], prompt=t("moderation.pick_cohort"), id="mod-cohort")
            yield Static("", id="mod-release", classes="panel-note")
            yield DataTable(id="mod-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="mod-detail", classes="stage-detail")
            with Horizontal(id="mod-form"):
                with Vertical(id="mod-score-box"):
                    yield Label(t("moderation.score"), classes="field-label")
                    yield Input(placeholder=t("marking.direct_placeholder"), id="mod-score")
                with Vertical(id="mod-reason-box"):
                    yield Label(t("moderation.reason"), classes="field-label")
                    yield TextArea(id="mod-reason", soft_wrap=True)
            yield StatusLine(t("home.loading"), id="mod-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#mod-table", DataTable)
        for key in ("participant", "ndh", "component", "marks", "spread", "state"):
            table.add_column(t(f"moderation.col.{key}"), key=key)
        self.call(results.coordinated_cohorts, self.db, self.actor, done=self._cohorts)

    def _cohorts(self, cohorts: list[tuple[int, str, str]]) -> None:
        self.cohorts = cohorts
        select = self.query_one("#mod-cohort", Select)
        select.set_options([(literal(f"{code} — {name}"), cid) for cid, code, name in cohorts])
        if cohorts:
            ids = [cid for cid, _, _ in cohorts]
            select.value = self.first if self.first in ids else cohorts[0][0]
        else:
            self.status(t("moderation.no_cohorts"), error=True)

    @on(Select.Changed, "#mod-cohort")
    def cohort_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        self.cohort_id = int(event.value)
        self.load()

    def load(self, message: str | None = None, *, error: bool = False) -> None:
        if self.cohort_id is None:
            return
        cohort_id = self.cohort_id

        def fetch():
            return moderation.moderation_list(self.db, self.actor, cohort_id), results.release_info(
                self.db, self.actor, cohort_id
            )

        def show(pair) -> None:
            self.data, self.info = pair
            self._show()
            if message:
                self.status(message, error=error)

        self.call(fetch, done=show)

    def _show(self) -> None:
        data, info = self.data, self.info
        release = Text()
        if info.released_at:
            release.append(
                "✓ " + t("moderation.released", date=fmt.moment(info.released_at)), style="bold"
            )
        else:
            release.append("· " + t("moderation.not_released"), style="bold")
        release.append(
            "\n"
            + t(
                "moderation.release_facts",
                participants=info.participants,
                with_final=info.with_final,
                flagged=info.flagged,
                tolerance=fmt.mark(data.tolerance),
            )
        )
        self.query_one("#mod-release", Static).update(release)
        table = self.query_one("#mod-table", DataTable)
        table.clear()
        for i, item in enumerate(data.items):
            table.add_row(
                literal(item.participant),
                str(item.ndh),
                literal(item.label),
                " / ".join(fmt.mark(m.score) for m in item.marks),
                fmt.mark(item.spread),
                self._state_text(item),
                key=str(i),
            )
        self.selected = None
        self.query_one("#mod-detail", Static).update(
            t("moderation.pick_row") if data.items else t("moderation.none")
        )
        # nothing to settle: no form to fill
        self.query_one("#mod-form").display = bool(data.items)
        self.status(t("moderation.summary", open=data.open, total=len(data.items)))
        if data.items:
            table.focus()

    @staticmethod
    def _state_text(item: FlaggedComponent) -> Text:
        if item.state == "settled" and item.settlement:
            return Text(
                "✓ " + t("moderation.state.settled", score=fmt.mark(item.settlement.score)),
                style="bold",
            )
        return Text("⚠ " + t("moderation.state.flagged"), style="bold reverse")

    @on(DataTable.RowHighlighted, "#mod-table")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.data is None or event.row_key is None:
            return
        item = self.data.items[int(event.row_key.value)]
        self.selected = item
        text = Text()
        text.append(f"{visible(item.participant)} · {visible(item.label)}\n", style="bold")
        for mark in item.marks:
            text.append(
                f"  {visible(mark.marker)} ({t(f'role.{mark.marker_role.value}')}): ",
                style="italic",
            )
            text.append(fmt.mark(mark.score), style="bold")
            if mark.rubric_code:
                text.append(
                    f" · {t('marking.with_rubric', code=visible(mark.rubric_code), version=mark.rubric_version)}"
                )
            text.append(f" · {fmt.moment(mark.updated_at)}\n")
        mean = sum(m.score for m in item.marks) / len(item.marks)
        text.append(t("moderation.mean", mean=fmt.mark(round_half_up(mean))) + "\n")
        if item.settlement:
            text.append(self._settlement_line(item.settlement))
        self.query_one("#mod-detail", Static).update(text)
        score = self.query_one("#mod-score", Input)
        reason = self.query_one("#mod-reason", TextArea)
        if item.settlement and not score.value and not reason.text:
            score.value = fmt.mark(item.settlement.score)
            reason.text = visible(
                item.settlement.reason, multiline=True
            )  # an editor shows controls raw

    @staticmethod
    def _settlement_line(settlement: SettlementView) -> Text:
        text = textsafe.message(
            "moderation.settled_line",
            score=fmt.mark(settlement.score),
            by=settlement.by,
            date=fmt.moment(settlement.at),
            reason=settlement.reason,
        )
        if not settlement.current:
            text.append("\n" + t("moderation.settlement_outdated"), style="bold")
        return text

    def action_settle(self) -> None:
        item = self.selected
        if item is None:
            self.status(t("moderation.pick_row"), error=True)
            return
        score = self.query_one("#mod-score", Input).value
        reason = self.query_one("#mod-reason", TextArea).text

        def done(view: SettlementView) -> None:
            self.query_one("#mod-score", Input).value = ""
            self.query_one("#mod-reason", TextArea).text = ""
            self.load(
                t(
                    "moderation.saved",
                    participant=item.participant,
                    component=item.label,
                    score=fmt.mark(view.score),
                )
            )

        def failed(exc: DomainError) -> None:
            # the typed score and reason stay in the form
            self.load(describe(exc), error=True)

        self.call(
            moderation.settle,
            self.db,
            self.actor,
            item.enrolment_id,
            item.component,
            score=score,
            reason=reason,
            expected_version=item.settlement.version if item.settlement else None,
            done=done,
            failed=failed,
        )

    def action_release(self) -> None:
        info = self.info
        if info is None:
            return
        from diklat.tui.widgets.confirm import ConfirmScreen

        if info.released_at is None:
            question = t(
                "moderation.release_confirm",
                cohort=info.cohort_code,
                participants=info.participants,
                with_final=info.with_final,
            )
            fn, label, ok = results.release, t("moderation.release_yes"), "moderation.release_done"
        else:
            question = t("moderation.withdraw_confirm", cohort=info.cohort_code)
            fn, label, ok = (
                results.withdraw_release,
                t("moderation.withdraw_yes"),
                "moderation.withdraw_done",
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(
                    fn,
                    self.db,
                    self.actor,
                    info.cohort_id,
                    expected_version=info.version,
                    done=lambda _: self.load(t(ok, cohort=info.cohort_code)),
                    failed=lambda exc: self.load(describe(exc), error=True),
                )

        self.app.push_screen(ConfirmScreen(question, yes=label), answered)
