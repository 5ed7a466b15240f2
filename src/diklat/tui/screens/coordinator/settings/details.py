"""Pengaturan › Rincian: the cohort's name, programme, project term, intake, period and
institution (``diklat cohort edit``). Saved with the version it was read at: a change
made meanwhile by someone else is refused, not overwritten."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from diklat.i18n import t
from diklat.services import institutions
from diklat.services.cohort_admin import (
    CohortChanges,
    CohortSettings,
    cohort_settings,
    update_cohort,
)
from diklat.textsafe import visible
from diklat.tui import format as fmt
from diklat.tui.screens.base import typed_day
from diklat.tui.screens.coordinator.base import CoordTab

TERMS = ("proyek perubahan", "aksi perubahan")
TEXT_FIELDS = ("name", "program", "angkatan", "start", "end")
MAX_LENGTH = {"name": 300, "program": 200, "angkatan": 40, "start": 10, "end": 10}


def short(label: str, width: int = 44) -> str:
    """A choice's label on one line of a narrow screen."""
    return label if len(label) <= width else label[: width - 1] + "…"


class DetailsSection(CoordTab):
    FOCUS = "#set-name"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.settings: CohortSettings | None = None
        self.choices: dict[str, str] = {}  # institution code -> its label in the list

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for key in ("name", "program", "angkatan", "start", "end"):
                with Horizontal(classes="form-row"):
                    yield Static(t(f"cohort_new.field.{key}"), classes="field-label")
                    yield Input(id=f"set-{key}", max_length=MAX_LENGTH[key], compact=True)
            with Horizontal(classes="form-row"):
                yield Static(t("cohort_new.field.term"), classes="field-label")
                yield Select(
                    [(x, x) for x in TERMS], allow_blank=False, id="set-term", compact=True
                )
            with Horizontal(classes="form-row"):
                yield Static(t("cohort_new.field.institution"), classes="field-label")
                yield Select(
                    [],
                    prompt=t("cohort_new.no_institution"),
                    id="set-institution",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Button(
                    t("settings.details.save"),
                    id="set-details-save",
                    variant="primary",
                    compact=True,
                )
            yield Static("", id="set-details-note", classes="note")

    def load(self) -> None:
        super().load()
        self.call(
            institutions.list_institutions, self.coord.db, self.coord.actor, done=self._institutions
        )

    def _institutions(self, rows) -> None:
        self.choices = {r.code: visible(short(f"{r.code} — {r.name}")) for r in rows}
        self.query_one("#set-institution", Select).set_options(
            (label, code) for code, label in self.choices.items()
        )
        self.call(cohort_settings, self.coord.db, self.coord.actor, self.code, done=self.fill)

    def fill(self, settings: CohortSettings) -> None:
        self.settings = settings
        values = {
            "name": settings.name,
            "program": settings.program_name,
            "angkatan": settings.angkatan,
            "start": fmt.day(settings.start),
            "end": fmt.day(settings.end),
        }
        for key, value in values.items():
            self.query_one(f"#set-{key}", Input).value = visible(value)
        term = self.query_one("#set-term", Select)
        if settings.project_term not in TERMS:  # a term set from the command line
            term.set_options([(visible(x), x) for x in (*TERMS, settings.project_term)])
        term.value = settings.project_term
        inst = self.query_one("#set-institution", Select)
        if settings.institution_code and settings.institution_code not in self.choices:
            # Not in the list read a moment ago (added meanwhile): shown by its code.
            self.choices[settings.institution_code] = visible(settings.institution_code)
            inst.set_options((label, code) for code, label in self.choices.items())
        if settings.institution_code:
            inst.value = settings.institution_code
        else:
            inst.clear()
        self.query_one("#set-details-note", Static).update(
            t("settings.details.note", version=settings.version)
        )

    def _day(self, key: str):
        field = self.query_one(f"#set-{key}", Input)
        return typed_day(self, field, t(f"cohort_new.field.{key}"))

    @on(Button.Pressed, "#set-details-save")
    def save(self) -> None:
        if self.settings is None:
            return
        start = self._day("start")
        end = self._day("end") if start is not None else None
        if start is None or end is None:
            return
        value = {key: self.query_one(f"#set-{key}", Input).value for key in TEXT_FIELDS}
        institution = self.query_one("#set-institution", Select).value
        changes = CohortChanges(
            name=value["name"],
            program_name=value["program"],
            project_term=str(self.query_one("#set-term", Select).value),
            angkatan=value["angkatan"],
            start=start,
            end=end,
            institution_code="" if institution is Select.NULL else str(institution),
        )
        self.call(
            update_cohort,
            self.coord.db,
            self.coord.actor,
            self.code,
            changes,
            expected_version=self.settings.version,
            done=self.saved,
        )

    def saved(self, settings: CohortSettings) -> None:
        self.fill(settings)
        self.status(t("settings.details.saved", code=settings.code))
        self.coord.changed()
