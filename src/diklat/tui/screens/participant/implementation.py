"""Stage 6: implementation (Laboratorium Kepemimpinan): progress on every short-term
milestone of the design (status, date, evidence note, problems met)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from diklat.domain import completeness
from diklat.domain.content import MILESTONE_STATUSES
from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.screens.participant.base import StageScreen
from diklat.tui.widgets.form import FieldSpec
from diklat.tui.widgets.itemlist import Column, ItemList


def _cell(value: str | None) -> Text:
    return literal(value or "-", overflow="ellipsis", no_wrap=True)


def sync_rows(rows: list[dict], design: dict | None, make) -> list[dict]:
    """One row per short-term milestone of the design, in its order; rows for
    milestones that left the design are kept after them so nothing typed is lost."""
    by_key = {r.get("milestone"): r for r in rows}
    keys = [m["key"] for m in completeness.short_term_milestones(design)]
    out = [by_key.get(k) or make(k) for k in keys]
    out += [r for r in rows if r.get("milestone") not in keys]
    return out


class MilestoneStage(StageScreen):
    """A stage with one row per short-term milestone of the design (implementation
    progress, report achievements): ROWS names the document's list, new_row makes one."""

    ROWS = ""

    def new_row(self, key: str) -> dict[str, Any]:
        raise NotImplementedError

    def prepare(self, doc: dict[str, Any]) -> dict[str, Any]:
        doc[self.ROWS] = sync_rows(
            doc.get(self.ROWS) or [], self.context.get(Stage.DESIGN), self.new_row
        )
        return doc

    def _milestone(self, key: str) -> dict:
        for m in (self.context.get(Stage.DESIGN) or {}).get("milestones") or []:
            if m.get("key") == key:
                return m
        return {"title": key}


class ImplementationScreen(MilestoneStage):
    STAGE = Stage.IMPLEMENTATION
    CONTEXT = (Stage.DESIGN,)
    ROWS = "progress"

    def new_row(self, key: str) -> dict[str, Any]:
        return {"milestone": key, "status": "not_started"}

    def build(self) -> list[Widget]:
        progress = ItemList(
            "progress",
            lambda: self.doc["progress"],
            [
                Column(
                    "item.milestone.title",
                    lambda p, n: _cell(self._milestone(p.get("milestone")).get("title")),
                    width=30,
                ),
                Column(
                    "item.milestone.due",
                    lambda p, n: fmt.stored_day(self._milestone(p.get("milestone")).get("due")),
                    width=10,
                ),
                Column(
                    "item.progress.status",
                    lambda p, n: t(f"milestone_status.{p.get('status', 'not_started')}"),
                    width=16,
                ),
                Column("item.progress.on", lambda p, n: fmt.stored_day(p.get("on")), width=10),
            ],
            [
                FieldSpec(
                    "status",
                    "item.progress.status",
                    kind="choice",
                    choices=[(t(f"milestone_status.{s}"), s) for s in MILESTONE_STATUSES],
                ),
                FieldSpec("on", "item.progress.on", kind="date"),
                FieldSpec(
                    "evidence",
                    "item.progress.evidence",
                    kind="text",
                    height=3,
                    help="impl.evidence_help",
                ),
                FieldSpec("problems", "item.progress.problems", kind="text", height=3),
            ],
            fixed=True,
            empty="impl.no_milestones",
        )
        return [
            self.section("progress", progress, help="impl.progress_help"),
            self.text_section("problems", height=4),
        ]
