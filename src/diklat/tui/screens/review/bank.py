"""The comment bank: a picker that inserts a saved comment, and a screen to manage them."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from diklat.domain.errors import DomainError
from diklat.i18n import t
from diklat.io.comment_bank_csv import known_sections
from diklat.services import comment_bank as bank
from diklat.services.comment_bank import BankEntry, ImportReport
from diklat.textsafe import literal, visible
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.deliver import make_file, reads_server_files, served, suggested
from diklat.tui.screens.base import ServiceScreen, describe
from diklat.tui.screens.review.render import section_label
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

ANY = "any"


def _preview(text: str, limit: int = 100) -> str:
    """One line of a comment, its control characters shown (for a list or a question)."""
    one = visible(" ".join(text.split()))
    return one if len(one) <= limit else one[: limit - 1] + "…"


class BankPicker(TranslatedBindings, ModalScreen[str | None]):
    """Pick a comment from my bank (those for this section first); Enter inserts it."""

    CSS_PATH = "review.tcss"
    HELP_KEY = "help.bank_picker"
    BINDINGS = [Binding("escape", "cancel", "key.close")]

    def __init__(self, section: str | None) -> None:
        super().__init__()
        self.section = section
        self.entries: list[BankEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="bank-picker"):
            yield Static(t("review.bank.pick_title"), classes="panel-title")
            yield Input(placeholder=t("review.bank.filter"), id="bank-filter")
            yield OptionList(id="bank-options")
            yield Static(t("review.bank.pick_hint"), classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True)
    def load(self) -> None:
        try:
            entries = bank.list_bank(self.app.db, self.app.actor, section=self.section)
        except Exception as exc:  # the error policy of every screen (screens/base.py)
            self.app.call_from_thread(self._error, describe(exc))
            return
        self.app.call_from_thread(self._loaded, entries)

    def _loaded(self, entries: list[BankEntry]) -> None:
        self.entries = entries
        self._fill("")

    def _error(self, message: str) -> None:
        options = self.query_one("#bank-options", OptionList)
        options.clear_options()
        options.add_option(Option(literal(message, multiline=True), disabled=True))

    def _fill(self, needle: str) -> None:
        options = self.query_one("#bank-options", OptionList)
        options.clear_options()
        needle = needle.lower().strip()
        shown = [e for e in self.entries if needle in e.text.lower()]
        for entry in shown:
            prompt = Text()
            if entry.section:
                prompt.append(f"[{section_label(entry.section)}] ", style="italic")
            prompt.append(_preview(entry.text))
            options.add_option(Option(prompt, id=str(entry.id)))
        if not shown:
            options.add_option(
                Option(
                    t("review.bank.empty") if not self.entries else t("review.bank.no_match"),
                    disabled=True,
                )
            )
        else:
            options.highlighted = 0

    @on(Input.Changed, "#bank-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#bank-filter")
    def filter_submitted(self) -> None:
        options = self.query_one("#bank-options", OptionList)
        if options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#bank-options")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        entry = next((e for e in self.entries if str(e.id) == option_id), None)
        if entry is not None:
            self.dismiss(entry.text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CommentBankScreen(ServiceScreen):
    """My comment bank: add, change, delete, import and export as CSV."""

    CSS_PATH = "review.tcss"
    HELP_KEY = "help.comment_bank"
    BINDINGS = [
        Binding("ctrl+s", "save", "key.bank_save", priority=True),
        Binding("f2", "new", "key.bank_new", priority=True),
        Binding("f8", "delete", "key.bank_delete"),
        Binding("ctrl+o", "csv", "key.bank_csv", priority=True),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[BankEntry] = []
        self.editing: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="bank"):
            yield Static(t("review.bank.title"), classes="panel-title")
            yield DataTable(id="bank-table", cursor_type="row", zebra_stripes=True)
            yield Label(t("review.bank.editing_new"), id="bank-form-title", classes="field-label")
            with Horizontal(id="bank-form"):
                yield Select(
                    self._section_options(), value=ANY, allow_blank=False, id="bank-section"
                )
                yield TextArea(id="bank-text", soft_wrap=True)
            with Horizontal(id="bank-csv"):
                yield Input(placeholder=t("review.bank.csv_path"), id="bank-path")
                yield Button(t("review.bank.import"), id="bank-import")
                yield Button(t("review.bank.export"), id="bank-export")
            yield StatusLine("", id="bank-status")
        yield KeyFooter()

    @staticmethod
    def _section_options() -> list[tuple[str, str]]:
        names = sorted(
            known_sections() - {"instrument_code", "instrument_version"}, key=section_label
        )
        return [(t("review.bank.any_section"), ANY)] + [(section_label(n), n) for n in names]

    def on_mount(self) -> None:
        table = self.query_one("#bank-table", DataTable)
        table.add_column(t("review.bank.col.section"), key="section")
        table.add_column(t("review.bank.col.text"), key="text")
        self.query_one("#bank-path", Input).value = suggested(self.app, "bank-komentar.csv")
        self.load()

    def load(self, message: str | None = None) -> None:
        def show(entries: list[BankEntry]) -> None:
            self.entries = entries
            table = self.query_one("#bank-table", DataTable)
            table.clear()
            for entry in entries:
                table.add_row(
                    section_label(entry.section) if entry.section else t("review.bank.any_section"),
                    Text(_preview(entry.text, 90)),
                    key=str(entry.id),
                )
            self.status(message or t("review.bank.count", count=len(entries)))

        self.call(bank.list_bank, self.db, self.actor, done=show)

    @on(DataTable.RowSelected, "#bank-table")
    def edit_row(self, event: DataTable.RowSelected) -> None:
        entry = next((e for e in self.entries if str(e.id) == event.row_key.value), None)
        if entry is None:
            return
        self.editing = entry.id
        self.query_one("#bank-form-title", Label).update(t("review.bank.editing", id=entry.id))
        self.query_one("#bank-section", Select).value = entry.section or ANY
        area = self.query_one("#bank-text", TextArea)
        area.text = visible(
            entry.text, multiline=True
        )  # an editor would send control characters raw
        area.focus()

    def action_new(self) -> None:
        self.editing = None
        self.query_one("#bank-form-title", Label).update(t("review.bank.editing_new"))
        self.query_one("#bank-text", TextArea).text = ""
        self.query_one("#bank-text", TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one("#bank-text", TextArea).text
        section = self.query_one("#bank-section", Select).value
        section = "" if section in (ANY, Select.NULL) else str(section)

        def saved(entry: BankEntry) -> None:
            self.action_new()
            self.load(t("review.bank.saved"))

        if self.editing is None:
            self.call(bank.add_comment, self.db, self.actor, text, section, done=saved)
        else:
            self.call(
                bank.update_comment, self.db, self.actor, self.editing, text, section, done=saved
            )

    def action_delete(self) -> None:
        table = self.query_one("#bank-table", DataTable)
        if not self.entries or table.cursor_row is None:
            return
        entry = self.entries[table.cursor_row]
        from diklat.tui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(
                    bank.delete_comment,
                    self.db,
                    self.actor,
                    entry.id,
                    done=lambda _: self.load(t("review.bank.deleted")),
                )

        self.app.push_screen(
            ConfirmScreen(t("review.bank.delete_confirm", text=_preview(entry.text, 60))), answered
        )

    def action_csv(self) -> None:
        self.query_one("#bank-path", Input).focus()
        self.status(t("review.bank.csv_hint"))

    @on(Button.Pressed, "#bank-import")
    def do_import(self) -> None:
        if not reads_server_files(self.app):
            self.status(t("review.bank.served_import"), error=True)
            return
        path = Path(self.query_one("#bank-path", Input).value.strip()).expanduser()

        def run() -> ImportReport:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise DomainError(
                    "review.bank.cannot_read", path=str(path), reason=exc.strerror or str(exc)
                ) from None
            return bank.import_csv(self.db, self.actor, data)

        self.call(
            run,
            done=lambda r: self.load(t("review.bank.imported", added=r.added, skipped=r.skipped)),
        )

    @on(Button.Pressed, "#bank-export")
    def do_export(self) -> None:
        typed = self.query_one("#bank-path", Input).value.strip()
        path = Path(typed).expanduser()
        if served(self.app):  # a download: nothing on the server to overwrite
            self._export(typed)
            return
        if path.exists():
            from diklat.tui.widgets.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._export(typed)

            self.app.push_screen(
                ConfirmScreen(
                    t("review.bank.overwrite", path=str(path)), yes=t("review.bank.overwrite_yes")
                ),
                answered,
            )
            return
        self._export(typed)

    def _export(self, typed: str) -> None:
        from diklat.io.atomic import write_text

        app = self.app

        def run() -> tuple[int, str]:
            text = bank.export_csv(self.db, self.actor)
            try:
                _, where = make_file(app, typed, lambda path: write_text(path, text))
            except OSError as exc:
                raise DomainError(
                    "review.bank.cannot_write", path=typed, reason=exc.strerror or str(exc)
                ) from None
            return text.count("\n") - 1, where

        self.call(
            run,
            done=lambda r: self.status(t("review.bank.exported", count=r[0], path=r[1])),
        )
