"""The machinery every stage screen shares.

- The stage is loaded in a worker thread; the screen builds its sections from the draft.
- Every change is written into ``self.doc`` (the draft as a dict) and saved about a
  second after the last keystroke, by a worker thread calling ``services.stages.save_draft``
  with the row version it loaded (optimistic locking). A save that meets someone
  else's change is refused; the typed text stays on screen and Ctrl+S can save it anyway.
- The status line shows the state in words and "Tersimpan HH:MM:SS".
- Ctrl+G submits after a confirmation (what is still missing is listed instead);
  a submitted or approved stage is shown read-only.
- F2 shows every submitted version with the decision and comments it received.
- The reviewer's latest comments appear inside the section they concern.
"""

from __future__ import annotations

import copy
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from diklat import textsafe
from diklat.domain import completeness
from diklat.domain.content import readable_part
from diklat.domain.workflow import Stage, State, stage_label, with_term
from diklat.i18n import has, t
from diklat.services import stages as stage_service
from diklat.services.actor import Actor
from diklat.services.errors import Conflict, Incomplete
from diklat.services.participant import stage_contents
from diklat.services.seminar import SeminarRubric, seminar_rubric
from diklat.textsafe import line, literal
from diklat.tui import format as fmt
from diklat.tui.navigation import screen_class
from diklat.tui.screens.base import ServiceScreen, describe
from diklat.tui.widgets.confirm import ConfirmScreen, MessageScreen
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.form import (
    FieldSpec,
    is_editor,
    make_editor,
    refresh_choices,
    shown,
    unreadable_date,
    widget_value,
)
from diklat.tui.widgets.itemlist import ItemList
from diklat.tui.widgets.status import state_text
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

EDITABLE_STATES = frozenset({State.NOT_STARTED, State.DRAFT, State.REVISION_REQUESTED})


