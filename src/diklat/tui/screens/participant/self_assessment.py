"""Stage 1: self-assessment (docs/rules.md section 3): the instrument's items answered 1..5
from the keyboard, the result per value as a chart, and the reflections."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widget import Widget
from textual.widgets import DataTable, Static

from diklat.domain.instrument import (
    Instrument,
    load_instrument,
    score_values,
    strengths_and_development,
)
from diklat.domain.rules import pick_label
from diklat.domain.workflow import Stage
from diklat.i18n import language, t
from diklat.tui import format as fmt
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.screens.participant.base import StageScreen

BAR = 20  # characters for the highest possible score


class AnswerTable(TranslatedBindings, DataTable):
    BINDINGS = [
        Binding("1", "answer(1)", "key.answer_1", show=False),
        Binding("2", "answer(2)", "key.answer_2", show=False),
        Binding("3", "answer(3)", "key.answer_3", show=False),
        Binding("4", "answer(4)", "key.answer_4", show=False),
        Binding("5", "answer(5)", "key.answer_5", show=False),
        Binding("0,backspace", "answer(0)", "key.answer_clear", show=False),
    ]

    def action_answer(self, value: int) -> None:
        screen = self.screen
        if isinstance(screen, SelfAssessmentScreen):
            screen.answer(self.cursor_row, value)
            if value and self.cursor_row < self.row_count - 1:
                self.move_cursor(row=self.cursor_row + 1)


class SelfAssessmentScreen(StageScreen):
    STAGE = Stage.SELF_ASSESSMENT

    def prepare(self, doc: dict[str, Any]) -> dict[str, Any]:
        instrument = load_instrument(
            doc.get("instrument_code") or "berakhlak", doc.get("instrument_version")
        )
        doc.setdefault("instrument_code", instrument.code)
        doc.setdefault("instrument_version", instrument.version)
        doc.setdefault("answers", {})
        self.instrument: Instrument = instrument
        self.item_value = {item.code: v for v in instrument.values for item in v.items}
        return doc

    def build(self) -> list[Widget]:
        ins = self.instrument
        lang = language()
        scale = "   ".join(f"{s.value} = {pick_label(s.label, lang)}" for s in ins.scale.labels)
        intro = Static(
            Text(pick_label(ins.title, lang), style="bold")
            + Text("\n" + (pick_label(ins.description, lang) if ins.description else ""))
            + Text("\n" + t("sa.scale", scale=scale))
            + Text("\n" + t("sa.keys")),
            classes="section-help",
        )
        table = AnswerTable(id="sa-items", cursor_type="row", zebra_stripes=True)
        table.add_column("#", width=3)
        table.add_column(t("sa.col.value"), width=16)
        # The statement gets what the terminal leaves (the full text shows under the table).
        table.add_column(t("sa.col.statement"), width=max(36, self.app.size.width - 56))
        table.add_column(t("sa.col.answer"), width=16)
        answers = self.doc["answers"]
        for n, item in enumerate(ins.items(), start=1):
            value = self.item_value[item.code]
            table.add_row(
                str(n),
                Text(pick_label(value.label, lang), overflow="ellipsis", no_wrap=True),
                Text(pick_label(item.text, lang), overflow="ellipsis", no_wrap=True),
                self._answer_text(answers.get(item.code)),
                key=item.code,
            )
        detail = Static("", id="sa-detail", classes="item-detail")
        reflections = {r.code: r for r in ins.reflection}
        widgets: list[Widget] = [
            self.section("answers", intro, table, detail),
            self.section("result", Static("", id="sa-chart"), title="sa.result"),
        ]
        for name in ("strengths", "development_areas", "feedback", "development_plan"):
            r = reflections.get(name)
            help_text = pick_label(r.help, lang) if r and r.help else None
            widgets.append(
                self.text_section(
                    name, height=6 if name == "development_plan" else 4, help=help_text
                )
            )
        return widgets

    def _answer_text(self, value: int | None) -> Text:
        if not value:
            return Text("—  " + t("sa.unanswered"), style="dim")
        return Text(f"{value}  {self.instrument.scale.label(value, language())}", style="bold")

    def answer(self, row: int, value: int) -> None:
        if not self.editable:
            self.notify(t("participant.read_only"))
            return
        items = self.instrument.items()
        if not 0 <= row < len(items):
            return
        code = items[row].code
        answers = self.doc.setdefault("answers", {})
        if value:
            answers[code] = value
        else:
            answers.pop(code, None)
        self.query_one("#sa-items", DataTable).update_cell_at(
            Coordinate(row, 3), self._answer_text(answers.get(code))
        )
        self.changed("answers")

    @on(DataTable.RowHighlighted, "#sa-items")
    def _item_highlighted(self, event: DataTable.RowHighlighted) -> None:
        items = self.instrument.items()
        if 0 <= event.cursor_row < len(items):
            item = items[event.cursor_row]
            value = self.item_value[item.code]
            lang = language()
            self.query_one("#sa-detail", Static).update(
                t(
                    "sa.detail",
                    n=event.cursor_row + 1,
                    total=len(items),
                    value=pick_label(value.label, lang),
                    text=pick_label(item.text, lang),
                )
            )

    def on_doc_changed(self, section: str) -> None:
        if section not in ("", "answers"):
            return
        chart = self.query("#sa-chart")
        if chart:
            chart.first(Static).update(self.chart())

    def chart(self) -> Text:
        ins = self.instrument
        answers = {k: v for k, v in (self.doc.get("answers") or {}).items() if k in self.item_value}
        scores = score_values(ins, answers)
        lang = language()
        width = max(len(s.text(lang)) for s in scores)
        top, bottom = strengths_and_development(scores)
        marks = {s.code: "▲ " + t("sa.strength") for s in top} | {
            s.code: "▼ " + t("sa.develop") for s in bottom
        }
        out = Text()
        answered = sum(s.answered for s in scores)
        total = sum(s.items for s in scores)
        out.append(t("sa.progress", answered=answered, total=total) + "\n")
        for s in scores:
            out.append(s.text(lang).ljust(width) + " ")
            if s.score is None:
                out.append("░" * BAR + "   -  ", style="dim")
            else:
                filled = round(float(s.score) / ins.scale.max * BAR)
                out.append("█" * filled, style="bold")
                out.append("░" * (BAR - filled), style="dim")
                out.append(f" {fmt.decimal(s.score)} ")
            out.append(f" ({s.answered}/{s.items})")
            if s.code in marks:
                out.append("  " + marks[s.code], style="bold")
            out.append("\n")
        out.append(
            t("sa.strengths_line", values=", ".join(s.text(lang) for s in top) or "-") + "\n",
            style="bold",
        )
        out.append(
            t("sa.development_line", values=", ".join(s.text(lang) for s in bottom) or "-"),
            style="bold",
        )
        return out
