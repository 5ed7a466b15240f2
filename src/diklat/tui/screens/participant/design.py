"""Stage 4: the change-project design (docs/rules.md section 6), with its milestones in three
horizons, stakeholders by influence and interest, team, risks and the development plan
carried over from the self-assessment. F4 exports it as PDF or DOCX."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from diklat.domain.content import HORIZONS
from diklat.domain.outline import quadrant
from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.textsafe import literal, scrub
from diklat.tui import format as fmt
from diklat.tui.navigation import screen_class
from diklat.tui.screens.participant.base import StageScreen
from diklat.tui.widgets.form import FieldSpec
from diklat.tui.widgets.itemlist import Column, ItemList, next_key

LEVELS2 = ("high", "low")
LEVELS3 = ("low", "medium", "high")
QUADRANTS = ("keep_satisfied", "manage_closely", "monitor", "keep_informed")


def _cell(value: str | None) -> Text:
    return literal(value or "-", overflow="ellipsis", no_wrap=True)


class ExportMixin:
    """F4: export this stage's document (design or report) as PDF or DOCX."""

    EXPORT_PART = "design"

    def action_export(self) -> None:
        ExportScreen = screen_class("project_export")

        self.app.push_screen(ExportScreen(self.actor, self.enrolment_id, self.EXPORT_PART))


