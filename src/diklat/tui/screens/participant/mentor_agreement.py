"""Stage 5: the mentor agreement (Kesepakatan Area Perubahan): the area of change the
participant asks the mentor to agree to; the mentor (or the coordinator on their
behalf) decides, and the record says by whom and when."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.textsafe import message
from diklat.tui import format as fmt
from diklat.tui.screens.participant.base import StageScreen


class MentorAgreementScreen(StageScreen):
    STAGE = Stage.MENTOR_AGREEMENT
    CONTEXT = (Stage.DESIGN,)

    def prepare(self, doc: dict[str, Any]) -> dict[str, Any]:
        design = self.context.get(Stage.DESIGN) or {}
        if not (doc.get("area") or "").strip() and design.get("title"):
            doc["area"] = design["title"] + (
                ": " + design["description"] if design.get("description") else ""
            )
        return doc

    def build(self) -> list[Widget]:
        return [
            self.section(
                "agreement", Static(self._record(), classes="live-view"), title="ma.record_title"
            ),
            self.text_section("area", height=5, help="ma.area_help"),
            self.text_section("notes", height=4, help="ma.notes_help"),
        ]

    def _record(self) -> Text:
        review = self.view.latest_review if self.view else None
        if review is None or review.decision != "approved":
            return Text(t("ma.not_yet"), style="italic")
        text = message("ma.agreed", name=review.reviewer, date=fmt.moment(review.at), style="bold")
        if review.recorded_by:
            text.append(" ")
            text.append_text(message("home.recorded_by", name=review.recorded_by))
        return text
