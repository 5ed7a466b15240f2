"""Evidence attachments on screen (issue 16 part 9): the list of a stage's files, the
dialog that attaches one, and saving one where the person wants it.

- The participant's implementation and report screens show the stage's files now; the
  review screen shows the files the version under review was sent with.
- Adding: the slot (a short-term milestone, or the report as a whole), then in a
  terminal the path of the person's own file. When the app is served a path would
  name a file on the server, so none is ever read: the dialog opens an upload ticket,
  opens the server's upload page in a new browser tab and asks every second what
  became of the ticket, until a file is added, a file is refused (said, and it keeps
  waiting), or the ticket expires.
- Removing asks first; Ctrl+Z adds the removed file back from the bytes the service
  returned (as Ctrl+Z brings back a removed row in a list, widgets/itemlist.py).
- Saving: a file in a folder the person names in a terminal, a browser download when
  served (tui/deliver.make_file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from diklat.domain import attachments as rules
from diklat.domain.errors import DomainError
from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.services import attachments
from diklat.services.actor import Actor
from diklat.services.attachments import AttachmentInfo, FileData
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.deliver import make_file, reads_server_files, served, suggested
from diklat.tui.screens.base import ServiceCalls, describe
from diklat.tui.widgets.confirm import DIALOG_CSS, ConfirmScreen
from diklat.tui.widgets.itemlist import UNDO_HINT_SECONDS

POLL_SECONDS = 1.0  # how often a dialog waiting for a browser upload asks about its ticket


def size_text(size: int) -> str:
    """``2,4 MB`` (``2.4 MB`` in English), ``12 kB``."""
    return rules.megabytes(size)


def file_cells(info: AttachmentInfo, slot_label: Callable[[str], str]) -> list[Text]:
    """A file's row where there is room: milestone, name, type, size, date added."""
    return [
        literal(slot_label(info.slot), overflow="ellipsis", no_wrap=True),
        literal(info.filename, overflow="ellipsis", no_wrap=True),
        Text(info.kind_label, overflow="ellipsis", no_wrap=True),
        Text(size_text(info.size), justify="right"),
        Text(fmt.day(info.added_at)),
    ]


def file_lines(info: AttachmentInfo, slot_label: Callable[[str], str]) -> Text:
    """A file's row where there is little room: its name, and under it the rest."""
    out = Text()
    out.append_text(literal(info.filename, style="bold"))
    out.append("\n")
    out.append_text(literal(slot_label(info.slot)))
    out.append(f" · {info.kind_label} · {size_text(info.size)} · {fmt.day(info.added_at)}")
    out.no_wrap = True
    out.overflow = "ellipsis"
    return out


def files_text(files: list[AttachmentInfo], slot_label: Callable[[str], str]) -> Text:
    """The files as lines under a document's milestones: "• Formulir daring: sk.pdf
    (PDF, 12 kB)"."""
    out = Text()
    if not files:
        return out
    out.append(t("attach.ui.count", count=len(files)) + "\n", style="bold")
    for info in files:
        out.append("• ", style="bold")
        out.append_text(literal(slot_label(info.slot)))
        out.append(": ")
        out.append_text(literal(info.filename))
        out.append(f" ({info.kind_label}, {size_text(info.size)})\n")
    return out


COLUMNS = (
    ("attach.ui.col_slot", 24),
    ("attach.ui.col_name", 28),
    ("attach.ui.col_kind", 16),
    ("attach.ui.col_size", 7),
    ("attach.ui.col_added", 11),
)
# Below this width (the columns, their padding, a scroll bar) a file takes two lines.
WIDE = sum(w for _, w in COLUMNS) + 2 * len(COLUMNS) + 2


