"""Reviewing one submission: read it by section, see what changed, comment, decide.

Left: the sections, each marked when it changed since the previous version or
carries a comment. Right: the selected section read-only, its changes, and my
comment on it. Below: the overall comment and the decision. Ctrl+S saves the
decision; Ctrl+N saves it and opens the next submission waiting for me. A save
refused because someone decided meanwhile keeps every typed comment.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from diklat.domain import attachments as attachment_rules
from diklat.domain import completeness
from diklat.domain.errors import DomainError
from diklat.domain.workflow import Stage, State, stage_label
from diklat.i18n import t
from diklat.services import attachments, review
from diklat.services.attachments import AttachmentInfo
from diklat.services.participant import stage_contents
from diklat.services.review import QueueItem, ReviewData
from diklat.textsafe import scrub, visible
from diklat.tui import format as fmt
from diklat.tui.navigation import screen_class
from diklat.tui.screens.attachments import AttachmentPanel, files_text
from diklat.tui.screens.base import ServiceScreen, describe
from diklat.tui.screens.review.render import (
    STATUS_SYMBOL,
    render_diff,
    render_section,
    section_label,
    visible_sections,
)
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.status import state_text
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

OVERALL = ""
ATTACHMENTS = "#attachments"  # the sections list's entry for the files the version holds
# The section whose milestones the files are attached to, by stage.
MILESTONE_SECTION = {Stage.IMPLEMENTATION: "progress", Stage.REPORT: "achievements"}
# Unsent comments are kept (services.review.save_review_draft) this long after the last change.
DRAFT_DELAY = 1.0


class ReviewScreen(ServiceScreen):
    CSS_PATH = "review.tcss"
    HELP_KEY = "help.review"
    BINDINGS = [
        Binding("ctrl+s", "save", "key.review_save", priority=True),
        Binding("ctrl+g", "save_next", "key.review_save_next", priority=True),
        Binding("ctrl+b", "bank", "key.review_bank", priority=True),
        Binding("ctrl+k", "to_bank", "key.review_to_bank", priority=True),
        Binding("f4", "mark", "key.review_mark"),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, enrolment_id: int, stage: Stage, *, cohort_id: int | None = None) -> None:
        super().__init__()
        self.enrolment_id = enrolment_id
        self.stage = stage
        self.cohort_id = cohort_id
        self.data: ReviewData | None = None
        self.comments: dict[str, str] = {}
        self.section: str | None = None
        self.saving = False
        self._draft_timer = None
        self._draft_kept: tuple | None = None  # what the stored draft holds (comments, decision)
        self.files: list[AttachmentInfo] | None = None  # the version's attachments, once read
        self.milestones: dict[str, str] = {}  # the design's milestone titles, by key

    # --- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="review"):
            yield Static(t("home.loading"), id="review-head")
            with Horizontal(id="review-main"):
                with Vertical(id="review-left"):
                    yield Label(t("review.sections"), classes="field-label")
                    yield OptionList(id="review-sections")
                with Vertical(id="review-right"):
                    with VerticalScroll(id="review-body"):
                        yield Static("", id="review-section-title", classes="panel-title")
                        # on a resubmission: what was asked, what changed, then the whole section
                        yield Static("", id="review-history", classes="history")
                        yield Static("", id="review-diff", classes="diff")
                        yield Static("", id="review-content")
                        yield AttachmentPanel(
                            self.actor,
                            self.enrolment_id,
                            self.stage,
                            slot_label=self._slot_label,
                            autoload=False,
                            id="review-attachments",
                        )
                    yield Label(
                        t("review.section_comment"),
                        id="review-comment-label",
                        classes="field-label",
                    )
                    yield TextArea(id="review-comment", soft_wrap=True)
            with Horizontal(id="review-bottom"):
                with Vertical(id="review-overall-box"):
                    yield Label(t("review.overall_comment"), classes="field-label")
                    yield TextArea(id="review-overall", soft_wrap=True)
                with Vertical(id="review-decide"):
                    yield Label(
                        t("review.decision_none"), id="review-decision-label", classes="field-label"
                    )
                    with RadioSet(id="review-decision"):
                        yield RadioButton(t("review.approve"), id="decide-approve")
                        yield RadioButton(t("review.request_revision"), id="decide-revise")
                with Vertical(id="review-buttons"):
                    yield Button(t("review.save"), id="review-save")
                    yield Button(t("review.save_next"), id="review-save-next", variant="primary")
            yield StatusLine("", id="review-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#review-attachments").display = False
        self.load()

    # --- loading ---------------------------------------------------------------------

    def load(self, *, keep: bool = False) -> None:
        if not keep:
            self.comments = {}
            self.section = None
            overall = self.query_one("#review-overall", TextArea)
            overall.text = ""
            overall.disabled = False
            for button in self.query(RadioButton):
                button.value = False
            self.query_one("#review-decision-label", Label).update(t("review.decision_none"))
        self.call(
            review.open_review, self.db, self.actor, self.enrolment_id, self.stage, done=self.show
        )

    def show(self, data: ReviewData) -> None:
        self.data = data
        self._draft_kept = ((), None)  # nothing kept: an empty form is not a change to save
        decided = self._decided(data)
        if decided is not None:
            self._show_decided(decided)
        elif (
            data.draft is not None
            and not self.comments
            and not self.query_one("#review-overall", TextArea).text
        ):
            self._restore(data.draft)
        head = Text()
        head.append(visible(data.participant), style="bold")
        head.append(
            f"  ·  NDH {data.ndh}  ·  {visible(data.cohort_code)}  ·  {stage_label(data.stage, data.project_term)}\n"
        )
        if data.version is None:
            head.append(t("review.no_version"))
        else:
            head.append(
                t(
                    "review.version_line",
                    version=data.version,
                    count=len(data.versions),
                    date=fmt.moment(data.submitted_at),
                )
            )
            head.append("  ·  ")
            if data.previous_version is None:
                head.append(t("review.first_version"))
            else:
                changed = [d for d in data.diffs or [] if d.changed]
                head.append(
                    t("review.changed_count", count=len(changed), previous=data.previous_version)
                )
        head.append("\n" + t("review.state_is") + " ")
        head.append_text(state_text(data.state))
        if data.on_behalf_of:
            head.append("  ·  " + t("review.on_behalf", name=visible(data.on_behalf_of)))
        if not data.can_decide:
            head.append("\n" + self._why_not(data), style="italic")
        self.query_one("#review-head", Static).update(scrub(head))
        # Nothing submitted: nothing to decide, so no decision form (F3 from marking on a
        # document never submitted showed an empty one).
        submitted = data.version is not None
        for widget_id in ("#review-bottom", "#review-comment-label", "#review-comment"):
            self.query_one(widget_id).display = submitted
        self._fill_sections()
        self._read_files(data)
        for widget_id in ("#review-save", "#review-save-next"):
            self.query_one(widget_id, Button).disabled = not data.can_decide
        self.query_one("#review-decision", RadioSet).disabled = not data.can_decide

    @staticmethod
    def _decided(data: ReviewData):
        """The decision taken on the version shown, if it was decided (else None)."""
        if data.version is None or data.state not in (State.APPROVED, State.REVISION_REQUESTED):
            return None
        return next((p for p in reversed(data.history) if p.version == data.version), None)

    def _show_decided(self, past) -> None:
        """The form shows the decision taken on this version and the comments sent with it,
        read-only: the screen tells the same story as its head ("Perlu revisi")."""
        self.comments = {c.section: c.text for c in past.comments if c.section}
        self.query_one("#review-overall", TextArea).text = "\n\n".join(
            c.text for c in past.comments if not c.section
        )
        approved = past.decision is State.APPROVED
        self.query_one(
            "#decide-approve" if approved else "#decide-revise", RadioButton
        ).value = True
        self.query_one("#review-decision-label", Label).update(
            t(
                "review.decision_taken",
                decision=t(f"state.{past.decision.value}"),
                reviewer=visible(past.reviewer),
                date=fmt.moment(past.at),
            )
        )
        self.query_one("#review-overall", TextArea).disabled = True

    def _why_not(self, data: ReviewData) -> str:
        if data.version is None:
            return t("review.cannot.nothing")
        if data.state is not State.SUBMITTED:
            return t("review.cannot.state", state=t(f"state.{data.state.value}"))
        if data.reviewer and not data.on_behalf_of:
            return t("review.cannot.not_reviewer", name=visible(data.reviewer))
        return t("review.cannot.read_only")

    def _fill_sections(self) -> None:
        data = self.data
        options = self.query_one("#review-sections", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for name in visible_sections(data.sections):
            options.add_option(Option(self._section_prompt(name), id=name))
        if data.stage in attachment_rules.STAGES:
            options.add_option(Option(self._files_prompt(), id=ATTACHMENTS))
        if data.history:
            options.add_option(
                Option(
                    Text(t("review.history_option", count=len(data.history)), style="italic"),
                    id="#history",
                )
            )
        if options.option_count:
            options.highlighted = (
                highlighted if highlighted is not None and highlighted < options.option_count else 0
            )
        if self.section is None:
            changed = [
                d.section
                for d in data.diffs or []
                if d.changed and d.section in visible_sections(data.sections)
            ]
            first = changed[0] if changed else (visible_sections(data.sections) or [None])[0]
            if first is not None:
                options.highlighted = options.get_option_index(first)
        self._show_section(
            options.get_option_at_index(options.highlighted).id
            if options.highlighted is not None
            else None
        )
        if self.focused is None:
            options.focus()

    # --- the files the version holds ----------------------------------------------------

    def _read_files(self, data: ReviewData) -> None:
        if data.stage not in attachment_rules.STAGES:
            self.files = None
            return
        db, actor = self.db, self.actor

        def read() -> tuple[list[AttachmentInfo], dict[str, str]]:
            files = attachments.list_attachments(
                db, actor, data.enrolment_id, data.stage, version=data.version
            )
            design = stage_contents(db, actor, data.enrolment_id, (Stage.DESIGN,))[Stage.DESIGN]
            titles = {
                m["key"]: str(m.get("title") or m["key"])
                for m in completeness.short_term_milestones(design)
            }
            return files, titles

        self.call(read, done=lambda found: self._show_files(data, *found))

    def _show_files(
        self, data: ReviewData, files: list[AttachmentInfo], titles: dict[str, str]
    ) -> None:
        if data is not self.data:
            return  # another submission is shown by now
        self.files, self.milestones = files, titles
        panel = self.query_one("#review-attachments", AttachmentPanel)
        panel.enrolment_id, panel.stage, panel.version = data.enrolment_id, data.stage, data.version
        panel.show(files)
        options = self.query_one("#review-sections", OptionList)
        try:
            index = options.get_option_index(ATTACHMENTS)
        except Exception:  # noqa: BLE001 - the list was refilled meanwhile
            return
        options.replace_option_prompt_at_index(index, self._files_prompt())
        if self.section in (ATTACHMENTS, MILESTONE_SECTION.get(data.stage)):
            self._show_section(self.section)

    def _files_prompt(self) -> Text:
        text = Text("  ")
        if self.files is None:
            text.append(t("attach.ui.section"))
        else:
            text.append(t("attach.ui.count", count=len(self.files)))
        return text

    def _slot_label(self, slot: str) -> str:
        if slot == attachment_rules.REPORT_WHOLE:
            return t("attach.ui.report_whole")
        return self.milestones.get(slot, slot)

    @on(OptionList.OptionSelected, "#review-sections")
    def section_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on "Lampiran": into the list of files, where Enter saves one."""
        if event.option.id == ATTACHMENTS and self.files:
            self.query_one("#review-attachments", AttachmentPanel).table.focus()

    def _section_prompt(self, name: str) -> Text:
        diff = self.data.diff(name) if self.data else None
        text = Text()
        symbol = STATUS_SYMBOL[diff.status] if diff is not None else " "
        text.append(f"{symbol} ", style="bold")
        text.append(section_label(name, self.data.stage, self.data.project_term))
        if diff is not None and diff.changed:
            text.append(f" ({t(f'review.change.{diff.status}')})", style="italic")
        if self.comments.get(name, "").strip():
            text.append(" ✎", style="bold")
        return text

    def _show_section(self, name: str | None) -> None:
        data = self.data
        if data is None or name is None:
            return
        self._store_comment()
        if name != self.section:  # another section opens at its top
            self.query_one("#review-body", VerticalScroll).set_scroll(None, 0)
        self.section = name
        title = self.query_one("#review-section-title", Static)
        content = self.query_one("#review-content", Static)
        diff_box = self.query_one("#review-diff", Static)
        history = self.query_one("#review-history", Static)
        comment = self.query_one("#review-comment", TextArea)
        files_panel = self.query_one("#review-attachments", AttachmentPanel)
        files_panel.display = name == ATTACHMENTS
        if name == ATTACHMENTS:
            title.update(t("attach.ui.section"))
            content.update(t("attach.ui.section_help_read"))
            diff_box.display = False
            history.display = False
            comment.disabled = True
            self.query_one("#review-comment-label", Label).update(t("attach.ui.no_comment"))
            return
        if name == "#history":
            title.update(t("review.history"))
            content.update("")
            diff_box.display = False
            history.display = True
            history.update(self._history_text())
            comment.disabled = True
            self.query_one("#review-comment-label", Label).update(t("review.history_no_comment"))
            return
        past = self._past_comments_for(name)
        history.update(past)
        history.display = bool(past)
        title.update(section_label(name, data.stage, data.project_term))
        shown = render_section(data.stage, name, data.content.get(name), data.content)
        if self.files and name == MILESTONE_SECTION.get(data.stage):
            shown.append("\n")
            shown.append_text(files_text(self.files, self._slot_label))
        content.update(shown)
        diff = data.diff(name)
        diff_box.update(render_diff(diff, data.previous_version) if diff is not None else "")
        diff_box.display = diff is not None
        comment.disabled = not data.can_decide
        self.query_one("#review-comment-label", Label).update(
            t(
                "review.section_comment_for",
                section=section_label(name, data.stage, data.project_term),
            )
        )
        # The same section shown again (its prompt gains its mark as the first character
        # is typed) keeps the text area as it is: setting it put the cursor back at the
        # start, and the keys typed next landed before the first one.
        wanted = self.comments.get(name, "")
        if comment.text != wanted:
            comment.text = wanted

    def _past_comments_for(self, name: str) -> Text:
        out = Text()
        shown = self._decided(self.data)
        for past in self.data.history:
            if past is shown:  # its comments are in the form below
                continue
            for c in past.comments:
                if c.section == name:
                    if not out:
                        out.append(t("review.past_comments") + "\n", style="bold")
                    out.append(f"  v{past.version} · {visible(c.author)}: ", style="italic")
                    out.append(f"{visible(c.text, multiline=True)}\n")
        return scrub(out)

    def _history_text(self) -> Text:
        out = Text()
        for past in self.data.history:
            out.append(
                t(
                    "review.history_line",
                    version=past.version,
                    decision=t(f"state.{past.decision.value}"),
                    reviewer=visible(past.reviewer),
                    date=fmt.moment(past.at),
                ),
                style="bold",
            )
            if past.recorded_by:
                out.append(" " + t("home.recorded_by", name=visible(past.recorded_by)))
            out.append("\n")
            for c in past.comments:
                where = (
                    section_label(c.section, self.data.stage, self.data.project_term)
                    if c.section
                    else t("review.overall")
                )
                out.append(f"  • {where}: ", style="italic")
                out.append(f"{visible(c.text, multiline=True)}\n")
        return scrub(out) if out else Text(t("review.history_none"))

    def _store_comment(self) -> None:
        if self.section and self.section not in ("#history", ATTACHMENTS):
            self.comments[self.section] = self.query_one("#review-comment", TextArea).text

    @on(OptionList.OptionHighlighted, "#review-sections")
    def section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_section(event.option.id)

    @on(TextArea.Changed, "#review-comment")
    def comment_changed(self, event: TextArea.Changed) -> None:
        if self.section and self.section not in ("#history", ATTACHMENTS):
            before = bool(self.comments.get(self.section, "").strip())
            self.comments[self.section] = event.text_area.text
            if before != bool(event.text_area.text.strip()):
                options = self.query_one("#review-sections", OptionList)
                index = options.get_option_index(self.section)
                options.replace_option_prompt_at_index(index, self._section_prompt(self.section))
            self._draft_changed()

    @on(TextArea.Changed, "#review-overall")
    def overall_changed(self) -> None:
        self._draft_changed()

    # --- the draft: typed comments kept until the decision ------------------------------

    def _restore(self, draft) -> None:
        self.comments = {section: text for section, text in draft.comments if section}
        self.query_one("#review-overall", TextArea).text = "\n\n".join(
            text for section, text in draft.comments if not section
        )
        if draft.approve is not None:
            self.query_one(
                "#decide-approve" if draft.approve else "#decide-revise", RadioButton
            ).value = True
        self._draft_kept = (tuple(draft.comments), draft.approve)
        self.status(t("review.draft_restored", at=fmt.saved(draft.saved_at)))

    def _draft_now(self) -> tuple:
        return tuple(self._collected()), self._decision()

    def _draft_changed(self) -> None:
        if self.data is None or not self.data.can_decide or self.saving:
            return
        self._cancel_draft_timer()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _cancel_draft_timer(self) -> bool:
        """Stop a pending keeping of the draft; True if one was pending."""
        if self._draft_timer is None:
            return False
        self._draft_timer.stop()
        self._draft_timer = None
        return True

    def _keep_draft(self) -> None:
        self._draft_timer = None
        data, now = self.data, self._draft_now()
        if data is None or not data.can_decide or self.saving or now == self._draft_kept:
            return

        def kept(_at) -> None:
            self._draft_kept = now
            # A quiet note: it never hides a message the person still has to act on.
            if not self.query_one("#review-status", StatusLine).has_class("error"):
                self.status(t("review.draft_saved", time=fmt.clock(fmt.now())))

        self.call(
            review.save_review_draft,
            self.db,
            self.actor,
            data.enrolment_id,
            data.stage,
            data.version,
            comments=list(now[0]),
            approve=now[1],
            done=kept,
        )

    def flush_pending(self) -> bool:
        """Keep the typed comments now, on the calling thread (the app is closing:
        DiklatApp.flush_pending)."""
        self._cancel_draft_timer()
        data = self.data
        if data is None or not data.can_decide or self.saving:
            return False
        comments, approve = self._draft_now()
        if (comments, approve) == self._draft_kept:
            return False
        review.save_review_draft(
            self.db,
            self.actor,
            data.enrolment_id,
            data.stage,
            data.version,
            comments=list(comments),
            approve=approve,
        )
        self._draft_kept = (comments, approve)
        return True

    def action_back(self) -> None:
        # Leaving within the pause: keep what was typed now, in a worker of the app's (the
        # screen's own workers end with it), off the UI thread like every other save.
        if self._cancel_draft_timer() and self.data is not None and self.data.can_decide:
            comments, approve = self._draft_now()
            if (comments, approve) != self._draft_kept:
                app, db, actor, data = self.app, self.db, self.actor, self.data

                def keep() -> None:
                    try:
                        review.save_review_draft(
                            db,
                            actor,
                            data.enrolment_id,
                            data.stage,
                            data.version,
                            comments=list(comments),
                            approve=approve,
                        )
                    except Exception as exc:  # said, never the end of the app
                        app.call_from_thread(app.notify, describe(exc), severity="error")

                app.run_worker(keep, thread=True, group="review-draft", exit_on_error=False)
        super().action_back()

    # --- deciding --------------------------------------------------------------------

    def _collected(self) -> list[tuple[str, str]]:
        self._store_comment()
        out = [(name, text) for name, text in self.comments.items() if text.strip()]
        overall = self.query_one("#review-overall", TextArea).text
        if overall.strip():
            out.append((OVERALL, overall))
        return out

    @on(RadioSet.Changed, "#review-decision")
    def decision_changed(self, event: RadioSet.Changed) -> None:
        if self.data is not None and not self.data.can_decide:
            return  # a decision taken already, shown with who took it (_show_decided)
        # the choice in words: the radio dots alone differ only by colour in some terminals
        chosen = (
            t("review.approve")
            if event.pressed.id == "decide-approve"
            else t("review.request_revision")
        )
        self.query_one("#review-decision-label", Label).update(
            t("review.decision_chosen", decision=chosen)
        )
        self._draft_changed()

    def _decision(self) -> bool | None:
        if self.query_one("#decide-approve", RadioButton).value:
            return True
        if self.query_one("#decide-revise", RadioButton).value:
            return False
        return None

    def action_save(self) -> None:
        self._save(then_next=False)

    def action_save_next(self) -> None:
        self._save(then_next=True)

    @on(Button.Pressed, "#review-save")
    def save_pressed(self) -> None:
        self._save(then_next=False)

    @on(Button.Pressed, "#review-save-next")
    def save_next_pressed(self) -> None:
        self._save(then_next=True)

    def _save(self, *, then_next: bool) -> None:
        data = self.data
        if data is None or self.saving:
            return
        if not data.can_decide:
            self.status(self._why_not(data), error=True)
            return
        approve = self._decision()
        if approve is None:
            self.status(t("review.pick_decision"), error=True)
            self.query_one("#review-decision", RadioSet).focus()
            return
        comments = self._collected()
        if not approve and not comments:
            self.status(t("review.comment_required"), error=True)
            self.query_one("#review-comment", TextArea).focus()
            return
        self.saving = True
        self._cancel_draft_timer()  # the decision sends the comments; no draft after it
        self.status(t("review.saving"))

        def saved(state: State) -> None:
            self.saving = False
            message = (
                t("review.saved_approved")
                if state is State.APPROVED
                else t("review.saved_revision")
            )
            self.notify(message)
            if then_next:
                self._go_next(message)
            else:
                self.load()
                self.status(message)

        def failed(exc: DomainError) -> None:
            self.saving = False
            self.status(describe(exc), error=True)
            # keep every typed comment; show the stage as it is now
            self.load(keep=True)

        self.call(
            review.decide,
            self.db,
            self.actor,
            data.enrolment_id,
            data.stage,
            approve=approve,
            comments=comments,
            expected_version=data.row_version,
            done=saved,
            failed=failed,
        )

    def _go_next(self, message: str) -> None:
        current = (self.enrolment_id, self.stage)

        def found(item: QueueItem | None) -> None:
            if item is None:
                self.notify(t("review.queue.none_waiting"))
                self.app.pop_screen()
                return
            self.enrolment_id, self.stage = item.enrolment_id, item.stage
            self.load()
            self.status(
                t(
                    "review.next_opened",
                    saved=message,
                    participant=visible(item.participant),
                    stage=stage_label(item.stage, item.project_term),
                )
            )
            self.query_one("#review-sections", OptionList).focus()

        self.call(
            review.next_waiting,
            self.db,
            self.actor,
            after=current,
            cohort_id=self.cohort_id,
            done=found,
        )

    # --- comment bank and marking ------------------------------------------------------

    def action_bank(self) -> None:
        if self.data is None or not self.data.can_decide:
            return
        BankPicker = screen_class("bank_picker")

        target = (
            self.focused
            if isinstance(self.focused, TextArea)
            else self.query_one("#review-comment", TextArea)
        )
        if target.disabled:
            target = self.query_one("#review-overall", TextArea)
        section = (
            self.section
            if target.id == "review-comment" and self.section not in ("#history", ATTACHMENTS)
            else None
        )

        def picked(text: str | None) -> None:
            if text:
                target.insert(
                    text if not target.text or target.text.endswith(("\n", " ")) else " " + text
                )
                target.focus()

        self.app.push_screen(BankPicker(section), picked)

    def action_to_bank(self) -> None:
        """Keep the comment being written in my comment bank, for this section (or any, when overall)."""
        from diklat.services import comment_bank

        focused = (
            self.focused
            if isinstance(self.focused, TextArea)
            else self.query_one("#review-comment", TextArea)
        )
        text = focused.text.strip()
        if not text:
            self.status(t("review.to_bank_empty"), error=True)
            return
        section = (
            self.section
            if focused.id == "review-comment"
            and self.section not in (None, "#history", ATTACHMENTS)
            else ""
        )
        self.call(
            comment_bank.add_comment,
            self.db,
            self.actor,
            text,
            section,
            done=lambda entry: self.status(t("review.to_bank_done")),
        )

    def action_mark(self) -> None:
        MarkingScreen = screen_class("marking")

        self.app.push_screen(MarkingScreen(self.enrolment_id))
