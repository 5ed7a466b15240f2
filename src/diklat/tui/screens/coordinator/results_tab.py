"""Results: the table exactly as the graduation list orders it, and the cohort's
release, lock (and unlock with a reason) and close."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Static

from diklat.i18n import t
from diklat.services import cohort_admin, results
from diklat.services.graduation import CohortResults, cohort_results
from diklat.textsafe import literal, visible
from diklat.tui import format as fmt
from diklat.tui.screens.base import describe
from diklat.tui.screens.coordinator.base import CoordTab


class ResultsTab(CoordTab):
    FOCUS = "#res-table"
    BINDINGS = [
        # One key, two words: the footer names what the key does to this cohort now
        # (check_action shows the one that applies), as the buttons do.
        Binding("ctrl+r", "release", "key.coord_release"),
        Binding("ctrl+r", "withdraw", "key.coord_withdraw"),
        Binding("ctrl+k", "lock", "key.coord_lock"),
        Binding("ctrl+o", "unlock", "key.coord_unlock"),
        Binding("ctrl+o", "reopen", "key.coord_reopen"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(t("coord.loading_short"), id="res-state")
        yield DataTable(id="res-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="res-detail", classes="panel-note")
        with Horizontal(id="res-actions", classes="actions"):
            yield Button(t("coord.results.release"), id="res-release", variant="primary")
            yield Button(t("coord.results.lock"), id="res-lock")
            yield Button(t("coord.results.unlock"), id="res-unlock")
            yield Button(t("coord.results.close"), id="res-close")

    def load(self) -> None:
        super().load()
        self.call(cohort_results, self.screen.db, self.screen.actor, self.code, done=self.show)

    def show(self, res: CohortResults) -> None:
        self.data = res
        meta = res.meta
        state = Text()
        state.append(
            ("✓ " + t("coord.released_on", date=fmt.day(meta.released_at)))
            if meta.released_at
            else ("· " + t("coord.not_released")),
            style="bold",
        )
        state.append("  ·  ")
        state.append(
            ("■ " + t("coord.locked")) if meta.locked_at else ("□ " + t("coord.unlocked")),
            style="bold",
        )
        if meta.status == "closed":
            state.append("  ·  ")
            state.append(t("cohort.status.closed"), style="bold")
        state.append(
            "\n"
            + t(
                "graduation.summary",
                participants=len(res.rows),
                graduates=res.graduates,
                best=res.best,
            )
        )
        if meta.default_rules:
            state.append("  " + t("graduation.rules_default"), style="italic")
        self.query_one("#res-state", Static).update(state)
        table = self.query_one("#res-table", DataTable)
        table.clear(columns=True)
        comps = res.rules.components
        for key in ("no", "ndh", "name"):
            table.add_column(t(f"coord.col.{key}"), key=key)
        for c in comps:
            table.add_column(literal(c.code), key=f"c-{c.code}")
        for key in ("final", "qualification", "rank", "status", "remarks"):
            table.add_column(t(f"coord.col.{key}"), key=key)
        for r in res.rows:
            passed = (
                Text("✓ " + t("coord.passed"), style="bold")
                if r.passed
                else Text("✗ " + t("coord.not_passed"))
            )
            remarks = r.remarks()
            table.add_row(
                str(r.no),
                str(r.ndh),
                literal(r.name),
                *(
                    fmt.decimal(r.components.get(c.code)) + ("*" if c.code in r.moderated else "")
                    for c in comps
                ),
                fmt.decimal(r.final),
                r.qualification_text() or "-",
                str(r.rank) if r.rank else "",
                passed,
                literal(remarks[:60] + ("…" if len(remarks) > 60 else "")),
                key=str(r.enrolment_id),
            )
        self.query_one("#res-release", Button).label = (
            t("coord.results.withdraw") if meta.released_at else t("coord.results.release")
        )
        self.query_one("#res-lock", Button).disabled = meta.locked_at is not None
        unlock = self.query_one("#res-unlock", Button)
        unlock.disabled = meta.locked_at is None
        # A closed cohort's unlock opens it again: the button says so.
        unlock.label = t(
            "coord.results.reopen" if meta.status == "closed" else "coord.results.unlock"
        )
        self.query_one("#res-close", Button).disabled = meta.status == "closed"
        self.screen.refresh_bindings()

    @on(DataTable.RowHighlighted, "#res-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        data = getattr(self, "data", None)
        if data is None or event.row_key is None:
            return
        row = next((r for r in data.rows if str(r.enrolment_id) == event.row_key.value), None)
        if row is None:
            return
        text = Text()
        text.append(
            f"{visible(row.name)} (NDH {row.ndh}, NIP {visible(row.nip_grouped)})\n", style="bold"
        )
        text.append(t("coord.results.attendance", attended=row.attended, scheduled=row.scheduled))
        if row.certificate_no:
            text.append(
                "  ·  " + t("coord.results.certificate", number=visible(row.certificate_no))
            )
        if row.remarks():
            text.append("\n" + visible(row.remarks(), multiline=True))
        self.query_one("#res-detail", Static).update(text)

    def _done(self, key: str):
        def done(_result) -> None:
            self.status(t(key, code=self.code))
            self.screen.changed()

        return done

    def _failed(self, exc) -> None:
        self.status(describe(exc), error=True)

    @on(Button.Pressed, "#res-release")
    def release(self) -> None:
        from diklat.tui.widgets.confirm import ConfirmScreen

        data = getattr(self, "data", None)
        if data is None:
            return
        cohort_id = data.meta.id
        if data.meta.released_at is None:
            question = t(
                "moderation.release_confirm",
                cohort=self.code,
                participants=len(data.rows),
                with_final=data.with_final,
            )
            fn, ok, label = results.release, "coord.results.released", t("moderation.release_yes")
        else:
            question = t("moderation.withdraw_confirm", cohort=self.code)
            fn, ok, label = (
                results.withdraw_release,
                "coord.results.withdrawn",
                t("moderation.withdraw_yes"),
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(
                    fn,
                    self.screen.db,
                    self.screen.actor,
                    cohort_id,
                    done=self._done(ok),
                    failed=self._failed,
                )

        self.app.push_screen(ConfirmScreen(question, yes=label), answered)

    @on(Button.Pressed, "#res-lock")
    def lock(self) -> None:
        from diklat.tui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(
                    cohort_admin.lock_cohort,
                    self.screen.db,
                    self.screen.actor,
                    self.code,
                    done=self._done("coord.results.locked_done"),
                    failed=self._failed,
                )

        self.app.push_screen(
            ConfirmScreen(
                t("coord.results.lock_confirm", code=self.code), yes=t("coord.results.lock")
            ),
            answered,
        )

    @on(Button.Pressed, "#res-unlock")
    def unlock(self) -> None:
        """Unlock with a reason; a closed cohort is reopened by it, which the question
        says and the person confirms by answering (never a silent reopening, never a
        refusal that names a command-line flag)."""
        from diklat.tui.widgets.confirm import AskText

        data = getattr(self, "data", None)
        reopen = data is not None and data.meta.status == "closed"
        if data is not None and data.meta.locked_at is None:
            return

        def answered(reason: str | None) -> None:
            if reason is not None:
                self.call(
                    cohort_admin.unlock_cohort,
                    self.screen.db,
                    self.screen.actor,
                    self.code,
                    reason,
                    reopen=reopen,
                    done=self._done(
                        "coord.results.reopened_done" if reopen else "coord.results.unlocked_done"
                    ),
                    failed=self._failed,
                )

        key = "reopen" if reopen else "unlock"
        self.app.push_screen(
            AskText(
                t(f"coord.results.{key}_question", code=self.code),
                ok=t(f"coord.results.{key}"),
                placeholder=t("coord.results.reason"),
            ),
            answered,
        )

    @on(Button.Pressed, "#res-close")
    def close(self) -> None:
        from diklat.tui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(
                    cohort_admin.close_cohort,
                    self.screen.db,
                    self.screen.actor,
                    self.code,
                    done=self._done("coord.results.closed_done"),
                    failed=self._failed,
                )

        self.app.push_screen(
            ConfirmScreen(
                t("coord.results.close_confirm", code=self.code), yes=t("coord.results.close")
            ),
            answered,
        )

    def action_release(self) -> None:
        self.release()

    def action_lock(self) -> None:
        self.lock()

    def action_withdraw(self) -> None:
        self.release()

    def action_unlock(self) -> None:
        self.unlock()

    def action_reopen(self) -> None:
        self.unlock()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        data = getattr(self, "data", None)
        if action in ("release", "withdraw"):
            released = data is not None and data.meta.released_at is not None
            return released == (action == "withdraw")
        if action in ("unlock", "reopen"):
            closed = data is not None and data.meta.status == "closed"
            return closed == (action == "reopen")
        return True