class AttachmentTable(TranslatedBindings, DataTable):
    BINDINGS = [
        Binding("enter", "save", "key.attach_save"),
        Binding("a,insert", "add", "key.attach_add"),
        Binding("delete,d", "remove", "key.attach_remove"),
        Binding("ctrl+z", "undo", "key.attach_undo"),
    ]

    @property
    def panel(self) -> AttachmentPanel:
        return self.query_ancestor(AttachmentPanel)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        panel = self.panel
        if action in ("add", "remove", "undo") and not panel.editable():
            return False  # a stage that cannot change offers no such key at all
        if action in ("remove", "save") and not panel.files:
            return False
        if action == "undo" and panel.removed is None:
            return False  # not in the footer until there is something to bring back
        return True

    def action_save(self) -> None:
        self.panel.save_selected()

    def action_add(self) -> None:
        self.panel.add()

    def action_remove(self) -> None:
        self.panel.remove_selected()

    def action_undo(self) -> None:
        self.panel.undo()


class AttachmentPanel(Vertical):
    """The files of one stage of one enrolment: now (``version`` None) or as version
    ``version`` was sent. ``editable`` says whether the person may add and remove now;
    ``slots`` lists (label, slot) a new file may go to; ``slot_label`` names a slot."""

    DEFAULT_CSS = """
    AttachmentPanel { height: auto; }
    AttachmentPanel .attach-table { height: auto; max-height: 12; }
    AttachmentPanel .attach-empty { text-style: italic; }
    """

    def __init__(
        self,
        actor: Actor,
        enrolment_id: int,
        stage: Stage,
        *,
        slot_label: Callable[[str], str],
        slots: Callable[[], list[tuple[str, str]]] = list,
        editable: Callable[[], bool] = lambda: False,
        version: int | None = None,
        chosen_slot: Callable[[], str | None] = lambda: None,
        autoload: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id or "attachments")
        self.actor = actor
        self.enrolment_id = enrolment_id
        self.stage = stage
        self.slot_label = slot_label
        self.slots = slots
        self.editable = editable
        self.version = version
        self.chosen_slot = chosen_slot
        self.autoload = autoload  # else its owner reads the files and calls show()
        self.files: list[AttachmentInfo] = []
        self.loaded = False
        # The last file removed (its slot and content), until Ctrl+Z attaches it again.
        self.removed: tuple[str, FileData] | None = None

    def compose(self) -> ComposeResult:
        yield AttachmentTable(
            cursor_type="row", zebra_stripes=True, id=f"{self.id}-table", classes="attach-table"
        )
        yield Static("", classes="attach-empty")

    def _columns(self, wide: bool) -> None:
        table = self.table
        table.clear(columns=True)
        if wide:
            for label, width in COLUMNS:
                table.add_column(t(label), width=width)
        else:
            table.add_column(t("attach.ui.col_file"))
        self._wide = wide

    _wide: bool | None = None

    def on_resize(self) -> None:
        if self.loaded and (self.size.width >= WIDE) != self._wide:
            self.show(self.files)

    def on_mount(self) -> None:
        # The table shows even with no rows: it is where A attaches the first file.
        if self.autoload:
            self.load()

    @property
    def table(self) -> AttachmentTable:
        return self.query_one(AttachmentTable)

    # --- reading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="attachments")
    def load(self, select: int | None = None) -> None:
        """Read the files again; ``select``: the id of the file to highlight."""
        try:
            files = attachments.list_attachments(
                self.app.db, self.actor, self.enrolment_id, self.stage, version=self.version
            )
        except Exception as exc:  # the screens' error policy (screens/base.py)
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self.show, files, select)

    def show(self, files: list[AttachmentInfo], select: int | None = None) -> None:
        """Draw ``files``, highlighting the file whose id is ``select`` (else the row
        highlighted before)."""
        if not self.is_attached:
            return
        self.files = files
        self.loaded = True
        table = self.table
        at = next((i for i, f in enumerate(files) if f.id == select), None)
        row = table.cursor_row if at is None else at
        wide = self.size.width >= WIDE
        if wide != self._wide:
            self._columns(wide)
        table.clear()
        for info in files:
            if wide:
                table.add_row(*file_cells(info, self.slot_label), key=str(info.id))
            else:
                table.add_row(file_lines(info, self.slot_label), key=str(info.id), height=2)
        if files:
            table.move_cursor(row=max(0, min(row, len(files) - 1)), animate=False)
        empty = self.query_one(".attach-empty", Static)
        empty.update(t("attach.ui.none" if self.editable() else "attach.ui.none_read"))
        empty.display = not files
        self.refresh_bindings()
        table.refresh_bindings()

    def selected(self) -> AttachmentInfo | None:
        if not self.files:
            return None
        row = self.table.cursor_row
        return self.files[row] if 0 <= row < len(self.files) else None

    def _failed(self, exc: Exception) -> None:
        if self.is_attached:
            self.notify(describe(exc), severity="error")

    def refresh_rows(self) -> None:
        """The slots' names again (the milestones' titles are known after the design is)."""
        if self.loaded:
            self.show(self.files)

    # --- adding, removing, bringing back -----------------------------------------------

    def add(self) -> None:
        if not self.editable():
            self.notify(t("attach.ui.read_only"))
            return
        slots = self.slots()
        if not slots:
            self.notify(t("impl.no_milestones"), severity="warning")
            return

        def added(info: AttachmentInfo | None) -> None:
            self.load(info.id if info is not None else None)
            if info is not None:
                self.notify(t("attach.ui.added", name=info.filename))
                self.table.focus()
                self.call_after_refresh(self.scroll_visible, animate=False)

        self.app.push_screen(
            AddAttachmentScreen(
                self.actor, self.enrolment_id, self.stage, slots, self.chosen_slot()
            ),
            added,
        )

    def remove_selected(self) -> None:
        info = self.selected()
        if info is None or not self.editable():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(info)

        self.app.push_screen(
            ConfirmScreen(t("attach.ui.remove_confirm", name=info.filename)), answered
        )

    @work(thread=True, group="attachments-change")
    def _remove(self, info: AttachmentInfo) -> None:
        try:
            data = attachments.remove(self.app.db, self.actor, info.id)
            files = attachments.list_attachments(
                self.app.db, self.actor, self.enrolment_id, self.stage
            )
        except Exception as exc:  # the screens' error policy (screens/base.py)
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._removed, info, data, files)

    def _removed(self, info: AttachmentInfo, data: FileData, files: list) -> None:
        self.removed = (info.slot, data)
        self.show(files)
        self.table.focus()
        self.notify(t("attach.ui.removed", name=info.filename), timeout=UNDO_HINT_SECONDS)

    def undo(self) -> None:
        if self.removed is None or not self.editable():
            return
        slot, data = self.removed
        self._undo(slot, data)

    @work(thread=True, group="attachments-change")
    def _undo(self, slot: str, data: FileData) -> None:
        try:
            info = attachments.add(
                self.app.db,
                self.actor,
                self.enrolment_id,
                self.stage,
                slot,
                data.filename,
                data.data,
            )
            files = attachments.list_attachments(
                self.app.db, self.actor, self.enrolment_id, self.stage
            )
        except Exception as exc:  # the screens' error policy (screens/base.py)
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._restored, info, files)

    def _restored(self, info: AttachmentInfo, files: list) -> None:
        self.removed = None
        self.show(files, select=info.id)
        self.table.focus()
        self.call_after_refresh(self.scroll_visible, animate=False)
        self.notify(t("attach.ui.restored", name=info.filename))

    # --- saving ----------------------------------------------------------------------

    def save_selected(self) -> None:
        info = self.selected()
        if info is not None:
            save_attachment(self.app, self.actor, info)


