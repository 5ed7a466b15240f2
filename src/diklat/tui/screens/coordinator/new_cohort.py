"""A new cohort, from the home (key C): the fields of ``diklat cohort create``.

The service checks every field (code, name, dates in order, the institution); a
refused form stays as typed and the status line says why. Once created, the cohort's
screen replaces this one (Esc from there goes home, where the cohort is now listed);
its deadlines, rules and staff are set in its Pengaturan tab.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from diklat.i18n import t
from diklat.services import institutions
from diklat.services.cohorts import CohortSummary, create_cohort
from diklat.textsafe import visible
from diklat.tui.navigation import switch_to
from diklat.tui.screens.base import ServiceScreen, typed_day
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

TERMS = ("proyek perubahan", "aksi perubahan")
TEXT_FIELDS = ("code", "name", "program", "angkatan", "start", "end")


class NewCohortScreen(ServiceScreen):
    HELP_KEY = "help.cohort_new"
    AUTO_FOCUS = "#nc-code"
    BINDINGS = [Binding("ctrl+s", "save", "key.cohort_new_save", priority=True)]
    DEFAULT_CSS = """
    #nc { padding: 0 1; }
    #nc-form { height: 1fr; }
    #nc-form Input, #nc-form Select { width: 1fr; }
    #nc .form-row { height: auto; }
    #nc-status { height: auto; max-height: 3; }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="nc"):
            yield Static(t("cohort_new.intro"), classes="panel-note")
            with VerticalScroll(id="nc-form"):
                with Horizontal(classes="form-row"):
                    yield Input(id="nc-code", max_length=40)
                    yield Input(id="nc-angkatan", max_length=40)
                yield Input(id="nc-name", max_length=300)
                with Horizontal(classes="form-row"):
                    yield Input(id="nc-program", value="Diklatpim IV", max_length=200)
                    yield Select(
                        [(term, term) for term in TERMS],
                        value=TERMS[0],
                        allow_blank=False,
                        id="nc-term",
                    )
                with Horizontal(classes="form-row"):
                    yield Input(
                        id="nc-start", placeholder=t("form.date_placeholder"), max_length=10
                    )
                    yield Input(id="nc-end", placeholder=t("form.date_placeholder"), max_length=10)
                yield Select([], prompt=t("cohort_new.no_institution"), id="nc-institution")
                with Horizontal(classes="form-row"):
                    yield Button(t("cohort_new.create"), id="nc-create", variant="primary")
            yield StatusLine("", id="nc-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("cohort_new.title")
        for key in TEXT_FIELDS:
            self.query_one(f"#nc-{key}", Input).border_title = t(f"cohort_new.field.{key}")
        self.query_one("#nc-term", Select).border_title = t("cohort_new.field.term")
        self.query_one("#nc-institution", Select).border_title = t("cohort_new.field.institution")
        self.call(institutions.list_institutions, self.db, self.actor, done=self._institutions)

    def _institutions(self, rows) -> None:
        self.query_one("#nc-institution", Select).set_options(
            (visible(f"{r.code} — {r.name}"), r.code) for r in rows
        )

    def _day(self, key: str):
        field = self.query_one(f"#nc-{key}", Input)
        return typed_day(self, field, t(f"cohort_new.field.{key}"))

    @on(Button.Pressed, "#nc-create")
    def create_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        start = self._day("start")
        end = self._day("end") if start is not None else None
        if start is None or end is None:
            return
        value = {key: self.query_one(f"#nc-{key}", Input).value for key in TEXT_FIELDS}
        institution = self.query_one("#nc-institution", Select).value
        self.call(
            create_cohort,
            self.db,
            self.actor,
            code=value["code"],
            name=value["name"],
            start=start,
            end=end,
            program_name=value["program"].strip() or "Diklatpim IV",
            project_term=str(self.query_one("#nc-term", Select).value),
            angkatan=value["angkatan"].strip(),
            institution_code=None if institution is Select.NULL else str(institution),
            done=self.created,
        )

    def created(self, summary: CohortSummary) -> None:
        self.app.notify(t("cohort_new.created", code=summary.code, name=summary.name))
        switch_to(self.app, "cohort", summary.code)
