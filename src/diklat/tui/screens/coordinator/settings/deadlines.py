"""Pengaturan › Batas waktu: one date per stage (``diklat cohort deadline``), all saved
in one transaction; an emptied field removes that stage's deadline. A participant's own
later date is an extension (the next section)."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from diklat.domain.workflow import STAGES, Stage
from diklat.i18n import t
from diklat.services.cohort_admin import CohortSettings, cohort_settings, set_deadlines
from diklat.tui import format as fmt
from diklat.tui.screens.coordinator.base import CoordTab


class DeadlinesSection(CoordTab):
    FOCUS = f"#dl-{STAGES[0].value}"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.settings: CohortSettings | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(t("settings.deadlines.hint"), classes="note")
            for stage in STAGES:
                with Horizontal(classes="form-row"):
                    yield Static(t(f"stage.{stage.value}"), classes="stage-label")
                    yield Input(
                        id=f"dl-{stage.value}",
                        placeholder=t("form.date_placeholder"),
                        max_length=10,
                        compact=True,
                    )
            with Horizontal(classes="form-row"):
                yield Button(
                    t("settings.deadlines.save"), id="dl-save", variant="primary", compact=True
                )

    def load(self) -> None:
        super().load()
        self.call(cohort_settings, self.coord.db, self.coord.actor, self.code, done=self.fill)

    def fill(self, settings: CohortSettings) -> None:
        self.settings = settings
        for stage in STAGES:
            self.query_one(f"#dl-{stage.value}", Input).value = fmt.day(
                settings.deadlines.get(stage), nothing=""
            )

    def _read(self) -> dict[Stage, date | None] | None:
        """The dates that differ from the stored ones; None (and the reason said) when
        a field cannot be read."""
        assert self.settings is not None
        changed: dict[Stage, date | None] = {}
        for stage in STAGES:
            text = self.query_one(f"#dl-{stage.value}", Input).value
            try:
                due = fmt.read_day(text)
            except ValueError:
                self.status(
                    t("settings.deadlines.bad_date", stage=t(f"stage.{stage.value}"), value=text),
                    error=True,
                )
                return None
            if due != self.settings.deadlines.get(stage):
                changed[stage] = due
        return changed

    @on(Button.Pressed, "#dl-save")
    @on(Input.Submitted, "DeadlinesSection Input")
    def save(self) -> None:
        if self.settings is None:
            return
        changed = self._read()
        if changed is None:
            return
        if not changed:
            self.status(t("settings.deadlines.unchanged"))
            return
        self.call(
            set_deadlines,
            self.coord.db,
            self.coord.actor,
            self.code,
            changed,
            expected_version=self.settings.version,
            done=lambda settings: self.saved(settings, len(changed)),
        )

    def saved(self, settings: CohortSettings, count: int) -> None:
        self.fill(settings)
        self.status(t("settings.deadlines.saved", count=count))
        self.coord.changed()