# --- saving a file -------------------------------------------------------------------------


def _deliver(app, actor: Actor, attachment_id: int, typed: str) -> tuple[int, str]:
    """Fetch the file and make it where ``typed`` says (a download when served); from a
    worker thread."""
    from diklat.io.atomic import write_bytes

    got = attachments.fetch(app.db, actor, attachment_id)
    try:
        return make_file(app, typed, lambda path: write_bytes(path, got.data))
    except OSError as exc:
        raise DomainError(
            "attach.ui.cannot_write", path=typed, reason=exc.strerror or str(exc)
        ) from None


def save_attachment(app, actor: Actor, info: AttachmentInfo) -> None:
    """Enter on a file: a browser download when served, else a dialog asking where."""
    if not served(app):
        app.push_screen(SaveAttachmentScreen(actor, info))
        return

    def run() -> None:
        try:
            size, where = _deliver(app, actor, info.id, info.filename)
        except Exception as exc:  # the screens' error policy (screens/base.py)
            app.call_from_thread(app.notify, describe(exc), severity="error")
            return
        app.call_from_thread(app.notify, t("attach.ui.sent", path=where, size=size_text(size)))

    app.run_worker(run, thread=True, group="attachment-download", exit_on_error=False)


class SaveAttachmentScreen(ServiceCalls, TranslatedBindings, ModalScreen[None]):
    """Where a file goes on this computer: its own name in the working folder, to
    change at will."""

    HELP_KEY = "help.attach_save"
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "close", "key.close")]

    def __init__(self, actor: Actor, info: AttachmentInfo) -> None:
        super().__init__(classes="dialog-screen")
        self.actor = actor
        self.info = info

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="attach-save-box"):
            yield Static(t("attach.ui.save_title"), classes="dialog-title")
            yield Static(
                literal(f"{self.info.filename} · {self.info.kind_label} · "
                        f"{size_text(self.info.size)}"),
                classes="dialog-text",
            )  # fmt: skip
            yield Label(t("attach.ui.save_path"))
            yield Input(suggested(self.app, self.info.filename), id="attach-save-path")
            yield Button(t("attach.ui.save_run"), id="attach-save-run", variant="primary")
            yield Static("", id="attach-save-status", classes="dialog-text")

    def on_mount(self) -> None:
        self.query_one("#attach-save-path", Input).focus()

    def status(self, message: str | Text, *, error: bool = False) -> None:
        self.query_one("#attach-save-status", Static).update(message)

    @on(Input.Submitted, "#attach-save-path")
    @on(Button.Pressed, "#attach-save-run")
    def run(self) -> None:
        typed = self.query_one("#attach-save-path", Input).value.strip()
        if not typed:
            return
        if Path(typed).expanduser().exists():

            def answered(yes: bool | None) -> None:
                if yes:
                    self._write(typed)

            self.app.push_screen(
                ConfirmScreen(
                    t("attach.ui.overwrite", path=typed), yes=t("attach.ui.overwrite_yes")
                ),
                answered,
            )
            return
        self._write(typed)

    def _write(self, typed: str) -> None:
        app, actor, info = self.app, self.actor, self.info
        self.call(
            lambda: _deliver(app, actor, info.id, typed),
            done=lambda r: self.status(t("attach.ui.saved", path=r[1], size=size_text(r[0]))),
        )

    def action_close(self) -> None:
        self.dismiss(None)