class StageScreen(ServiceScreen, inherit_bindings=False):
    """Base of the participant's stage screens; subclasses set STAGE and build sections."""

    STAGE: ClassVar[Stage]
    CONTEXT: ClassVar[tuple[Stage, ...]] = ()  # other stages this one builds on
    CSS_PATH = Path(__file__).parent / "participant.tcss"
    AUTOSAVE_DELAY = 0.8  # seconds after the last change
    # In footer order: the most needed first, so that 80 columns still show them.
    BINDINGS = [
        Binding("ctrl+g", "submit", "key.submit"),
        Binding("f1", "app.help", "key.help"),
        Binding("ctrl+s", "save_now", "key.save_now"),
        Binding("f2", "history", "key.history"),
        Binding("escape", "back", "key.back"),
        Binding("ctrl+r", "reload", "key.reload", show=False),
        # Tab moves the focus in the app's own loop (priority), so keys typed right
        # after it already reach the next field instead of the one being left.
        Binding("tab", "app.focus_next", "key.next_field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "key.previous_field", show=False, priority=True),
        Binding("ctrl+down", "section(1)", "key.next_section", show=False),
        Binding("ctrl+up", "section(-1)", "key.previous_section", show=False),
        # Not inherited (the order above is the footer's): Textual's copy key kept.
        *(b for b in Screen.BINDINGS if b.action == "screen.copy_text"),
    ]

    def __init__(self, actor: Actor, enrolment_id: int, *, read_only: bool = False) -> None:
        super().__init__()
        self.actor = actor
        self.enrolment_id = enrolment_id
        self.read_only = read_only  # someone else's stage, shown as it is stored
        self.view: stage_service.StageView | None = None
        self.context: dict[Stage, dict[str, Any]] = {}
        self.doc: dict[str, Any] = {}
        self._saved_doc: dict[str, Any] | None = None
        self.row_version: int | None = None
        self.state = State.NOT_STARTED
        self._timer = None
        self._saving = False
        self._again = False
        self._conflict = False
        self._leaving = False
        self._after_leave = None
        self._saved_at: datetime | None = None
        self._error_note: str | None = None
        self._stored: dict[str, Any] | None = None  # the last snapshot a save wrote
        self._bad_dates: dict[Widget, None] = {}  # date fields whose text could not be read
        self._db_lock = threading.Lock()
        self.loaded = False

    # --- what subclasses provide ----------------------------------------------------

    def build(self) -> list[Widget]:  # pragma: no cover - every stage overrides it
        raise NotImplementedError

    def prepare(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Fill a draft from earlier stages when it is new (or keep lists in step)."""
        return doc

    def on_doc_changed(self, section: str) -> None:
        """Refresh live views (rankings, charts) after ``section`` changed."""

    def help_extra(self) -> str:
        """More of F1's text, after the stage's own (a screen's extra sections)."""
        return ""

    # List items whose named field may not be blank in a saved document.
    REQUIRED_ITEM_FIELDS: ClassVar[dict[str, str]] = {}

    def saveable(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The document as it can be stored while it is still being written: a list item
        whose required field was cleared keeps a placeholder instead of failing the save."""
        for list_name, field_name in self.REQUIRED_ITEM_FIELDS.items():
            for item in doc.get(list_name) or []:
                if not str(item.get(field_name) or "").strip():
                    item[field_name] = t("form.untitled")
        return doc

    # --- layout ----------------------------------------------------------------------

    @property
    def HELP_KEY(self) -> str:  # noqa: N802 - read by the app's F1 action like a class constant
        return f"help.stage_{self.STAGE.value}"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="stage-top"):
            yield Static(Text(t(f"stage.{self.STAGE.value}"), style="bold"), id="stage-title")
            yield StatusLine(t("participant.loading"), id="stage-status")
            yield Static("", id="stage-banner")
        yield VerticalScroll(id="stage-body")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.sub_title = t(f"stage.{self.STAGE.value}")
        self.query_one("#stage-banner").display = False
        self.load()

    @property
    def term(self) -> str:
        """The cohort's name for the change project (*proyek* or *aksi perubahan*)."""
        return self.view.project_term if self.view else ""

    def termed(self, text: str) -> str:
        """``text`` (already in the person's language) in the cohort's own words."""
        return with_term(text, self.term)

    @property
    def stage_name(self) -> str:
        return stage_label(self.STAGE, self.term)

    @property
    def editable(self) -> bool:
        return self.loaded and not self.read_only and self.state in EDITABLE_STATES

    def section(
        self, name: str, *widgets: Widget, title: str | None = None, help: str | None = None
    ) -> Vertical:
        """A titled block for document section ``name``, with the reviewer's comments on it."""
        children: list[Widget] = [
            Label(
                self.termed(t(title or f"doc.{self.STAGE.value}.{name}")), classes="section-title"
            )
        ]
        notes = self._comments_for(name)
        if notes:
            children.append(Static(notes, classes="review-note"))
        if help:  # a catalogue key, or text already in the user's language
            text = self.termed(t(help)) if has(help) else help
            children.append(Static(text, classes="section-help"))
        children.extend(widgets)
        return Vertical(*children, id=f"sec-{name}", classes="section")

    def field(self, spec: FieldSpec) -> Widget:
        """An editor bound to the top-level document field ``spec.name``."""

        def get() -> Any:
            return self.doc.get(spec.name)

        def set_(value: Any) -> None:
            self.doc[spec.name] = value

        return make_editor(spec, get, set_, id=f"f-{spec.name}")

    def text_section(
        self, name: str, *, height: int = 4, help: str | None = None, kind: str = "text"
    ) -> Vertical:
        spec = FieldSpec(name, f"doc.{self.STAGE.value}.{name}", kind=kind, height=height)
        return self.section(name, self.field(spec), help=help)

    def seminar_section(self, seminar: SeminarRubric) -> Vertical:
        from diklat.tui.screens.participant.seminar import seminar_text

        return Vertical(
            Label(t("seminar.title"), classes="section-title"),
            Static(seminar_text(seminar, self.term), id="seminar-rubric"),
            id="sec-seminar",
            classes="section",
        )

    def _comments_for(self, section: str) -> Text | None:
        review = self.view.latest_review if self.view else None
        if review is None:
            return None
        notes = [c for c in review.comments if c.section == section]
        if not notes:
            return None
        text = Text()
        for i, c in enumerate(notes):
            if i:
                text.append("\n")
            text.append_text(
                textsafe.message(
                    "participant.comment_from",
                    name=c.author,
                    version=review.submission_number,
                    style="bold",
                )
            )
            text.append(" ")
            text.append_text(literal(c.text, multiline=True))
        return text

    # --- loading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        try:
            view = stage_service.get_stage(self.app.db, self.actor, self.enrolment_id, self.STAGE)
            context = stage_contents(self.app.db, self.actor, self.enrolment_id, self.CONTEXT)
            seminar = seminar_rubric(self.app.db, self.actor, self.enrolment_id, self.STAGE)
        except Exception as exc:  # the screen's error policy (screens/base.py)
            self.app.call_from_thread(self.show_error, describe(exc))
            return
        self.app.call_from_thread(self._loaded, view, context, seminar)

    async def _loaded(
        self,
        view: stage_service.StageView,
        context: dict[Stage, dict[str, Any]],
        seminar: SeminarRubric | None = None,
    ) -> None:
        self._error_note = None
        self.view = view
        self.context = context
        self.sub_title = self.stage_name  # in the cohort's words, now that they are known
        self.query_one("#stage-title", Static).update(Text(self.stage_name, style="bold"))
        self.state = view.state
        self.row_version = view.row_version
        self._saved_doc = copy.deepcopy(view.draft)
        self._stored = None
        self._saved_at = view.draft_saved_at
        self._conflict = False
        self.loaded = True
        draft, dropped = readable_part(self.STAGE, view.draft)
        self.doc = self.prepare(copy.deepcopy(draft))
        if view.state is State.NOT_STARTED or dropped:
            # Opening a stage writes nothing: the first change the user makes starts the
            # draft (and only then replaces a damaged one with what is shown).
            self._saved_doc = copy.deepcopy(self.doc)
        body = self.query_one("#stage-body", VerticalScroll)
        await body.remove_children()
        try:
            await body.mount_all(self.build())
            if seminar is not None:  # what the seminar judges, before the work
                await body.mount(self.seminar_section(seminar), before=0)
            self.on_doc_changed("")
        except Exception as exc:  # a draft this screen cannot draw: said, never the end
            self.loaded = False  # nothing can be edited or saved from a half-built screen
            self.show_error(describe(exc))
            return
        if not self.editable:
            self._lock_editors()
        self._show_status()
        self._show_banner()
        self._focus_first()
        self.refresh_bindings()
        if dropped:
            self.show_error(t("participant.damaged", places=self._places(dropped)))
        if self.editable and self.doc != self._saved_doc and self.state is not State.NOT_STARTED:
            self.schedule_save()  # carry-overs filled in by prepare()

    def _places(self, dropped: list[tuple[str | int, ...]]) -> str:
        """Where the unreadable values of a draft were, in words: "Akar penyebab 1 category"."""
        out = []
        for loc in dropped:
            if not loc:
                out.append(t("participant.damaged_whole"))
                continue
            section, *rest = loc
            key = f"doc.{self.STAGE.value}.{section}"
            words = [t(key) if has(key) else str(section)]
            words += [str(step + 1) if isinstance(step, int) else str(step) for step in rest]
            out.append(" ".join(words))
        return "; ".join(dict.fromkeys(out))

    def _focus_first(self) -> None:
        body = self.query_one("#stage-body")
        for w in self.focus_chain:
            if body in w.ancestors:
                w.focus()
                return

    def _lock_editors(self) -> None:
        for w in self.query("#stage-body *"):
            if is_editor(w):
                w.disabled = True
        for lst in self.query(ItemList):
            lst.set_editable(False)

    def _show_status(self, note: str | None = None) -> None:
        text = Text()
        text.append_text(state_text(self.state))
        if self.view and self.view.versions:
            text.append("  ·  " + t("participant.versions", count=len(self.view.versions)))
        if self.view and (self.view.deadline or self.view.extended_to):
            due = self.view.extended_to or self.view.deadline
            text.append("  ·  " + t("participant.deadline", date=fmt.day(due)))
        if note is None:
            if self.read_only:
                note = t("mine.read_only")
            elif not self.editable:
                note = t("participant.read_only")
            elif self._conflict:
                note = t("participant.not_saved")
            elif self._saved_doc is not None and self.doc != self._saved_doc:
                note = t("participant.unsaved")
            elif self._saved_at is not None:
                note = t("participant.saved_at", time=fmt.saved(self._saved_at))
            elif self.state is State.NOT_STARTED and any(
                v not in (None, "", [], {})
                for k, v in self.doc.items()
                if not k.startswith("instrument_")
            ):
                note = t("participant.prefilled")
            else:
                note = t("participant.nothing_yet")
        text.append("  ·  ")
        text.append(note, style="bold")
        problems = [self._error_note] if self._error_note else []
        problems += self._date_notes()
        for problem in problems:
            text.append("\n⚠ ", style="bold")
            text.append(problem, style="bold")
        if text.plain != getattr(self, "_status_plain", None):  # an update re-lays the screen out
            self._status_plain = text.plain
            self.status(text, error=bool(problems))

    def _date_notes(self) -> list[str]:
        """A date typed so that it cannot be read is not stored: said, naming the field and
        the text, once the person is done with it (left the field, or typed it in full)."""
        notes = []
        for w in list(self._bad_dates):
            typed = unreadable_date(w) if w.is_attached else None
            if typed is None:
                del self._bad_dates[w]  # corrected, cleared, or another row's date shown
            elif w is not self.focused or len(typed) >= 10:
                notes.append(t("form.date_unreadable", field=t(w.field_spec.label), value=typed))
        return notes

    def _show_banner(self, message: str | Text | None = None) -> None:
        banner = self.query_one("#stage-banner", Static)
        if message is None:
            review = self.view.latest_review if self.view else None
            lines = []
            if self.state is State.REVISION_REQUESTED:
                lines.append(t("participant.banner.revision"))
            elif self.state is State.SUBMITTED:
                lines.append(t("participant.banner.submitted"))
            elif self.state is State.APPROVED:
                lines.append(t("participant.banner.approved"))
            if review is not None:
                general = [c for c in review.comments if not c.section]
                other = [
                    c for c in review.comments if c.section and not self.query(f"#sec-{c.section}")
                ]
                for c in general + other:
                    lines.append(
                        line(
                            textsafe.message(
                                "participant.comment_from",
                                name=c.author,
                                version=review.submission_number,
                            ),
                            " ",
                            c.text,
                        )
                    )
            # A Text, never a str: the comments are user text and must not be read as markup.
            message = (
                Text("\n").join(Text(x) if isinstance(x, str) else x for x in lines)
                if lines
                else None
            )
        banner.update(message or "")
        banner.display = bool(message)

    def show_error(self, message: str) -> None:
        """The screen's error policy: the message in the status line, under the state;
        what was typed stays on screen. Gone once a save or a reload succeeds."""
        self._error_note = message
        self._show_status(t("participant.not_saved") if self._conflict else None)

    # --- changes and autosave --------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _field_changed(self, event) -> None:
        w = event.control
        if not is_editor(w) or not self.editable:
            return
        ok, value = widget_value(w)
        if w.field_spec.kind == "date" and (not ok or w in self._bad_dates):
            self._bad_dates[w] = None
            self._show_status()
        if not ok or value == w.field_get() or value == shown(w.field_spec, w.field_get()):
            return
        w.field_set(value)
        self.changed(w.field_spec.name.split(".")[0])

    @on(Input.Blurred)
    def _field_left(self, event: Input.Blurred) -> None:
        if event.input in self._bad_dates:
            self._show_status()

    @on(ItemList.Changed)
    def _list_changed(self, event: ItemList.Changed) -> None:
        if self.editable:
            self.changed(event.item_list.list_name)

    def changed(self, section: str) -> None:
        self.on_doc_changed(section)
        self.schedule_save()

    def refresh_choice_fields(self) -> None:
        for w in self.query("#stage-body *"):
            if is_editor(w) and not any(isinstance(a, ItemList) for a in w.ancestors):
                refresh_choices(w)
        for lst in self.query(ItemList):
            lst.refresh_choices()

    def schedule_save(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.AUTOSAVE_DELAY, self.save_now)
        if not self._conflict:
            self._show_status()

    def save_now(self, *, overwrite: bool = False) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.editable or (self._conflict and not overwrite):
            if self._leaving and not self._conflict:
                self._finish_leave()
            return
        if self._saving:
            self._again = True
            return
        snapshot = copy.deepcopy(self.doc)
        if snapshot == self._saved_doc and not overwrite:
            self._show_status()
            if self._leaving:
                self._finish_leave()
            return
        self._saving = True
        self._show_status(t("participant.saving"))
        self._save_worker(snapshot, overwrite)

    @work(thread=True, group="save")
    def _save_worker(self, snapshot: dict[str, Any], overwrite: bool) -> None:
        try:
            with self._db_lock:
                expected = self.row_version
                if overwrite:
                    expected = stage_service.get_stage(
                        self.app.db, self.actor, self.enrolment_id, self.STAGE
                    ).row_version
                saved = stage_service.save_draft(
                    self.app.db,
                    self.actor,
                    self.enrolment_id,
                    self.STAGE,
                    self.saveable(copy.deepcopy(snapshot)),
                    expected_version=expected,
                )
                self.row_version = saved.row_version
                self._stored = snapshot
        except Conflict as exc:
            self.app.call_from_thread(self._save_failed, fmt.error(exc), True)
        except Exception as exc:  # the screen's error policy (screens/base.py)
            self.app.call_from_thread(self._save_failed, describe(exc), False)
        else:
            self.app.call_from_thread(self._save_done, snapshot, saved)

    def flush_pending(self) -> bool:
        """Save the change waiting for its autosave now, on the calling thread (the app
        is closing: DiklatApp.flush_pending). A save under way finishes first (the
        lock); what it stored is compared, not what the UI thread has heard of yet."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.editable or self._conflict:
            return False
        with self._db_lock:
            stored = self._stored if self._stored is not None else self._saved_doc
            if self.doc == stored:
                return False
            snapshot = copy.deepcopy(self.doc)
            saved = stage_service.save_draft(
                self.app.db,
                self.actor,
                self.enrolment_id,
                self.STAGE,
                self.saveable(copy.deepcopy(snapshot)),
                expected_version=self.row_version,
            )
            self.row_version = saved.row_version
            self._stored = snapshot
        return True

    def _save_done(self, snapshot: dict[str, Any], saved: stage_service.Saved) -> None:
        self._error_note = None
        self._saving = False
        self._conflict = False
        self._saved_doc = snapshot
        self._saved_at = saved.saved_at
        if self.state is State.NOT_STARTED:
            self.state = State.DRAFT
        self._show_status()
        self._show_banner()
        if self._again or self.doc != self._saved_doc:
            self._again = False
            self.save_now()
        elif self._leaving:
            self._finish_leave()

    def _save_failed(self, message: str, conflict: bool) -> None:
        self._saving = False
        self._again = False
        self._leaving = False
        self._conflict = conflict
        self._show_status(t("participant.not_saved"))
        if conflict:
            message = message + "\n" + t("participant.conflict_help")
        self.show_error(message)

    # --- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A read-only stage does not offer submitting or saving in the footer.
        if action in ("submit", "save_now") and self.loaded and not self.editable:
            return False
        return True

    def action_back(self) -> None:
        self.leave_then(None)

    def leave_then(self, after) -> None:
        """Close the screen (saving a pending change first), then call ``after``."""
        self._after_leave = after
        if self.editable and not self._conflict and (self._saving or self.doc != self._saved_doc):
            self._leaving = True
            self.save_now()
            return
        if self._conflict and self.doc != self._saved_doc:

            def answer(yes: bool | None) -> None:
                if yes:
                    self._finish_leave()

            self.app.push_screen(ConfirmScreen(t("participant.leave_unsaved")), answer)
            return
        self._finish_leave()

    def _finish_leave(self) -> None:
        self._leaving = False
        after, self._after_leave = self._after_leave, None
        if self.app.screen is self:
            self.app.pop_screen()
        if after is not None:
            after()

    def action_save_now(self) -> None:
        if not self.editable:
            self.notify(t("participant.read_only"))
            return
        self.save_now(overwrite=self._conflict)

    def action_reload(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.load()

        if self.editable and self.doc != self._saved_doc:
            self.app.push_screen(ConfirmScreen(t("participant.reload_confirm")), answer)
        else:
            self.load()

    def action_section(self, step: int) -> None:
        """Ctrl+↓ / Ctrl+↑: to the first field of the next / previous section."""
        sections = list(self.query("#stage-body .section"))
        if not sections:
            return
        focused = self.focused
        here = next(
            (
                i
                for i, sec in enumerate(sections)
                if focused is not None and sec in focused.ancestors_with_self
            ),
            -1,
        )
        chain = self.focus_chain
        i = here + step
        while 0 <= i < len(sections):
            target = next((w for w in chain if sections[i] in w.ancestors), None)
            if target is not None:
                target.focus()
                self.query_one("#stage-body").scroll_to_widget(sections[i], top=True)
                return
            i += step

    def help_text(self) -> str:
        """F1 (the app's): this stage's help, then the keys every stage shares."""
        return self.termed(t(self.HELP_KEY)) + self.help_extra() + t("help.stage_common")

    def action_history(self) -> None:
        HistoryScreen = screen_class("stage_history")

        self.app.push_screen(
            HistoryScreen(self.actor, self.enrolment_id, self.STAGE, term=self.term)
        )

    def missing(self) -> list[completeness.Missing]:
        return completeness.missing(self.STAGE, self.doc, self.context)

    def action_submit(self) -> None:
        if not self.loaded:
            return
        if not self.editable:
            self.notify(t("participant.read_only"))
            return
        gaps = self.missing()
        if gaps:
            self._show_missing(gaps)
            return
        number = len(self.view.versions) + 1 if self.view else 1
        question = t("participant.submit_confirm", stage=self.stage_name, version=number)

        def answer(yes: bool | None) -> None:
            if yes:
                if self._timer is not None:
                    self._timer.stop()
                    self._timer = None
                self._show_status(t("participant.submitting"))
                self._submit_worker(copy.deepcopy(self.doc))

        self.app.push_screen(ConfirmScreen(question), answer)

    def _show_missing(self, gaps: list[completeness.Missing]) -> None:
        body = "\n".join(
            f"• {t(f'doc.{self.STAGE.value}.{g.section}')}: {g.message()}" for g in gaps
        )
        self.app.push_screen(MessageScreen(t("participant.incomplete_title"), body))

    @work(thread=True, group="save")
    def _submit_worker(self, snapshot: dict[str, Any]) -> None:
        try:
            with self._db_lock:
                saved = stage_service.save_draft(
                    self.app.db,
                    self.actor,
                    self.enrolment_id,
                    self.STAGE,
                    self.saveable(copy.deepcopy(snapshot)),
                    expected_version=self.row_version,
                )
                self.row_version = saved.row_version
                number = stage_service.submit_stage(
                    self.app.db, self.actor, self.enrolment_id, self.STAGE
                )
        except Incomplete as exc:
            self.app.call_from_thread(self._submit_failed, None, exc.missing)
        except Exception as exc:  # the screen's error policy (screens/base.py)
            self.app.call_from_thread(self._submit_failed, describe(exc), None)
        else:
            self.app.call_from_thread(self._submitted, number)

    def _submit_failed(self, message: str | None, gaps: list | None) -> None:
        self._show_status()
        if gaps:
            self._show_missing(gaps)
        elif message:
            self.show_error(message)

    def _submitted(self, number: int) -> None:
        self.notify(t("participant.submitted", stage=self.stage_name, version=number))
        self.load()
