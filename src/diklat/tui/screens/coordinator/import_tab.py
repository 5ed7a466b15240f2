"""Import with a preview: the file is read and checked against the database, the
report shows what would happen (or every problem, row by row), and only a
confirmation writes — all or nothing, with a progress bar."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Input, ProgressBar, Select, Static, TextArea

from diklat.domain.errors import DomainError
from diklat.i18n import t
from diklat.io.tabular import Pasted
from diklat.services.importers import IMPORTERS, KINDS
from diklat.textsafe import literal, message, scrub, visible
from diklat.tui.screens.base import describe
from diklat.tui.screens.coordinator.base import CoordTab
from diklat.tui.widgets.tabbar import TabBar


def _check(db, actor, code: str, kind: str, source: str | Pasted, sheet: str | None = None):
    """Read and check (the dry run) a file's path or pasted text (``sheet``: a
    workbook's sheet, the first when None); returns (rows, unknown, plan) or raises
    (ImportInvalid, DomainError)."""
    importer = IMPORTERS[kind]
    if not isinstance(source, Pasted):
        source = Path(source).expanduser()
    rows, unknown = importer.read_checked(db, actor, code, source, sheet)
    return rows, unknown, importer.plan(db, actor, code, rows, unknown)


def _sheets(path: str) -> list[str]:
    from diklat.io.tabular import sheet_names

    return sheet_names(Path(path).expanduser())


def _apply(db, actor, code: str, kind: str, rows, unknown, progress):
    return IMPORTERS[kind].apply(db, actor, code, rows, unknown, progress=progress)


class ImportTab(CoordTab):
    FOCUS = "#imp-path"
    BINDINGS = [
        Binding("ctrl+s", "confirm", "key.coord_import"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.checked = None  # (kind, rows, unknown) of a file whose preview is on screen
        self.sheet: str | None = None  # the workbook's sheet picked (None: its first)
        # the sheets of the workbook named in the path (None: not read yet; [] for a CSV)
        self.sheets: list[str] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="imp-form", classes="form-row"):
            yield Select(
                [(t(f"coord.import.kind.{k}"), k) for k in KINDS],
                value="participants",
                allow_blank=False,
                id="imp-kind",
            )
            yield Input(placeholder=t("coord.import.path_placeholder"), id="imp-path")
            yield Button(t("coord.import.check"), id="imp-check", variant="primary")
        # A workbook's sheets, once a path names one (a workbook often holds the list
        # on its second sheet, after a cover or a summary).
        with Horizontal(id="imp-sheet-row", classes="form-row"):
            yield Static(t("coord.import.sheet"), id="imp-sheet-label")
            yield Select([], allow_blank=True, id="imp-sheet")
        yield Static(t("coord.import.hint"), id="imp-hint", classes="panel-note")
        # Cells copied in a spreadsheet arrive tab-separated: the served way to import
        # (a browser cannot hand the server a file), checked exactly like a file.
        yield TextArea(id="imp-paste", soft_wrap=False, show_line_numbers=False)
        with VerticalScroll(id="imp-report-box"):
            yield Static("", id="imp-report")
            yield DataTable(id="imp-preview", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="actions"):
            yield Button(
                t("coord.import.confirm"), id="imp-confirm", variant="success", disabled=True
            )
            yield ProgressBar(id="imp-progress", show_eta=False)

    def on_mount(self) -> None:
        paste = self.query_one("#imp-paste", TextArea)
        paste.border_title = t("coord.import.paste_title")
        if self.app.is_web:  # a path would name a file on the server, not the person's
            self.query_one("#imp-path", Input).display = False
            self.query_one("#imp-hint", Static).update(t("coord.import.hint_served"))
        self.query_one("#imp-preview", DataTable).display = False
        self.query_one("#imp-progress", ProgressBar).display = False
        self.query_one("#imp-sheet-row").display = False

    def load(self) -> None:
        super().load()

    @on(Select.Changed, "#imp-kind")
    @on(Input.Changed, "#imp-path")
    @on(TextArea.Changed, "#imp-paste")
    def forget(self) -> None:
        self.checked = None
        self.query_one("#imp-confirm", Button).disabled = True

    @on(Input.Changed, "#imp-path")
    def other_file(self) -> None:
        """Another path: another workbook, whose sheets are read at the next check."""
        self.sheet, self.sheets = None, None
        self.query_one("#imp-sheet-row").display = False

    def _show_sheets(self, sheets: list[str]) -> None:
        """The workbook's sheets are known: the pick shown if there is one to make, then
        the check that waited for them."""
        self.sheets = sheets
        row = self.query_one("#imp-sheet-row")
        row.display = len(sheets) > 1
        if len(sheets) > 1:
            pick = self.query_one("#imp-sheet", Select)
            pick.set_options([(literal(name), name) for name in sheets])
            pick.value = self.sheet if self.sheet in sheets else sheets[0]
        self.check()

    @on(Select.Changed, "#imp-sheet")
    def sheet_picked(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or not self.sheets:
            return
        if event.value == (self.sheet or self.sheets[0]):
            return  # (the pick shown after a check, not a new choice)
        self.sheet = str(event.value)
        self.check()

    @on(Input.Submitted, "#imp-path")
    @on(Button.Pressed, "#imp-check")
    def check(self) -> None:
        kind = self.query_one("#imp-kind", Select).value
        path = self.query_one("#imp-path", Input).value.strip()
        pasted = self.query_one("#imp-paste", TextArea).text
        source: str | Pasted = path
        if pasted.strip() and (not path or self.focused_paste()):
            source, path = Pasted(pasted), t("io.pasted")
        if not path:
            self.status(t("coord.import.no_path"), error=True)
            return
        self.checked = None
        self.query_one("#imp-confirm", Button).disabled = True
        self.query_one("#imp-report", Static).update(message("coord.import.checking", path=path))
        sheet = None
        if not isinstance(source, Pasted):
            if self.sheets is None:  # a new path: its sheets first, then this check
                self.call(_sheets, path, done=self._show_sheets)
                return
            sheet = self.sheet
        self.call(
            _check,
            self.screen.db,
            self.screen.actor,
            self.code,
            kind,
            source,
            sheet,
            done=lambda result: self._checked(kind, path, result),
            failed=self._refused,
        )

    def focused_paste(self) -> bool:
        """The pasted text wins over a path when it has the keyboard (just pasted)."""
        return self.screen.focused is self.query_one("#imp-paste", TextArea)

    def _refused(self, exc: DomainError) -> None:
        from diklat.domain.imports import ImportInvalid

        text = Text()
        if isinstance(exc, ImportInvalid):
            text.append(visible(exc.summary()) + "\n", style="bold")
            for problem in exc.problems:
                text.append("  ✗ " + visible(problem.message()) + "\n")
        else:
            text.append("✗ " + visible(describe(exc), multiline=True), style="bold")
        self.query_one("#imp-report", Static).update(text)
        self.query_one("#imp-preview", DataTable).display = False
        self.status(t("coord.import.refused"), error=True)

    def _checked(self, kind: str, path: str, result) -> None:
        rows, unknown, plan = result
        self.checked = (kind, rows, unknown)
        text = Text()
        text.append(
            "✓ " + t("coord.import.valid", count=len(rows), path=visible(path)) + "\n", style="bold"
        )
        if unknown:
            text.append(t("io.unknown_columns", columns=visible(", ".join(unknown))) + "\n")
        if (
            self.sheets
            and len(self.sheets) > 1
            and path == self.query_one("#imp-path", Input).value.strip()
        ):
            sheet = visible(self.sheet or self.sheets[0])
            text.append(t("coord.import.sheet_hint", count=len(self.sheets), sheet=sheet) + "\n")
        table = self.query_one("#imp-preview", DataTable)
        table.clear(columns=True)
        table.display = False
        text.append(IMPORTERS[kind].summary(plan, False, self.screen.actor))
        if kind == "participants":
            for key in ("row", "nip", "name", "ndh", "person", "enrolment"):
                table.add_column(t(f"coord.import.col.{key}"), key=key)
            for r in plan.rows:
                table.add_row(
                    str(r.row),
                    literal(r.ident),
                    literal(r.name),
                    str(r.ndh),
                    t(f"coord.import.person.{r.person}"),
                    t(f"coord.import.enrolment.{r.enrolment}"),
                )
            table.display = True
        if kind == "staff":
            for key in ("row", "nip", "name", "role", "person"):
                table.add_column(t(f"coord.import.col.{key}"), key=key)
            for r in plan.rows:
                person = "new" if r.new_person else ("update" if r.changes else "same")
                table.add_row(
                    str(r.row),
                    literal(r.ident),
                    literal(r.name),
                    t(f"role.{r.role.value}"),
                    t(f"coord.import.person.{person}"),
                )
            table.display = True
        text.append("\n" + t("coord.import.confirm_hint"), style="italic")
        self.query_one("#imp-report", Static).update(scrub(text))
        confirm = self.query_one("#imp-confirm", Button)
        confirm.disabled = False
        confirm.focus()
        self.status(t("coord.import.ready"))

    @on(Button.Pressed, "#imp-confirm")
    def confirm(self) -> None:
        if self.checked is None:
            return
        from diklat.tui.widgets.confirm import ConfirmScreen

        kind, rows, unknown = self.checked

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(kind, rows, unknown)

        self.app.push_screen(
            ConfirmScreen(
                t("coord.import.confirm_question", count=len(rows), code=self.code),
                yes=t("coord.import.confirm"),
            ),
            answered,
        )

    def _run(self, kind: str, rows, unknown) -> None:
        bar = self.query_one("#imp-progress", ProgressBar)
        bar.update(total=max(1, len(rows)), progress=0)
        bar.display = True
        self.query_one("#imp-confirm", Button).disabled = True
        app = self.app

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=max(1, total), progress=done)

        def finished(_report) -> None:
            bar.update(progress=bar.total or 1)
            self.checked = None
            self.query_one("#imp-report", Static).update(
                Text("✓ " + t("coord.import.done", count=len(rows)), style="bold")
            )
            self.status(t("coord.import.done", count=len(rows)))
            self.screen.changed()
            self.screen.query_one(TabBar).focus()  # 1–6 switch tabs again

        def failed(exc: DomainError) -> None:
            bar.display = False
            self._refused(exc)

        self.call(
            _apply,
            self.screen.db,
            self.screen.actor,
            self.code,
            kind,
            rows,
            unknown,
            progress,
            done=finished,
            failed=failed,
        )

    def action_confirm(self) -> None:
        """Ctrl+S: import what is checked; with nothing checked yet, check first (after a
        paste the keyboard is in the text, where Enter is a new line)."""
        if self.checked is None:
            self.check()
        else:
            self.confirm()
