"""Marking: the participants I mark, and one participant's marking sheet.

The sheet lists the components the rule set gives to my role. For each I mark
with the rubric (a level and a score inside the level's range per criterion; the
total updates as I type) or directly 0..100. Other markers' marks stay hidden
until mine is saved. A coordinator can record a mark for an assigned marker
(a mentor far away); the record says who recorded it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from diklat import textsafe
from diklat.domain.errors import DomainError
from diklat.domain.marking import DOCUMENT_OF
from diklat.domain.rubric import Rubric, parse_score
from diklat.i18n import t
from diklat.services import marking
from diklat.services.marking import ComponentSheet, MarkerSlot, MarkingRow, MarkSheet, MarkView
from diklat.textsafe import literal, visible
from diklat.tui import format as fmt
from diklat.tui.navigation import screen_class
from diklat.tui.screens.base import ServiceScreen, describe
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

RUBRIC, DIRECT = "rubric", "direct"


# --- the list ------------------------------------------------------------------------------


class MarkingListScreen(ServiceScreen):
    CSS_PATH = "review.tcss"
    HELP_KEY = "help.marking_list"
    BINDINGS = [
        Binding("enter", "open", "key.marking_open", show=True),
        Binding("r", "refresh", "key.refresh"),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[MarkingRow] = []
        self.codes: list[str] = []
        # Read a page at a time (an administrator oversees every participant); the next
        # page is read when the cursor nears the end of what is shown.
        self.next_after: tuple[str, int, int] | None = None
        self.reading_more = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="marking-list"):
            yield Static(t("marking.list.title"), classes="panel-title")
            yield Static(t("marking.list.legend"), classes="panel-note")
            yield DataTable(id="marking-table", cursor_type="row", zebra_stripes=True)
            yield StatusLine(t("home.loading"), id="marking-list-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        self.reading_more = True
        self.call(marking.marking_page, self.db, self.actor, done=self.show)

    def show(self, page: marking.MarkingPage) -> None:
        self.rows = []
        table = self.query_one("#marking-table", DataTable)
        codes = self._codes(page.rows, [])
        if codes != self.codes or not table.columns:
            table.clear(columns=True)
            for key in ("participant", "ndh", "cohort"):
                table.add_column(t(f"review.queue.col.{key}"), key=key)
            for code in codes:
                table.add_column(code.capitalize(), key=code)
            self.codes = codes
        else:
            table.clear()
        self._add(page)
        table.focus()

    def show_more(self, page: marking.MarkingPage, asked: tuple[str, int, int]) -> None:
        # A page read after a list that is no longer the one shown (the screen read its
        # first page again meanwhile, on mount and on resume, and the cursor asked twice)
        # is dropped: appended, it would show the same participants twice.
        if asked != self.next_after:
            return
        table = self.query_one("#marking-table", DataTable)
        for code in self._codes(page.rows, self.codes)[len(self.codes) :]:
            table.add_column(code.capitalize(), key=code, default=status_cell(None))
            self.codes.append(code)
        self._add(page)

    @staticmethod
    def _codes(rows: list[MarkingRow], known: list[str]) -> list[str]:
        codes = list(known)
        for row in rows:
            for code in row.components:
                if code not in codes:
                    codes.append(code)
        return codes

    def _add(self, page: marking.MarkingPage) -> None:
        table = self.query_one("#marking-table", DataTable)
        start = len(self.rows)
        self.rows.extend(page.rows)
        self.next_after = page.next_after
        self.reading_more = False
        for i, row in enumerate(page.rows, start):
            table.add_row(
                literal(row.participant),
                str(row.ndh),
                literal(row.cohort_code),
                *(status_cell(row.components.get(code)) for code in self.codes),
                key=str(i),
            )
        rows = self.rows
        todo = sum(1 for r in rows for c in r.components.values() if c.marks_me and not c.mine)
        if not rows:
            self.status(t("marking.list.none"))
        elif self.next_after is not None:
            self.status(t("marking.list.summary_more", participants=len(rows), todo=todo))
        else:
            self.status(t("marking.list.summary", participants=len(rows), todo=todo))

    @on(DataTable.RowHighlighted, "#marking-table")
    def near_the_end(self, event: DataTable.RowHighlighted) -> None:
        self._read_more_near(event.cursor_row)

    def on_key(self, event) -> None:
        # A page that failed is asked for again when the cursor moves on; on the last row
        # "down" does not move it, so no highlight comes: the key itself asks.
        table = self.query_one("#marking-table", DataTable)
        last = table.cursor_row >= len(self.rows) - 1
        if event.key in ("down", "end", "pagedown") and table.has_focus and last:
            self._read_more_near(table.cursor_row)

    def _read_more_near(self, cursor_row: int) -> None:
        if self.next_after is None or self.reading_more or cursor_row < len(self.rows) - 20:
            return
        self.reading_more = True
        asked = self.next_after
        self.call(
            marking.marking_page,
            self.db,
            self.actor,
            after=asked,
            done=lambda page: self.show_more(page, asked),
            failed=self._more_failed,
        )

    def _more_failed(self, exc: DomainError) -> None:
        self.reading_more = False  # the next time the cursor nears the end, try again
        self.failed(exc)

    @on(DataTable.RowSelected, "#marking-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#marking-table", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return
        self.app.push_screen(MarkingScreen(self.rows[table.cursor_row].enrolment_id))

    def action_refresh(self) -> None:
        self.load()


def status_cell(status) -> Text:
    if status is None:
        return Text("–", style="dim")
    if status.flagged:
        return Text("⚠ " + t("marking.status.flagged"), style="bold reverse")
    if status.marks_me:
        if status.mine:
            return Text("✓ " + t("marking.status.mine", count=status.count), style="bold")
        return Text("· " + t("marking.status.todo"))
    return Text(t("marking.status.count", count=status.count))


# --- one participant ------------------------------------------------------------------------


@dataclass
class FormState:
    """What the user typed for one component and one marker (kept across reloads)."""

    method: str = RUBRIC
    levels: dict[str, str | None] = field(default_factory=dict)
    scores: dict[str, str] = field(default_factory=dict)
    direct: str = ""
    touched: bool = False
    # The level of each criterion as picked (or stored), before a typed score moved it:
    # a score that fits no level (out of range, half-typed) puts this one back.
    picked: dict[str, str | None] = field(default_factory=dict)


def _form_from_mark(mark: MarkView | None, rubric: Rubric | None) -> FormState:
    if mark is None:
        return FormState(method=RUBRIC if rubric is not None else DIRECT)
    if mark.rubric_code and mark.criteria:
        return FormState(
            method=RUBRIC,
            levels={c.criterion: c.level for c in mark.criteria},
            picked={c.criterion: c.level for c in mark.criteria},
            scores={c.criterion: fmt.mark(c.score) for c in mark.criteria},
            direct=fmt.mark(mark.score),
        )
    return FormState(method=DIRECT, direct=fmt.mark(mark.score))


class MarkingScreen(ServiceScreen):
    CSS_PATH = "review.tcss"
    HELP_KEY = "help.marking"
    BINDINGS = [
        Binding("ctrl+s", "save", "key.marking_save", priority=True),
        Binding("f3", "read", "key.marking_read"),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, enrolment_id: int) -> None:
        super().__init__()
        self.enrolment_id = enrolment_id
        self.sheet: MarkSheet | None = None
        self.component: str | None = None
        self.slot_id: dict[str, int] = {}  # component -> marker person id chosen
        self.forms: dict[tuple[str, int], FormState] = {}
        self._building = False
        self._build_lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="marking"):
            yield Static(t("home.loading"), id="mark-head")
            with Horizontal(id="mark-main"):
                with Vertical(id="mark-left"):
                    yield Label(t("marking.components"), classes="field-label")
                    yield OptionList(id="mark-components")
                with Vertical(id="mark-right"):
                    yield VerticalScroll(id="mark-form", can_focus=False)
                    # the rubric total stays in view while the criteria scroll
                    yield Static("", id="mark-total", classes="total")
            yield StatusLine("", id="mark-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self, message: str | None = None, *, error: bool = False) -> None:
        async def show(sheet: MarkSheet) -> None:
            self.sheet = sheet
            await self._show()
            if message:
                self.status(message, error=error)

        self.call(marking.mark_sheet, self.db, self.actor, self.enrolment_id, done=show)

    # --- helpers ---------------------------------------------------------------------------

    def _comp(self) -> ComponentSheet | None:
        if self.sheet is None or self.component is None:
            return None
        return next((c for c in self.sheet.components if c.code == self.component), None)

    def _slot(self, comp: ComponentSheet) -> MarkerSlot | None:
        if not comp.slots:
            return None
        chosen = self.slot_id.get(comp.code)
        return next((s for s in comp.slots if s.person_id == chosen), comp.slots[0])

    def _form(self, comp: ComponentSheet, slot: MarkerSlot) -> FormState:
        key = (comp.code, slot.person_id)
        if key not in self.forms or not self.forms[key].touched:
            self.forms[key] = _form_from_mark(slot.mark, comp.rubric_for(slot))
        return self.forms[key]

    # --- drawing -----------------------------------------------------------------------------

    async def _show(self) -> None:
        sheet = self.sheet
        head = Text()
        head.append(visible(sheet.participant), style="bold")
        head.append(f"  ·  NDH {sheet.ndh}  ·  {visible(sheet.cohort_code)}\n")
        head.append(t("marking.tolerance", tolerance=fmt.mark(sheet.tolerance)))
        if sheet.released:
            head.append("  ·  " + t("marking.released"), style="bold")
        self.query_one("#mark-head", Static).update(head)
        options = self.query_one("#mark-components", OptionList)
        before = options.highlighted
        options.clear_options()
        for comp in sheet.components:
            options.add_option(Option(self._component_prompt(comp), id=comp.code))
        if not sheet.components:
            self.status(t("marking.nothing"), error=True)
            return
        if self.component is None:
            todo = next(
                (
                    c
                    for c in sheet.components
                    if c.slots and c.slots[0].is_me and c.slots[0].mark is None
                ),
                None,
            )
            self.component = (todo or sheet.components[0]).code
        index = next(
            (i for i, c in enumerate(sheet.components) if c.code == self.component), before or 0
        )
        with self.prevent(OptionList.OptionHighlighted):
            options.highlighted = index
        await self._build_form()
        if self.focused is None:
            options.focus()

    def _component_prompt(self, comp: ComponentSheet) -> Text:
        text = Text()
        slot = self._slot(comp)
        if comp.state == "flagged":
            text.append("⚠ ", style="bold")
        elif slot is not None and slot.mark is not None:
            text.append("✓ ", style="bold")
        else:
            text.append("· ")
        text.append(f"{visible(comp.label)} ({fmt.number(comp.weight)})")
        if slot is not None and slot.mark is not None:
            text.append(
                f"\n   {t('marking.saved_short', score=fmt.mark(slot.mark.score))}", style="italic"
            )
        elif slot is not None:
            text.append(f"\n   {t('marking.status.todo')}", style="italic")
        return text

    async def _build_form(self) -> None:
        async with self._build_lock:
            await self._build_form_now()

    async def _build_form_now(self) -> None:
        comp = self._comp()
        box = self.query_one("#mark-form", VerticalScroll)
        await box.remove_children()
        if comp is None:
            return
        self._building = True
        widgets: list = [
            Static(
                textsafe.message(
                    "marking.component_title", label=comp.label, weight=fmt.number(comp.weight)
                ),
                classes="panel-title",
            )
        ]
        slot = self._slot(comp)
        if slot is None:
            widgets.append(Static(t("marking.no_slot"), classes="panel-note"))
        else:
            if len(comp.slots) > 1 or not slot.is_me:
                widgets.append(Label(t("marking.marking_as"), classes="field-label"))
                widgets.append(
                    Select(
                        [(literal(self._slot_label(s)), s.person_id) for s in comp.slots],
                        value=slot.person_id,
                        allow_blank=False,
                        id="mark-as",
                    )
                )
            if not slot.is_me:
                widgets.append(
                    Static(
                        textsafe.message("marking.on_behalf_note", name=slot.name),
                        classes="panel-note",
                    )
                )
            if slot.mark is not None:
                widgets.append(Static(self._saved_line(slot.mark), classes="panel-note"))
            form = self._form(comp, slot)
            rubric = comp.rubric_for(slot)
            with_rubric = rubric is not None
            method = RadioSet(
                RadioButton(
                    textsafe.message(
                        "marking.method_rubric", title=rubric.text(), version=rubric.version
                    )
                    if rubric
                    else t("marking.no_rubric"),
                    value=form.method == RUBRIC and with_rubric,
                    id="method-rubric",
                    disabled=not with_rubric,
                ),
                RadioButton(
                    t("marking.method_direct"),
                    value=form.method == DIRECT or not with_rubric,
                    id="method-direct",
                ),
                id="mark-method",
            )
            widgets.append(
                Label(
                    t(
                        "marking.method_is",
                        method=t("marking.method_name_rubric")
                        if form.method == RUBRIC and with_rubric
                        else t("marking.method_name_direct"),
                    ),
                    classes="field-label",
                )
            )
            widgets.append(method)
            if form.method == RUBRIC and rubric is not None:
                if rubric.description:
                    widgets.append(
                        Static(
                            literal(rubric.description.get(self._lang(), ""), multiline=True),
                            classes="hint",
                        )
                    )
                for criterion in rubric.criteria:
                    widgets.extend(self._criterion_widgets(criterion, form))
            else:
                widgets.append(Label(t("marking.direct_label"), classes="field-label"))
                widgets.append(
                    Input(
                        value=form.direct,
                        placeholder=t("marking.direct_placeholder"),
                        id="mark-direct",
                    )
                )
        widgets.append(Static(self._others_text(comp), id="mark-others", classes="others"))
        await box.mount_all(widgets)
        total = self.query_one("#mark-total", Static)
        total.display = (
            slot is not None
            and self._form(comp, slot).method == RUBRIC
            and comp.rubric_for(slot) is not None
        )
        self._building = False
        self.call_after_refresh(self._update_total)

    def _lang(self) -> str:
        from diklat.i18n import language

        return language()

    def _slot_label(self, slot: MarkerSlot) -> str:
        who = t("marking.me") if slot.is_me else slot.name
        state = fmt.mark(slot.mark.score) if slot.mark else t("marking.status.todo")
        return f"{who} — {t(f'role.{slot.role.value}')} — {state}"

    def _saved_line(self, mark: MarkView) -> Text:
        text = Text(
            t("marking.saved_line", score=fmt.mark(mark.score), date=fmt.moment(mark.updated_at)),
            style="bold",
        )
        if mark.rubric_code:
            text.append(
                "  "
                + t(
                    "marking.with_rubric",
                    code=visible(mark.rubric_code),
                    version=mark.rubric_version,
                )
            )
        if mark.recorded_by:
            text.append("  " + t("marking.recorded_by", name=visible(mark.recorded_by)))
        return text

    def _criterion_widgets(self, criterion, form: FormState) -> list:
        label = Text()
        label.append(visible(criterion.text()), style="bold")
        label.append(f"  ({t('marking.weight', weight=fmt.number(criterion.weight))})")
        if criterion.description:
            label.append(
                "\n" + visible(criterion.description.get(self._lang(), ""), multiline=True),
                style="italic",
            )
        level_options = [
            (literal(f"{lv.text()} ({fmt.mark(lv.min)}–{fmt.mark(lv.max)})"), lv.code)
            for lv in criterion.levels
        ]
        level = form.levels.get(criterion.code)
        return [
            Static(label, classes="criterion"),
            Horizontal(
                Select(
                    level_options,
                    value=level if level else Select.NULL,
                    prompt=t("marking.level_prompt"),
                    id=f"level-{criterion.code}",
                    classes="level",
                ),
                Input(
                    value=form.scores.get(criterion.code, ""),
                    placeholder=t("marking.score_placeholder"),
                    id=f"score-{criterion.code}",
                    classes="score",
                ),
                classes="criterion-row",
            ),
        ]

    def _others_text(self, comp: ComponentSheet) -> Text:
        text = Text()
        if comp.others is None and comp.hidden == 0:
            text.append(t("marking.others_none"), style="italic")
            return text
        if comp.others is None:
            text.append(t("marking.others_hidden", count=comp.hidden), style="italic")
            return text
        if not comp.others:
            text.append(t("marking.others_none"), style="italic")
        else:
            text.append(t("marking.others_title") + "\n", style="bold")
            for mark in comp.others:
                text.append(
                    f"  {visible(mark.marker)} ({t(f'role.{mark.marker_role.value}')}): ",
                    style="italic",
                )
                text.append(fmt.mark(mark.score), style="bold")
                if mark.rubric_code:
                    text.append(
                        f"  · {t('marking.with_rubric', code=visible(mark.rubric_code), version=mark.rubric_version)}"
                    )
                if mark.recorded_by:
                    text.append(f"  · {t('marking.recorded_by', name=visible(mark.recorded_by))}")
                text.append("\n")
        if comp.state == "flagged":
            text.append(
                "\n⚠ "
                + t(
                    "marking.flagged",
                    spread=fmt.mark(comp.spread),
                    tolerance=fmt.mark(self.sheet.tolerance),
                ),
                style="bold",
            )
        elif comp.state == "settled" and comp.settlement:
            text.append(
                "\n✓ "
                + t(
                    "marking.settled",
                    score=fmt.mark(comp.settlement.score),
                    by=visible(comp.settlement.by),
                    reason=visible(comp.settlement.reason),
                ),
                style="bold",
            )
        return text

    # --- live input --------------------------------------------------------------------------

    def _current_form(self) -> tuple[ComponentSheet, MarkerSlot, FormState] | None:
        comp = self._comp()
        if comp is None:
            return None
        slot = self._slot(comp)
        if slot is None:
            return None
        return comp, slot, self._form(comp, slot)

    @on(OptionList.OptionHighlighted, "#mark-components")
    async def component_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.component:
            self.component = event.option.id
            await self._build_form()

    @on(Select.Changed, "#mark-as")
    async def marker_changed(self, event: Select.Changed) -> None:
        if self._building or self.component is None or event.value is Select.NULL:
            return
        if self.slot_id.get(self.component) != event.value:
            self.slot_id[self.component] = int(event.value)
            await self._build_form()

    @on(RadioSet.Changed, "#mark-method")
    async def method_changed(self, event: RadioSet.Changed) -> None:
        current = self._current_form()
        if self._building or current is None:
            return
        _, _, form = current
        method = RUBRIC if event.pressed.id == "method-rubric" else DIRECT
        if method != form.method:
            form.method = method
            form.touched = True
            await self._build_form()

    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        current = self._current_form()
        if self._building or current is None or event.input.id is None:
            return
        comp, slot, form = current
        if event.input.id == "mark-direct":
            form.direct = event.value
            form.touched = True
            return
        if not event.input.id.startswith("score-"):
            return
        code = event.input.id.removeprefix("score-")
        form.scores[code] = event.value
        form.touched = True
        rubric = comp.rubric_for(slot)
        try:
            score = parse_score(event.value) if event.value.strip() else None
        except DomainError:
            score = None
        if rubric is not None:
            level = rubric.criterion(code).level_for(score) if score is not None else None
            wanted = level.code if level is not None else form.picked.get(code)
            select = self.query_one(f"#level-{code}", Select)
            if (select.value if select.value is not Select.NULL else None) != wanted:
                form.levels[code] = wanted
                with self.prevent(Select.Changed):
                    select.value = wanted if wanted is not None else Select.NULL
        self._update_total()

    @on(Select.Changed, ".level")
    def level_changed(self, event: Select.Changed) -> None:
        current = self._current_form()
        if self._building or current is None:
            return
        _, _, form = current
        code = event.select.id.removeprefix("level-")
        form.levels[code] = None if event.value is Select.NULL else str(event.value)
        form.picked[code] = form.levels[code]
        form.touched = True
        self._update_total()

    def _update_total(self) -> None:
        current = self._current_form()
        if current is None:
            return
        comp, slot, form = current
        rubric = comp.rubric_for(slot)
        boxes = self.query("#mark-total")
        if form.method != RUBRIC or rubric is None or not boxes or not boxes.first().display:
            return
        scores: dict[str, Decimal] = {}
        problems: list[str] = []
        for criterion in rubric.criteria:
            raw = form.scores.get(criterion.code, "").strip()
            if not raw:
                continue
            try:
                _, value = rubric.check_score(criterion.code, form.levels.get(criterion.code), raw)
                scores[criterion.code] = value
            except DomainError as exc:
                problems.append(fmt.error(exc))  # a typed score refused
        total = rubric.total(scores)
        text = Text()
        text.append(t("marking.total_label") + " ", style="bold")
        if total is None:
            text.append(t("marking.total_partial", filled=len(scores), count=len(rubric.criteria)))
        else:
            text.append(fmt.mark(total), style="bold reverse")
            text.append("  " + t("marking.total_complete", count=len(rubric.criteria)))
        for problem in problems:
            text.append("\n⚠ " + visible(problem), style="bold")
        boxes.first(Static).update(text)

    def action_read(self) -> None:
        """Open the document this seminar component judges (the design or the report), read only."""
        stage = DOCUMENT_OF.get(self.component or "")
        if stage is None:
            self.status(t("marking.no_document"), error=True)
            return
        ReviewScreen = screen_class("review")

        self.app.push_screen(ReviewScreen(self.enrolment_id, stage))

    # --- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        current = self._current_form()
        if current is None or self.sheet is None:
            return
        comp, slot, form = current
        rubric = comp.rubric_for(slot)
        kwargs: dict = {
            "expected_version": slot.mark.version if slot.mark else None,
            "marker_id": None if slot.is_me else slot.person_id,
        }
        if form.method == RUBRIC and rubric is not None:
            kwargs["criteria"] = {
                c.code: (form.levels.get(c.code), form.scores.get(c.code, ""))
                for c in rubric.criteria
            }
            kwargs["rubric"] = (rubric.code, rubric.version)
        else:
            kwargs["score"] = form.direct
        self.status(t("review.saving"))

        def saved(mark: MarkView) -> None:
            form.touched = False
            self.load(t("marking.saved", component=comp.label, score=fmt.mark(mark.score)))

        def failed(exc: DomainError) -> None:
            # keep what was typed (form.touched stays True) and show the mark as it is now
            self.load(describe(exc), error=True)

        self.call(
            marking.save_mark,
            self.db,
            self.actor,
            self.enrolment_id,
            comp.code,
            done=saved,
            failed=failed,
            **kwargs,
        )
