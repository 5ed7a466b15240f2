"""Exports: the graduation list (CSV, XLSX, PDF), the marks recap, a marking worksheet,
the log-in slips and the certificates (PDF, and their register as XLSX), written in a
worker thread with a progress bar, so the screen stays usable meanwhile."""

from __future__ import annotations

import re
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, ProgressBar, Select, Static

from diklat.domain.errors import DomainError
from diklat.i18n import t
from diklat.textsafe import literal, visible
from diklat.tui.deliver import make_file, served, suggested
from diklat.tui.screens.base import describe
from diklat.tui.screens.coordinator.base import CoordTab

KINDS = (
    "graduation-csv",
    "graduation-xlsx",
    "graduation-pdf",
    "recap-csv",
    "recap-xlsx",
    "worksheet-xlsx",
    "worksheet-csv",
    "slips-pdf",
    "certificates-pdf",
    "certificates-xlsx",
    "visits-pdf",
    "late-xlsx",
    "late-csv",
)
STEM = {
    "graduation": "daftar-kelulusan",
    "recap": "rekap-nilai",
    "worksheet": "lembar-nilai",
    "slips": "slip-masuk",
    "certificates": "sertifikat",
    "visits": "surat-kunjungan",
    "late": "terlambat",
}


def _file_part(text: str) -> str:
    """A cohort code or component as part of a file name: letters, digits, ``-``, ``_``
    and ``.`` only (a code may hold ``/``, markup or control characters)."""
    return re.sub(r"[^\w.-]", "_", text)


def default_name(code: str, kind: str, component: str = "") -> str:
    what, ext = kind.split("-")
    extra = f"-{_file_part(component)}" if what == "worksheet" and component else ""
    return f"{STEM[what]}-{_file_part(code)}{extra}.{ext}"


# The kinds that carry a document number the coordinator may give (the centre's own
# numbering); empty keeps diklat's default.
NUMBERED = frozenset({"graduation-pdf", "graduation-xlsx", "visits-pdf"})


def run_export(
    db, actor, code: str, kind: str, component: str, path: str, progress, number: str = ""
) -> tuple[str, int, int]:
    """(path, size, rows); ``progress(done, total)`` is called from this (worker) thread.
    ``number``: the document number of a graduation list or of the visit letters."""
    what, kind_format = kind.split("-")
    target = Path(path).expanduser()
    if what == "graduation":
        from diklat.io.graduation import write_graduation
        from diklat.services.graduation import cohort_results
        from diklat.services.marking_status import graduation_is_draft

        data = cohort_results(db, actor, code)
        total = len(data.rows)
        size = write_graduation(
            data,
            kind_format,
            target,
            progress=lambda n: progress(n, total),
            draft=graduation_is_draft(db, actor, code),
            number=number,
        )
        return str(target), size, total
    if what == "recap":
        from diklat.io.recap import write_recap
        from diklat.services.exports import recap

        data = recap(db, actor, code)
        total = len(data.marks) + len(data.results.rows)
        size = write_recap(data, kind_format, target, progress=lambda n: progress(n, total))
        return str(target), size, len(data.marks)
    if what == "worksheet":
        from diklat.io.worksheet import write_worksheet
        from diklat.services.exports import worksheet

        data = worksheet(db, actor, code, component)
        total = len(data.lines)
        size = write_worksheet(data, target, kind_format, progress=lambda n: progress(n, total))
        return str(target), size, total
    if what == "certificates":
        from diklat.io.certificates import write
        from diklat.services.certificates import certificates

        data = certificates(db, actor, code)
        size = write(data, kind_format, target)
        progress(1, 1)
        return str(target), size, len(data.certificates)
    if what == "visits":
        from diklat.io.visit_letters import write_letters
        from diklat.services.visits import letters

        data = letters(db, actor, code, number=number)
        size = write_letters(data, target)
        progress(1, 1)
        return str(target), size, len(data.visit.hosts)
    if what == "late":
        from diklat.io.late_list import write_late
        from diklat.services.reminders import late_list

        data = late_list(db, actor, code)
        total = sum(len(r.items) for r in data.reminders)
        size = write_late(data, kind_format, target, progress=lambda n: progress(n, total))
        return str(target), size, total
    from diklat.io.slips import write_slips
    from diklat.services.exports import slips

    data, size = slips(db, actor, code, lambda d: (d, write_slips(d, target)))
    progress(1, 1)
    return str(target), size, len(data.slips)


