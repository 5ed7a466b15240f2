"""F4 on the design or report: export it as PDF or DOCX to a file the user names."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from diklat.domain.errors import DomainError
from diklat.i18n import t
from diklat.services.actor import Actor
from diklat.services.documents import project_document
from diklat.tui import format as fmt
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.deliver import make_file, served, suggested


def default_name(part: str, actor: Actor) -> str:
    name = {"design": "rancangan", "report": "laporan"}.get(part, "proyek")
    ident = "".join(ch for ch in actor.login if ch.isalnum() or ch in "-_.") or "peserta"
    return f"{name}-{ident}.pdf"


class ExportScreen(TranslatedBindings, ModalScreen[None]):
    HELP_KEY = "help.export"
    CSS_PATH = Path(__file__).parent / "participant.tcss"
    BINDINGS = [Binding("escape", "close", "key.close")]

    def __init__(self, actor: Actor, enrolment_id: int, part: str) -> None:
        super().__init__(classes="dialog-screen")
        self.actor = actor
        self.enrolment_id = enrolment_id
        self.part = part

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="export-box"):
            yield Static(t("export.title"), classes="dialog-title")
            yield Label(t("export.name") if served(self.app) else t("export.path"))
            yield Input(suggested(self.app, default_name(self.part, self.actor)), id="export-path")
            yield Button(t("export.run"), id="export-run", variant="primary")
            yield Static("", id="export-status", classes="dialog-text")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-run")
    def run(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix not in ("pdf", "docx"):
            self.query_one("#export-status", Static).update(t("export.bad_format"))
            return
        self.query_one("#export-status", Static).update(t("export.working"))
        self.export(path, suffix)

    @work(thread=True, exclusive=True)
    def export(self, path: str, suffix: str) -> None:
        from diklat.io.documents import write

        try:
            doc = project_document(self.app.db, self.actor, self.enrolment_id, self.part)
            size, where = make_file(self.app, path, lambda target: write(doc, suffix, target))
        except DomainError as exc:
            message = fmt.error(exc)
        except OSError as exc:
            message = str(exc)
        else:
            done = "export.sent" if served(self.app) else "export.done"
            message = t(done, path=where, size=size)
        self.app.call_from_thread(self.query_one("#export-status", Static).update, message)

    def action_close(self) -> None:
        self.dismiss(None)