# --- attaching a file ----------------------------------------------------------------------


class AddAttachmentScreen(ServiceCalls, TranslatedBindings, ModalScreen[AttachmentInfo | None]):
    HELP_KEY = "help.attach_add"
    DEFAULT_CSS = DIALOG_CSS
    BINDINGS = [Binding("escape", "close", "key.close")]

    def __init__(
        self,
        actor: Actor,
        enrolment_id: int,
        stage: Stage,
        slots: list[tuple[str, str]],
        slot: str | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.actor = actor
        self.enrolment_id = enrolment_id
        self.stage = stage
        self.slots = slots
        self.first_slot = slot if slot in {s for _, s in slots} else slots[0][1]
        self.token: str | None = None
        self._poll = None
        self._asking = False
        self._refusal: tuple | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        local = reads_server_files(self.app)
        with VerticalScroll(classes="dialog", id="attach-box"):
            yield Static(t("attach.ui.add_title"), classes="dialog-title")
            yield Label(t("attach.ui.slot"))
            yield Select(
                [(literal(label, no_wrap=True, overflow="ellipsis"), key)
                 for label, key in self.slots],
                value=self.first_slot,
                allow_blank=False,
                id="attach-slot",
            )  # fmt: skip
            if local:
                yield Label(t("attach.ui.path"))
                yield Input(id="attach-path")
            else:
                yield Static(t("attach.ui.served_hint"), classes="dialog-text")
            yield Button(
                t("attach.ui.add_run" if local else "attach.ui.open_upload"),
                id="attach-run",
                variant="primary",
            )
            yield Static("", id="attach-status", classes="dialog-text")

    def on_mount(self) -> None:
        if reads_server_files(self.app):
            self.query_one("#attach-path", Input).focus()
        else:
            self.query_one("#attach-run", Button).focus()

    def status(self, message: str | Text, *, error: bool = False) -> None:
        self.query_one("#attach-status", Static).update(message)

    @property
    def slot(self) -> str:
        value = self.query_one("#attach-slot", Select).value
        return value if isinstance(value, str) else self.first_slot

    @on(Input.Submitted, "#attach-path")
    @on(Button.Pressed, "#attach-run")
    def run(self) -> None:
        if self._busy:
            return
        if served(self.app):  # never a path: the file is on the person's computer
            self._open_ticket()
            return
        typed = self.query_one("#attach-path", Input).value.strip()
        if not typed:
            self.status(t("attach.ui.no_path"))
            return
        self._busy = True
        self.status(t("attach.ui.reading"))
        slot = self.slot
        self.call(lambda: self._read_and_add(typed, slot), done=self._added, failed=self._refused)

    def _read_and_add(self, typed: str, slot: str) -> AttachmentInfo:
        path = Path(typed).expanduser()
        if not path.is_file():
            raise DomainError("attach.ui.not_a_file", path=str(path))
        try:
            size = path.stat().st_size
            if size > rules.MAX_BYTES:  # said without reading it
                raise DomainError(
                    "attach.too_big",
                    name=rules.clean_name(path.name),
                    size=rules.megabytes(size),
                    limit=rules.megabytes(rules.MAX_BYTES),
                )
            data = path.read_bytes()
        except OSError as exc:
            raise DomainError(
                "attach.ui.cannot_read", path=str(path), reason=exc.strerror or str(exc)
            ) from None
        return attachments.add(
            self.app.db, self.actor, self.enrolment_id, self.stage, slot, path.name, data
        )

    def _added(self, info: AttachmentInfo) -> None:
        self._busy = False
        self.dismiss(info)

    def _refused(self, exc: Exception) -> None:
        self._busy = False
        self.status(describe(exc))

    # --- served: the browser sends the file to the upload page -------------------------

    def _open_ticket(self) -> None:
        self._busy = True
        self._refusal = None
        slot = self.slot

        def opened(token: str) -> None:
            self.token = token
            self.query_one("#attach-slot", Select).disabled = True  # the ticket is for it
            self.query_one("#attach-run", Button).disabled = True
            self.app.open_url(f"/upload/{token}", new_tab=True)
            self.status(t("attach.ui.waiting"))
            if self._poll is not None:
                self._poll.stop()
            self._poll = self.set_interval(POLL_SECONDS, self._ask)

        self.call(
            attachments.open_ticket,
            self.app.db,
            self.actor,
            self.enrolment_id,
            self.stage,
            slot,
            done=opened,
            failed=self._refused,
        )

    def _ask(self) -> None:
        if self._asking or self.token is None:
            return
        self._asking = True
        self.call(
            attachments.ticket_state,
            self.app.db,
            self.actor,
            self.token,
            done=self._answer,
            failed=self._ask_failed,
        )

    def _ask_failed(self, exc: Exception) -> None:
        self._asking = False
        self.status(describe(exc))  # and asks again at the next tick

    def _answer(self, state: attachments.TicketState) -> None:
        self._asking = False
        if self.token is None:
            return
        if state.added is not None:
            self._stop()
            self.dismiss(state.added)
            return
        if state.expired:
            self._stop()
            self._busy = False
            self.token = None
            self.query_one("#attach-slot", Select).disabled = False
            self.query_one("#attach-run", Button).disabled = False
            self.query_one("#attach-run", Button).focus()
            self.status(t("attach.ui.expired"))
            return
        refusal = state.refusal
        seen = (refusal.key, tuple(sorted(refusal.params.items()))) if refusal else None
        if seen != self._refusal:
            self._refusal = seen
            if refusal is not None:
                self.status(fmt.error(refusal) + "\n" + t("attach.ui.waiting_again"))

    def _stop(self) -> None:
        if self._poll is not None:
            self._poll.stop()
            self._poll = None

    def action_close(self) -> None:
        self._stop()
        self.token = None
        self.dismiss(None)