class ExportsTab(CoordTab):
    FOCUS = "#exp-path"
    BINDINGS = [
        Binding("ctrl+s", "write", "key.coord_export"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Select(
                [(t(f"coord.export.kind.{k}"), k) for k in KINDS],
                value="graduation-xlsx",
                allow_blank=False,
                id="exp-kind",
            )
            yield Select([], prompt=t("coord.export.component"), id="exp-component")
            yield Input(placeholder=t("coord.export.number"), id="exp-number")
        with Horizontal(classes="form-row"):
            yield Input(id="exp-path")
            yield Button(t("coord.export.write"), id="exp-write", variant="primary")
        yield ProgressBar(id="exp-progress", show_eta=False)
        yield Static(t("coord.export.hint"), id="exp-report", classes="panel-note")

    def on_mount(self) -> None:
        self.query_one("#exp-progress", ProgressBar).display = False
        self._suggest()

    def load(self) -> None:
        super().load()
        settings = self.screen.settings
        if settings is not None:
            comp = self.query_one("#exp-component", Select)
            comp.set_options([(literal(c.text()), c.code) for c in settings.rules.components])
            comp.value = settings.rules.components[0].code
        self._suggest()

    def activated(self) -> None:
        super().activated()
        self.load()

    @on(Select.Changed, "#exp-kind")
    @on(Select.Changed, "#exp-component")
    def _suggest(self) -> None:
        kind = self.query_one("#exp-kind", Select).value
        comp = self.query_one("#exp-component", Select)
        comp.display = str(kind).startswith("worksheet")
        self.query_one("#exp-number", Input).display = kind in NUMBERED
        component = "" if comp.value is Select.NULL else str(comp.value)
        name = default_name(self.code, str(kind), component)
        self.query_one("#exp-path", Input).value = suggested(self.app, name)

    @on(Input.Submitted, "#exp-path")
    @on(Button.Pressed, "#exp-write")
    def write(self) -> None:
        kind = str(self.query_one("#exp-kind", Select).value)
        comp = self.query_one("#exp-component", Select).value
        component = "" if comp is Select.NULL else str(comp)
        path = self.query_one("#exp-path", Input).value.strip()
        number = self.query_one("#exp-number", Input).value.strip() if kind in NUMBERED else ""
        if not path:
            self.status(t("coord.import.no_path"), error=True)
            return
        bar = self.query_one("#exp-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        button = self.query_one("#exp-write", Button)
        button.disabled = True
        app = self.app

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=max(1, total), progress=done)

        def done(result) -> None:
            written, size, rows = result
            button.disabled = False
            bar.update(total=1, progress=1)
            self.query_one("#exp-report", Static).update(
                literal(
                    "✓ " + t("admin.cli.written", path=visible(written), size=size, rows=rows),
                    style="bold",
                )
            )
            self.status(
                t("coord.export.sent" if served(app) else "coord.export.done", path=written)
            )

        def failed(exc: DomainError) -> None:
            button.disabled = False
            bar.display = False
            self.status(describe(exc), error=True)

        self.call(
            _guarded,
            app,
            self.screen.db,
            self.screen.actor,
            self.code,
            kind,
            component,
            path,
            progress,
            number,
            done=done,
            failed=failed,
        )

    def action_write(self) -> None:
        self.write()


def _guarded(
    app, db, actor, code: str, kind: str, component: str, path: str, progress, number: str = ""
):
    """The file made where it goes (a browser download when served); file-system errors
    in words, like the services' errors."""
    try:
        (_, size, rows), where = make_file(
            app,
            path,
            lambda target: run_export(
                db, actor, code, kind, component, str(target), progress, number
            ),
        )
    except OSError as exc:
        raise DomainError(
            "coord.export.cannot_write", path=path, error=exc.strerror or str(exc)
        ) from None
    return where, size, rows
