"""Institutions (Lembaga): the letterhead, logo, signatory and place of signed documents.

The list above, the form below: Enter on a row loads it into the form, Ctrl+N clears
the form for a new one, Ctrl+S saves (the service checks every field, the logo by its
content). The logo is read from a file path only in a terminal: a served session never
reads the server's disk, so there the form says how the service account adds it.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Input, Static, TextArea

from diklat.i18n import t
from diklat.services import institutions
from diklat.services.institutions import InstitutionFields, InstitutionInfo
from diklat.textsafe import literal
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

FIELDS = ("code", "name", "place", "address", "signatory_name", "signatory_nip", "signatory_title")
MAX_LOGO_READ = 2_000_000  # read a little over the limit, so the service names the size


class InstitutionsScreen(ServiceScreen):
    CSS_PATH = "coordinator.tcss"
    HELP_KEY = "help.institutions"
    AUTO_FOCUS = "#inst-table"
    BINDINGS = [
        Binding("ctrl+s", "save", "key.inst_save"),
        Binding("f2", "new", "key.inst_new"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[InstitutionInfo] = []
        self.editing: InstitutionInfo | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="inst"):
            yield DataTable(id="inst-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="inst-form"):
                yield Static(t("inst.new_hint"), id="inst-mode", classes="panel-note")
                with Horizontal(classes="form-row"):
                    yield Input(id="inst-code", max_length=40)
                    yield Input(id="inst-place", max_length=120)
                yield Input(id="inst-name", max_length=300)
                yield Input(id="inst-address", max_length=500)
                yield TextArea(id="inst-letterhead", soft_wrap=False, show_line_numbers=False)
                yield Input(id="inst-signatory_name", max_length=200)
                with Horizontal(classes="form-row"):
                    yield Input(id="inst-signatory_nip", max_length=30)
                    yield Input(id="inst-signatory_title", max_length=200)
                if self.app.is_web:
                    yield Static(t("inst.logo_served"), id="inst-logo-note", classes="panel-note")
                else:
                    yield Input(id="inst-logo", placeholder=t("inst.logo_placeholder"))
                yield Checkbox(t("inst.remove_logo"), id="inst-remove-logo")
                with Horizontal(classes="form-row"):
                    yield Button(t("inst.save"), id="inst-save", variant="primary")
                    yield Button(t("inst.new"), id="inst-new")
            yield StatusLine("", id="inst-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("inst.title")
        table = self.query_one("#inst-table", DataTable)
        for key in ("code", "name", "place", "signatory_name", "logo", "cohorts"):
            table.add_column(t(f"institution.field.{key}"), key=key)
        for key in FIELDS:
            self.query_one(f"#inst-{key}", Input).border_title = t(f"institution.field.{key}")
        self.query_one("#inst-letterhead", TextArea).border_title = t(
            "institution.field.letterhead"
        )
        for logo in self.query("#inst-logo"):
            logo.border_title = t("institution.field.logo")
        self.load()

    def load(self, select: str | None = None) -> None:
        self.call(
            institutions.list_institutions,
            self.db,
            self.actor,
            done=lambda rows: self.show(rows, select),
        )

    def show(self, rows: list[InstitutionInfo], select: str | None = None) -> None:
        self.rows = rows
        table = self.query_one("#inst-table", DataTable)
        table.clear()
        for r in rows:
            table.add_row(
                literal(r.code),
                literal(r.name, overflow="ellipsis", no_wrap=True),
                literal(r.place or "-"),
                literal(r.signatory.name or "-"),
                t("inst.logo_kind", kind=r.logo_mime.split("/")[1].upper()) if r.logo_mime else "-",
                str(r.cohorts),
                key=r.code,
            )
        if not rows:
            self.status(t("inst.none"))
        if select is not None:
            found = next((r for r in rows if r.code == select), None)
            if found is not None:
                table.move_cursor(row=rows.index(found))
                self.fill(found)

    @on(DataTable.RowSelected, "#inst-table")
    def picked(self, event: DataTable.RowSelected) -> None:
        if event.row_key is None:
            return
        row = next((r for r in self.rows if r.code == event.row_key.value), None)
        if row is not None:
            self.fill(row)
            self.query_one("#inst-name", Input).focus()

    def fill(self, row: InstitutionInfo | None) -> None:
        """Put ``row`` in the form (None: an empty form for a new institution)."""
        self.editing = row
        values = {
            "code": row.code if row else "",
            "name": row.name if row else "",
            "place": row.place if row else "",
            "address": " ".join(row.address.split()) if row else "",
            "signatory_name": row.signatory.name if row else "",
            "signatory_nip": row.signatory.nip if row else "",
            "signatory_title": row.signatory.title if row else "",
        }
        for key, value in values.items():
            self.query_one(f"#inst-{key}", Input).value = value
        self.query_one("#inst-code", Input).disabled = row is not None
        self.query_one("#inst-letterhead", TextArea).text = "\n".join(row.letterhead) if row else ""
        for logo in self.query("#inst-logo").results(Input):
            logo.value = ""
        self.query_one("#inst-remove-logo", Checkbox).value = False
        self.query_one("#inst-mode", Static).update(
            literal(t("inst.editing", code=row.code)) if row else t("inst.new_hint")
        )

    def action_new(self) -> None:
        self.fill(None)
        self.query_one("#inst-code", Input).focus()

    @on(Button.Pressed, "#inst-new")
    def new_pressed(self) -> None:
        self.action_new()

    @on(Button.Pressed, "#inst-save")
    def save_pressed(self) -> None:
        self.action_save()

    def _logo(self) -> bytes | None:
        """The logo file's bytes when a path is typed (terminal only); a path that cannot
        be read is said in the status line and nothing is saved."""
        for field in self.query("#inst-logo").results(Input):
            path = field.value.strip()
            if not path:
                return None
            try:
                with Path(path).expanduser().open("rb") as fh:
                    return fh.read(MAX_LOGO_READ)
            except OSError as err:
                raise LogoUnreadable(
                    t("inst.logo_unreadable", path=path, why=err.strerror or err)
                ) from err
        return None

    def action_save(self) -> None:
        value = {key: self.query_one(f"#inst-{key}", Input).value for key in FIELDS}
        try:
            logo = self._logo()
        except LogoUnreadable as err:
            self.status(str(err), error=True)
            return
        fields = InstitutionFields(
            name=value["name"],
            address=value["address"],
            letterhead=self.query_one("#inst-letterhead", TextArea).text,
            place=value["place"],
            signatory_name=value["signatory_name"],
            signatory_nip=value["signatory_nip"],
            signatory_title=value["signatory_title"],
            logo=logo,
            remove_logo=self.query_one("#inst-remove-logo", Checkbox).value,
        )
        if self.editing is None:
            self.call(
                institutions.add_institution,
                self.db,
                self.actor,
                value["code"],
                fields,
                done=lambda info: self.saved(info, "inst.added"),
            )
        else:
            self.call(
                institutions.edit_institution,
                self.db,
                self.actor,
                self.editing.code,
                fields,
                expected_version=self.editing.version,
                done=lambda info: self.saved(info, "inst.saved"),
            )

    def saved(self, info: InstitutionInfo, key: str) -> None:
        self.status(literal(t(key, code=info.code)))
        self.load(select=info.code)


class LogoUnreadable(Exception):
    pass
