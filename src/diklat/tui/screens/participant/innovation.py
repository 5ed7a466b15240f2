"""Stage 3: innovation ideas (docs/rules.md section 5): benchmarking notes, ideas linked to
root causes and notes, criteria scored 1..5 with a ranking, and the chosen idea."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.widget import Widget
from textual.widgets import Button, Static, TextArea

from diklat.domain.content import IDEA_CRITERIA
from diklat.domain.errors import DomainError
from diklat.domain.outline import idea_total, rank_ideas
from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.textsafe import literal, scrub
from diklat.tui import format as fmt
from diklat.tui.screens.participant.base import StageScreen
from diklat.tui.widgets.form import FieldSpec
from diklat.tui.widgets.itemlist import Column, ItemList, next_key

SOURCES = ("own", "colleague", "benchmark")


class InnovationScreen(StageScreen):
    STAGE = Stage.INNOVATION
    CONTEXT = (Stage.DIAGNOSIS,)
    REQUIRED_ITEM_FIELDS = {"benchmarks": "host", "ideas": "title"}
    # (label, key) of the cohort's field-visit hosts a note may name; read after mount.
    visit_hosts: list[tuple[str, str]] = []

    def _read_visit_hosts(self) -> None:
        """The hosts a note may name and the participant's own group. Read with the stage
        (from ``prepare``): a worker of its own could still run when the screen is left."""
        from diklat.services.visits import group_of, host_choices

        try:
            found = host_choices(self.app.db, self.actor, self.enrolment_id)
            group = group_of(self.app.db, self.actor, self.enrolment_id)
        except DomainError:
            return  # notes stay free; loading the stage says what is wrong, if anything
        self.visit_hosts = [(f"{name} ({fmt.day(on)})", key) for key, name, on in found]
        self.group = group

    # --- the group's visit report: not part of the stage document, saved on request ---------

    group = None  # (visit, host) of the participant's field-visit group, once read

    def _show_group(self) -> None:
        if not self.query("#sec-visit_report"):
            return
        section = self.query_one("#sec-visit_report")
        section.display = self.group is not None
        if self.group is None:
            return
        visit, host = self.group
        self.query_one("#visit-group", Static).update(
            literal(
                t(
                    "visit.report_group",
                    host=host.institution,
                    date=fmt.day(visit.held_on),
                    count=len(host.members),
                )
            )
        )
        area = self.query_one("#visit-report", TextArea)
        if area.text != host.report:
            area.load_text(host.report)

    @on(Button.Pressed, "#visit-report-save")
    def _save_group_report(self) -> None:
        if self.group is not None:
            text = self.query_one("#visit-report", TextArea).text
            self._report_worker(self.group[1].id, self.group[1].version, text)

    @work(thread=True, group="visit-report", exclusive=True)
    def _report_worker(self, host_id: int, version: int, text: str) -> None:
        from diklat.services.visits import save_report

        try:
            host = save_report(self.app.db, self.actor, host_id, text, expected_version=version)
        except DomainError as exc:
            self.app.call_from_thread(self.show_error, exc.message())
            return
        self.app.call_from_thread(self._report_saved, host)

    def _report_saved(self, host) -> None:
        self.group = (self.group[0], host)
        self.app.notify(t("visit.report_saved", host=host.institution))

    def prepare(self, doc: dict[str, Any]) -> dict[str, Any]:
        self._read_visit_hosts()
        doc.setdefault("benchmarks", [])
        doc.setdefault("ideas", [])
        return doc

    def saveable(self, doc: dict[str, Any]) -> dict[str, Any]:
        doc = super().saveable(doc)
        for idea in doc.get("ideas") or []:
            idea["scores"] = {
                k: v for k, v in (idea.get("scores") or {}).items() if isinstance(v, int)
            }
        return doc

    def _causes(self) -> list[tuple[str, str]]:
        causes = (self.context.get(Stage.DIAGNOSIS) or {}).get("causes") or []
        return [
            (
                (
                    ("★ " if c.get("is_main") else "")
                    + f"{t('fishbone.' + c.get('category', 'manusia'))}: {c.get('text', '')}"
                ),
                c["key"],
            )
            for c in causes
        ]

    def _benchmarks(self) -> list[tuple[str, str]]:
        return [(b.get("host", ""), b["key"]) for b in self.doc.get("benchmarks") or []]

    def _ranks(self) -> dict[str, int]:
        return {i.get("key"): r for r, i, _ in rank_ideas(self.doc.get("ideas") or [])}

    def _idea_choices(self) -> list[tuple[str, str]]:
        ranks = self._ranks()
        return [
            (
                f"{ranks[i['key']]}. {i.get('title', '')}"
                if i["key"] in ranks
                else i.get("title", ""),
                i["key"],
            )
            for i in self.doc.get("ideas") or []
        ]

    def build(self) -> list[Widget]:
        benchmarks = ItemList(
            "benchmarks",
            lambda: self.doc["benchmarks"],
            [
                Column(
                    "item.benchmark.host",
                    lambda b, n: literal(b.get("host", ""), overflow="ellipsis", no_wrap=True),
                    width=36,
                ),
                Column(
                    "item.benchmark.visit_date",
                    lambda b, n: fmt.stored_day(b.get("visit_date")),
                    width=12,
                ),
            ],
            [
                FieldSpec(
                    "visit_host",
                    "item.benchmark.visit_host",
                    kind="choice",
                    choices=lambda: self.visit_hosts,
                    help="item.benchmark.visit_host_help",
                ),
                FieldSpec("host", "item.benchmark.host", max_length=300),
                FieldSpec("visit_date", "item.benchmark.visit_date", kind="date"),
                FieldSpec("observed", "item.benchmark.observed", kind="text", height=3),
                FieldSpec("adopt", "item.benchmark.adopt", kind="text", height=3),
            ],
            new_item=lambda items: {
                "key": next_key(items, "b"),
                "host": t("item.benchmark.new", n=len(items) + 1),
            },
            empty="inno.no_benchmarks",
        )
        ideas = ItemList(
            "ideas",
            lambda: self.doc["ideas"],
            [
                Column(
                    "item.idea.title",
                    lambda i, n: literal(i.get("title", ""), overflow="ellipsis", no_wrap=True),
                    width=32,
                ),
                Column(
                    "item.idea.source",
                    lambda i, n: t(f"item.idea.source_{i.get('source', 'own')}"),
                    width=14,
                ),
                Column("inno.col.total", lambda i, n: str(idea_total(i) or "-"), width=6),
                Column(
                    "inno.col.rank", lambda i, n: str(self._ranks().get(i.get("key"), "-")), width=9
                ),
            ],
            [
                FieldSpec("title", "item.idea.title", max_length=300),
                FieldSpec("description", "item.idea.description", kind="text", height=3),
                FieldSpec("addresses", "item.idea.addresses", kind="text", height=3),
                FieldSpec(
                    "source",
                    "item.idea.source",
                    kind="choice",
                    choices=[(t(f"item.idea.source_{s}"), s) for s in SOURCES],
                ),
                FieldSpec(
                    "benchmark", "item.idea.benchmark", kind="choice", choices=self._benchmarks
                ),
                FieldSpec(
                    "causes",
                    "item.idea.causes",
                    kind="multi",
                    choices=self._causes,
                    help="inno.causes_help",
                ),
                *[
                    FieldSpec(f"scores.{c}", f"idea_criterion.{c}", kind="score", group="scores")
                    for c in IDEA_CRITERIA
                ],
            ],
            new_item=lambda items: {
                "key": next_key(items, "g"),
                "title": t("item.idea.new", n=len(items) + 1),
                "source": "own",
                "causes": [],
                "scores": {},
            },
            empty="inno.no_ideas",
        )
        chosen = self.field(
            FieldSpec(
                "chosen_idea",
                "doc.innovation.chosen_idea",
                kind="choice",
                choices=self._idea_choices,
            )
        )
        return [
            self.section(
                "context",
                Static(self._diagnosis_summary(), classes="live-view"),
                title="inno.context",
            ),
            self.section("benchmarks", benchmarks, help="inno.benchmarks_help"),
            self.section(
                "visit_report",
                Static("", id="visit-group"),
                TextArea(id="visit-report"),
                Button(t("visit.report_save"), id="visit-report-save"),
                title="visit.report_title",
                help="visit.report_help",
            ),
            self.section("ideas", ideas, help="inno.ideas_help"),
            self.section(
                "ranking",
                Static("", id="inno-ranking", classes="live-view"),
                title="inno.ranking",
                help="inno.ranking_help",
            ),
            self.section("chosen_idea", chosen, help="inno.chosen_help"),
        ]

    def _diagnosis_summary(self) -> Text:
        diag = self.context.get(Stage.DIAGNOSIS) or {}
        issues = {i.get("key"): i for i in diag.get("issues") or []}
        core = issues.get(diag.get("core_issue"))
        out = Text()
        out.append(t("inno.core_issue") + " ", style="bold")
        out.append((core or {}).get("title", "-") + "\n")
        main = [c.get("text", "") for c in diag.get("causes") or [] if c.get("is_main")]
        out.append(t("inno.main_causes") + " ", style="bold")
        out.append("; ".join(main) or "-")
        return scrub(out)

    def on_doc_changed(self, section: str) -> None:
        if not self.query("#inno-ranking"):
            return
        if section in ("", "ideas"):
            self.query_one("#inno-ranking", Static).update(self._ranking())
            self.query_one("#list-ideas", ItemList).refresh_table()
        if section in ("", "ideas", "benchmarks"):
            self.refresh_choice_fields()
        if section == "":
            self._show_group()

    def _ranking(self) -> Text:
        ranked = rank_ideas(self.doc.get("ideas") or [])
        out = Text()
        if not ranked:
            out.append(t("inno.ranking_empty"), style="italic")
            return scrub(out)
        head = "".join(f"{t(f'inno.short.{c}'):>5}" for c in IDEA_CRITERIA)
        out.append(
            f"{t('inno.col.rank'):<9}{head}{t('inno.col.total'):>7}  {t('item.idea.title')}\n",
            style="bold",
        )
        for rank, idea, total in ranked:
            scores = idea.get("scores") or {}
            cells = "".join(f"{scores.get(c):>5}" for c in IDEA_CRITERIA)
            mark = (
                "  ◆ " + t("inno.chosen") if idea.get("key") == self.doc.get("chosen_idea") else ""
            )
            out.append(f"{rank:<9}{cells}{total:>7}  {idea.get('title', '')}{mark}\n")
        out.append(
            t(
                "inno.legend",
                legend=", ".join(
                    f"{t(f'inno.short.{c}')} = {t(f'idea_criterion.{c}')}" for c in IDEA_CRITERIA
                ),
            ),
            style="italic",
        )
        return scrub(out)
