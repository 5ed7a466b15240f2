"""F2 on a stage: every submitted version, read-only, with the decision and comments it got."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Markdown, Static

from diklat.domain.outline import outline, to_markdown
from diklat.domain.workflow import Stage, stage_label
from diklat.i18n import t
from diklat.services.actor import Actor
from diklat.services.participant import VersionView, stage_contents, version_history
from diklat.textsafe import literal, visible
from diklat.tui import format as fmt
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.screens.base import ServiceCalls
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine


class HistoryScreen(ServiceCalls, TranslatedBindings, ModalScreen[None]):
    HELP_KEY = "help.history"
    CSS_PATH = Path(__file__).parent / "participant.tcss"
    BINDINGS = [Binding("escape,f2", "close", "key.close")]

    def __init__(self, actor: Actor, enrolment_id: int, stage: Stage, *, term: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.term = term  # the cohort's name for the change project
        self.actor = actor
        self.enrolment_id = enrolment_id
        self.stage = stage
        self.versions: list[VersionView] = []
        self.context: dict = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            yield Static(
                t("history.title", stage=stage_label(self.stage, self.term)),
                classes="dialog-title",
            )
            yield StatusLine(t("participant.loading"), id="history-status")
            table = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            for key in ("version", "submitted", "decision", "reviewer"):
                table.add_column(t(f"history.col.{key}"))
            yield table
            with VerticalScroll(id="history-view"):
                yield Static("", id="history-comments")
                yield Markdown("", id="history-doc")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call(self._read, done=self.show)

    def _read(self) -> tuple[list[VersionView], dict]:
        versions = version_history(self.db, self.actor, self.enrolment_id, self.stage)
        return versions, stage_contents(self.db, self.actor, self.enrolment_id, tuple(Stage))

    async def show(self, read: tuple[list[VersionView], dict]) -> None:
        versions, context = read
        self.versions = versions
        self.context = context
        table = self.query_one(DataTable)
        table.clear()
        for v in reversed(versions):
            decision = t(f"home.decision.{v.decision}") if v.decision else t("history.waiting")
            table.add_row(
                str(v.number),
                fmt.moment(v.submitted_at),
                decision,
                literal(v.reviewer or "-"),
                key=str(v.number),
            )
        status = t("history.none") if not versions else t("history.hint", count=len(versions))
        self.status(status)
        if versions:
            table.focus()
            await self.show_version(versions[-1])

    @on(DataTable.RowHighlighted)
    async def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None:
            return
        number = int(event.row_key.value)
        for v in self.versions:
            if v.number == number:
                await self.show_version(v)

    async def show_version(self, v: VersionView) -> None:
        lines = [t("history.version_line", number=v.number, date=fmt.moment(v.submitted_at))]
        for c in v.comments:
            where = t(f"doc.{self.stage.value}.{c.section}") if c.section else t("history.general")
            lines.append(f"• [{where}] {visible(c.author)}: {c.text}")
        # Text, not str: comments are user text and are never read as markup.
        self.query_one("#history-comments", Static).update(
            literal("\n".join(lines), multiline=True)
        )
        # to_markdown escapes Markdown in the user's text; visible() their control characters.
        markdown = to_markdown(outline(self.stage, v.content, self.context))
        self.query_one("#history-doc", Markdown).update(visible(markdown, multiline=True))

    def action_close(self) -> None:
        self.dismiss(None)
