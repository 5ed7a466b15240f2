"""Stage 6: implementation (Laboratorium Kepemimpinan): progress on every short-term
milestone of the design (status, date, evidence note, problems met), and the files
attached as evidence (screens/attachments.py; F3 jumps to them)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

from diklat.domain import attachments as attachment_rules
from diklat.domain import completeness
from diklat.domain.content import MILESTONE_STATUSES
from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.screens.attachments import AttachmentPanel, AttachmentTable
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
    progress, report achievements): ROWS names the document's list, new_row makes one.
    Both carry evidence files, listed in their last section ("Lampiran")."""

    ROWS = ""
    # Priority, and the focus set at once: "F3 a" typed in a burst attaches (a key
    # behind F3 would otherwise reach the field F3 leaves).
    BINDINGS = [Binding("f3", "attachments", "key.attach_jump", priority=True)]

    def new_row(self, key: str) -> dict[str, Any]:
        raise NotImplementedError

    def prepare(self, doc: dict[str, Any]) -> dict[str, Any]:
        doc[self.ROWS] = sync_rows(
            doc.get(self.ROWS) or [], self.context.get(Stage.DESIGN), self.new_row
        )
        return doc

    # --- evidence attachments ----------------------------------------------------------

    def help_extra(self) -> str:
        return t("attach.ui.help")

    def attachment_slots(self) -> list[tuple[str, str]]:
        """(label, slot) a file may be attached to: the design's short-term milestones,
        and for the report the report as a whole (first)."""
        out = [
            (str(m.get("title") or m["key"]), m["key"])
            for m in completeness.short_term_milestones(self.context.get(Stage.DESIGN))
        ]
        if self.STAGE is Stage.REPORT:
            out.insert(0, (t("attach.ui.report_whole"), attachment_rules.REPORT_WHOLE))
        return out

    def slot_label(self, slot: str) -> str:
        if slot == attachment_rules.REPORT_WHOLE:
            return t("attach.ui.report_whole")
        return str(self._milestone(slot).get("title") or slot)

    def _chosen_slot(self) -> str | None:
        """The milestone highlighted in the list above, while the focus is in it."""
        for lst in self.query(ItemList):
            if self.focused is not None and lst in self.focused.ancestors_with_self:
                rows = self.doc.get(self.ROWS) or []
                if 0 <= lst.current < len(rows):
                    return rows[lst.current].get("milestone")
        return None

    def attachments_section(self) -> Widget:
        panel = AttachmentPanel(
            self.actor,
            self.enrolment_id,
            self.STAGE,
            slot_label=self.slot_label,
            slots=self.attachment_slots,
            editable=lambda: self.editable,
            chosen_slot=self._chosen_slot,
        )
        help_key = "attach.ui.section_help" if self.editable else "attach.ui.section_help_read"
        return self.section("attachments", panel, title="attach.ui.section", help=help_key)

    def action_attachments(self) -> None:
        """F3: to the list of attached files."""
        for table in self.query(AttachmentTable):
            self.set_focus(table)
            self.query_one("#stage-body").scroll_to_widget(
                self.query_one("#sec-attachments"), top=True
            )

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
            self.attachments_section(),
        ]