class DesignScreen(ExportMixin, StageScreen):
    STAGE = Stage.DESIGN
    CONTEXT = (Stage.SELF_ASSESSMENT, Stage.DIAGNOSIS, Stage.INNOVATION)
    EXPORT_PART = "design"
    BINDINGS = [Binding("f4", "export", "key.export")]
    REQUIRED_ITEM_FIELDS = {
        "milestones": "title",
        "stakeholders": "name",
        "team": "name",
        "risks": "description",
    }

    def prepare(self, doc: dict[str, Any]) -> dict[str, Any]:
        for name in ("milestones", "stakeholders", "team", "risks"):
            doc.setdefault(name, [])
        sa = self.context.get(Stage.SELF_ASSESSMENT) or {}
        diag = self.context.get(Stage.DIAGNOSIS) or {}
        inno = self.context.get(Stage.INNOVATION) or {}
        idea = next(
            (i for i in inno.get("ideas") or [] if i.get("key") == inno.get("chosen_idea")), {}
        )
        carry = {
            "title": idea.get("title"),
            "description": idea.get("description"),
            "background": diag.get("problem_statement"),
            "ideal_condition": diag.get("ideal_condition"),
            "development_plan": sa.get("development_plan"),
        }
        for name, value in carry.items():
            if value and not (doc.get(name) or "").strip():
                doc[name] = value
        return doc

    def build(self) -> list[Widget]:
        milestones = ItemList(
            "milestones",
            lambda: self.doc["milestones"],
            [
                Column(
                    "item.milestone.horizon",
                    lambda m, n: t(f"item.milestone.horizon_short_{m.get('horizon', 'short')}"),
                    width=10,
                ),
                Column("item.milestone.title", lambda m, n: _cell(m.get("title")), width=30),
                Column("item.milestone.due", lambda m, n: fmt.stored_day(m.get("due")), width=10),
                Column(
                    "item.milestone.deliverable", lambda m, n: _cell(m.get("deliverable")), width=20
                ),
            ],
            [
                FieldSpec(
                    "horizon",
                    "item.milestone.horizon",
                    kind="choice",
                    choices=[(t(f"item.milestone.horizon_{h}"), h) for h in HORIZONS],
                ),
                FieldSpec("title", "item.milestone.title", max_length=300),
                FieldSpec("activities", "item.milestone.activities", kind="text", height=3),
                FieldSpec("deliverable", "item.milestone.deliverable", max_length=1000),
                FieldSpec("due", "item.milestone.due", kind="date"),
            ],
            new_item=lambda items: {
                "key": next_key(items, "m"),
                "horizon": "short",
                "title": t("item.milestone.new", n=len(items) + 1),
            },
            empty="design.no_milestones",
        )
        stakeholders = ItemList(
            "stakeholders",
            lambda: self.doc["stakeholders"],
            [
                Column("item.stakeholder.name", lambda s, n: _cell(s.get("name")), width=24),
                Column(
                    "item.stakeholder.influence",
                    lambda s, n: t(f"level.{s.get('influence', 'low')}"),
                    width=10,
                ),
                Column(
                    "item.stakeholder.interest",
                    lambda s, n: t(f"level.{s.get('interest', 'low')}"),
                    width=10,
                ),
                Column(
                    "outline.quadrant",
                    lambda s, n: t(
                        f"quadrant.{quadrant(s.get('influence', 'low'), s.get('interest', 'low'))}"
                    ),
                    width=22,
                ),
            ],
            [
                FieldSpec("name", "item.stakeholder.name", max_length=300),
                FieldSpec("role", "item.stakeholder.role", max_length=1000),
                FieldSpec(
                    "influence",
                    "item.stakeholder.influence",
                    kind="choice",
                    choices=[(t(f"level.{v}"), v) for v in LEVELS2],
                ),
                FieldSpec(
                    "interest",
                    "item.stakeholder.interest",
                    kind="choice",
                    choices=[(t(f"level.{v}"), v) for v in LEVELS2],
                ),
                FieldSpec(
                    "strategy",
                    "item.stakeholder.strategy",
                    kind="text",
                    height=3,
                    help="design.strategy_help",
                ),
            ],
            new_item=lambda items: {
                "name": t("item.stakeholder.new", n=len(items) + 1),
                "influence": "low",
                "interest": "low",
            },
            empty="design.no_stakeholders",
        )
        team = ItemList(
            "team",
            lambda: self.doc["team"],
            [
                Column("item.team.name", lambda m, n: _cell(m.get("name")), width=30),
                Column("item.team.role", lambda m, n: _cell(m.get("role")), width=36),
            ],
            [
                FieldSpec("name", "item.team.name", max_length=300),
                FieldSpec("role", "item.team.role", max_length=1000),
            ],
            new_item=lambda items: {"name": t("item.team.new", n=len(items) + 1)},
            empty="design.no_team",
        )
        risks = ItemList(
            "risks",
            lambda: self.doc["risks"],
            [
                Column("item.risk.description", lambda r, n: _cell(r.get("description")), width=34),
                Column(
                    "item.risk.likelihood",
                    lambda r, n: t(f"level.{r.get('likelihood', 'medium')}"),
                    width=12,
                ),
                Column(
                    "item.risk.impact",
                    lambda r, n: t(f"level.{r.get('impact', 'medium')}"),
                    width=10,
                ),
            ],
            [
                FieldSpec("description", "item.risk.description", max_length=2000),
                FieldSpec(
                    "likelihood",
                    "item.risk.likelihood",
                    kind="choice",
                    choices=[(t(f"level.{v}"), v) for v in LEVELS3],
                ),
                FieldSpec(
                    "impact",
                    "item.risk.impact",
                    kind="choice",
                    choices=[(t(f"level.{v}"), v) for v in LEVELS3],
                ),
                FieldSpec("mitigation", "item.risk.mitigation", kind="text", height=3),
            ],
            new_item=lambda items: {
                "description": t("item.risk.new", n=len(items) + 1),
                "likelihood": "medium",
                "impact": "medium",
            },
            empty="design.no_risks",
        )
        widgets: list[Widget] = [self.text_section("title", kind="line", help="design.title_help")]
        for name in (
            "description",
            "background",
            "goals",
            "outputs",
            "outcomes",
            "benefits_org",
            "benefits_public",
            "scope",
            "ideal_condition",
        ):
            widgets.append(self.text_section(name, height=4, help=f"design.help.{name}"))
        widgets += [
            self.section(
                "milestones",
                milestones,
                Static("", id="design-horizons", classes="live-view"),
                help="design.milestones_help",
            ),
            self.section(
                "stakeholders",
                stakeholders,
                Static("", id="design-quadrants", classes="live-view"),
                help="design.stakeholders_help",
            ),
            self.section("team", team),
            self.section("risks", risks),
            self.text_section("key_success_factors", height=4),
            self.text_section("development_plan", height=6, help="design.development_plan_help"),
        ]
        return widgets

    def on_doc_changed(self, section: str) -> None:
        if not self.query("#design-horizons"):
            return
        if section in ("", "milestones"):
            self.query_one("#design-horizons", Static).update(self._horizons())
        if section in ("", "stakeholders"):
            self.query_one("#design-quadrants", Static).update(self._quadrants())

    def _horizons(self) -> Text:
        out = Text()
        for h in HORIZONS:
            found = [m for m in self.doc.get("milestones") or [] if m.get("horizon") == h]
            out.append(f"{t(f'item.milestone.horizon_{h}')} ({len(found)}): ", style="bold")
            out.append(
                "; ".join(f"{m.get('title', '')} [{m.get('due') or '-'}]" for m in found) or "-"
            )
            out.append("\n")
        return scrub(out)

    def _quadrants(self) -> Text:
        groups: dict[str, list[str]] = {q: [] for q in QUADRANTS}
        for s in self.doc.get("stakeholders") or []:
            groups[quadrant(s.get("influence", "low"), s.get("interest", "low"))].append(
                s.get("name", "")
            )
        out = Text()
        out.append(t("design.quadrant_axes") + "\n", style="italic")
        for q in QUADRANTS:
            out.append(f"{t(f'quadrant.{q}')} ", style="bold")
            out.append(f"({t(f'quadrant_where.{q}')}): ")
            out.append(", ".join(groups[q]) or "-")
            out.append("\n   " + t(f"quadrant_hint.{q}") + "\n", style="italic")
        return scrub(out)
