"""Pengaturan › Penandatangan: who signs this cohort's documents (graduation list,
certificates, letters). By default its institution's signatory; a cohort may name its
own (``services.institutions.set_cohort_signatory``: checked like the institution's,
NIP included), and go back to the institution's. A signatory feeds no result, so a
locked cohort may still change it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from diklat.domain.signing import Signatory
from diklat.i18n import t
from diklat.services.institutions import CohortSignatory, cohort_signatory, set_cohort_signatory
from diklat.textsafe import message, visible
from diklat.tui.screens.coordinator.base import CoordTab

FIELDS = ("name", "nip", "title")


class SignatorySection(CoordTab):
    FOCUS = "#sig-name"

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="sig-now", classes="note")
            for key in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Static(t(f"institution.field.signatory_{key}"), classes="field-label")
                    yield Input(id=f"sig-{key}", max_length=200, compact=True)
            with Horizontal(classes="form-row"):
                yield Button(
                    t("settings.signatory.save"), id="sig-save", variant="primary", compact=True
                )
                yield Button(t("settings.signatory.reset"), id="sig-reset", compact=True)

    def load(self) -> None:
        super().load()
        self.call(cohort_signatory, self.coord.db, self.coord.actor, self.code, done=self.fill)

    def fill(self, now: CohortSignatory) -> None:
        who = now.signatory
        key = "settings.signatory.own" if now.own else "settings.signatory.institution"
        if not who.name:
            key = "settings.signatory.nobody"
        self.query_one("#sig-now", Static).update(
            message(key, name=who.name, nip=who.nip or "-", title=who.title or "-")
        )
        for field in FIELDS:
            value = getattr(who, field) if now.own else ""
            self.query_one(f"#sig-{field}", Input).value = visible(value)

    @on(Button.Pressed, "#sig-save")
    @on(Input.Submitted, "SignatorySection Input")
    def save(self) -> None:
        values = {f: self.query_one(f"#sig-{f}", Input).value.strip() for f in FIELDS}
        self._set(Signatory(**values) if any(values.values()) else None)

    @on(Button.Pressed, "#sig-reset")
    def reset(self) -> None:
        self._set(None)

    def _set(self, who: Signatory | None) -> None:
        def done(_now: Signatory) -> None:
            self.status(t("settings.signatory.saved" if who else "settings.signatory.back"))
            self.load()

        self.call(set_cohort_signatory, self.coord.db, self.coord.actor, self.code, who, done=done)
