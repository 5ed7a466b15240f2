"""Stage 7: the report (laporan): what each short-term milestone achieved, outcomes,
obstacles and how they were handled, lessons learned, sustainability, and the files
attached as evidence (to a milestone or to the report as a whole). F4 exports it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.textsafe import literal
from diklat.tui.screens.participant.design import ExportMixin
from diklat.tui.screens.participant.implementation import MilestoneStage
from diklat.tui.widgets.form import FieldSpec
from diklat.tui.widgets.itemlist import Column, ItemList


def _cell(value: str | None) -> Text:
    return literal(value or "-", overflow="ellipsis", no_wrap=True)


class ReportScreen(ExportMixin, MilestoneStage):
    STAGE = Stage.REPORT
    CONTEXT = (Stage.DESIGN, Stage.IMPLEMENTATION)
    EXPORT_PART = "report"
    BINDINGS = [Binding("f4", "export", "key.export")]
    ROWS = "achievements"

    def new_row(self, key: str) -> dict[str, Any]:
        return {"milestone": key, "achieved": ""}

    def _status(self, key: str) -> str:
        for p in (self.context.get(Stage.IMPLEMENTATION) or {}).get("progress") or []:
            if p.get("milestone") == key:
                return t(f"milestone_status.{p.get('status', 'not_started')}")
        return t("milestone_status.not_started")

    def build(self) -> list[Widget]:
        achievements = ItemList(
            "achievements",
            lambda: self.doc["achievements"],
            [
                Column(
                    "item.milestone.title",
                    lambda a, n: _cell(self._milestone(a.get("milestone")).get("title")),
                    width=32,
                ),
                Column(
                    "item.progress.status", lambda a, n: self._status(a.get("milestone")), width=16
                ),
                Column(
                    "item.achievement.achieved", lambda a, n: _cell(a.get("achieved")), width=24
                ),
            ],
            [FieldSpec("achieved", "item.achievement.achieved", kind="text", height=4)],
            fixed=True,
            empty="impl.no_milestones",
        )
        return [
            self.section("achievements", achievements, help="report.achievements_help"),
            self.text_section("outcomes", height=4),
            self.text_section("obstacles", height=4, help="report.obstacles_help"),
            self.text_section("lessons", height=4),
            self.text_section("sustainability", height=4, help="report.sustainability_help"),
            self.attachments_section(),
        ]
