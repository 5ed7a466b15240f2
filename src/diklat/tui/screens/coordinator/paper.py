"""Stages done on paper (from the Kemajuan tab, key P): pick the stages and the
participants, keep or change the note, and approve them all at once after a
confirmation (services.paper.approve_on_paper: one transaction, audited, the
workflow's order kept). A refusal stays on the form and says why.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, SelectionList, Static

from diklat.domain.workflow import STAGES, State, stage_label
from diklat.i18n import t
from diklat.services.paper import PaperResult, approve_on_paper
from diklat.services.progress import Progress, progress
from diklat.textsafe import visible
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar


class PaperScreen(ServiceScreen):
    HELP_KEY = "help.paper"
    AUTO_FOCUS = "#paper-stages"
    BINDINGS = [
        Binding("ctrl+s", "save", "key.paper_save", priority=True),
        Binding("ctrl+a", "all", "key.paper_all"),
    ]
    DEFAULT_CSS = """
    #paper { padding: 0 1; }
    #paper-lists { height: 1fr; }
    #paper-stages { width: 2fr; height: 1fr; }
    #paper-people { width: 3fr; height: 1fr; }
    #paper Input { width: 1fr; }
    #paper .form-row { height: auto; }
    #paper-status { height: auto; max-height: 3; }
    """

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.data: Progress | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="paper"):
            yield Static(t("paper.tui.intro"), classes="panel-note")
            with Horizontal(id="paper-lists"):
                yield SelectionList[str](id="paper-stages")
                yield SelectionList[int](id="paper-people")
            with Horizontal(classes="form-row"):
                yield Input(value=t("paper.default_note"), id="paper-note", max_length=500)
                yield Button(t("paper.tui.save"), id="paper-save", variant="primary")
            yield StatusLine("", id="paper-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("paper.tui.title", code=visible(self.code))
        self.query_one("#paper-stages").border_title = t("paper.tui.stages")
        self.query_one("#paper-people").border_title = t("paper.tui.people")
        self.query_one("#paper-note", Input).border_title = t("paper.tui.note")
        self.call(progress, self.db, self.actor, self.code, done=self.show)

    def show(self, data: Progress) -> None:
        self.data = data
        stages = self.query_one("#paper-stages", SelectionList)
        stages.clear_options()
        stages.add_options(
            [(stage_label(stage, data.project_term), stage.value) for stage in STAGES]
        )
        stages.highlighted = 0  # Space ticks the first stage straight away
        people = self.query_one("#paper-people", SelectionList)
        people.clear_options()
        for p in data.participants:
            done = sum(1 for st in p.states.values() if st is State.APPROVED)
            label = t("paper.tui.person", ndh=p.ndh, name=visible(p.name), done=done)
            people.add_option((label, p.ndh))
        if data.participants:
            people.highlighted = 0

    def action_all(self) -> None:
        """Ctrl+A: every participant, or none when all are chosen already."""
        people = self.query_one("#paper-people", SelectionList)
        if len(people.selected) == people.option_count:
            people.deselect_all()
        else:
            people.select_all()

    @on(Button.Pressed, "#paper-save")
    def save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        stages = list(self.query_one("#paper-stages", SelectionList).selected)
        ndhs = list(self.query_one("#paper-people", SelectionList).selected)
        note = self.query_one("#paper-note", Input).value
        if not stages:
            self.status(t("paper.no_stage"), error=True)
            return
        if not ndhs:
            self.status(t("paper.tui.no_people"), error=True)
            return
        from diklat.domain.workflow import Stage
        from diklat.tui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(
                    approve_on_paper,
                    self.db,
                    self.actor,
                    self.code,
                    [Stage(s) for s in stages],
                    note,
                    ndhs,
                    done=self.done,
                )

        self.app.push_screen(
            ConfirmScreen(
                t("paper.tui.confirm", stages=len(stages), people=len(ndhs)),
                yes=t("paper.tui.save"),
            ),
            answered,
        )

    def done(self, result: PaperResult) -> None:
        self.dismiss(result)
