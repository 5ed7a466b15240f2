"""Stage 2: problem diagnosis (docs/rules.md section 4): issues, the APKL filter, USG ranking
updated as you type, the core issue (another one than proposed needs a reason), the
fishbone of root causes, the problem statement and the ideal condition."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from diklat.domain import completeness
from diklat.domain.content import FISHBONE_CATEGORIES
from diklat.domain.diagnosis import APKL_CRITERIA, USG_CRITERIA
from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.textsafe import literal, message, scrub
from diklat.tui.screens.participant.base import StageScreen
from diklat.tui.widgets.form import FieldSpec
from diklat.tui.widgets.itemlist import Column, ItemList, next_key


def _passes(issue: dict) -> bool:
    apkl = issue.get("apkl") or {}
    return all(apkl.get(c) for c in APKL_CRITERIA)


def _usg(issue: dict) -> dict:
    return issue.get("usg") or {}


def _usg_complete(issue: dict) -> bool:
    return all(isinstance(_usg(issue).get(c), int) for c in USG_CRITERIA)


class DiagnosisScreen(StageScreen):
    STAGE = Stage.DIAGNOSIS
    REQUIRED_ITEM_FIELDS = {"issues": "title", "causes": "text"}

    def prepare(self, doc: dict[str, Any]) -> dict[str, Any]:
        doc.setdefault("issues", [])
        doc.setdefault("causes", [])
        return doc

    def saveable(self, doc: dict[str, Any]) -> dict[str, Any]:
        doc = super().saveable(doc)
        for issue in doc.get("issues") or []:
            if issue.get("usg") is not None and not _usg_complete(issue):
                issue["usg"] = None  # a USG score is stored once all three parts are given
        return doc

    def _ranks(self) -> dict[str, int]:
        return {r.key: r.rank for r in completeness.ranked_issues(self.doc)}

    def build(self) -> list[Widget]:
        issues = ItemList(
            "issues",
            lambda: self.doc["issues"],
            [
                Column(
                    "item.issue.title",
                    lambda i, n: literal(i.get("title", ""), overflow="ellipsis", no_wrap=True),
                    width=34,
                ),
                Column("diag.col.apkl", lambda i, n: self._apkl_text(i), width=18),
                Column("diag.col.usg", lambda i, n: self._usg_text(i), width=10),
                Column(
                    "diag.col.rank", lambda i, n: str(self._ranks().get(i.get("key"), "-")), width=9
                ),
            ],
            [
                FieldSpec("title", "item.issue.title", max_length=300),
                FieldSpec("description", "item.issue.description", kind="text", height=3),
                FieldSpec("evidence", "item.issue.evidence", kind="text", height=3),
                *[
                    FieldSpec(
                        f"apkl.{c}", f"apkl.{c}", kind="bool", help=f"apkl.help.{c}", group="apkl"
                    )
                    for c in APKL_CRITERIA
                ],
                *[
                    FieldSpec(
                        f"usg.{c}", f"usg.{c}", kind="score", help=f"usg.help.{c}", group="usg"
                    )
                    for c in USG_CRITERIA
                ],
            ],
            new_item=lambda items: {
                "key": next_key(items, "i"),
                "title": t("item.issue.new", n=len(items) + 1),
                "apkl": {c: False for c in APKL_CRITERIA},
            },
            empty="diag.no_issues",
        )
        causes = ItemList(
            "causes",
            lambda: self.doc["causes"],
            [
                Column(
                    "item.cause.category",
                    lambda c, n: t(f"fishbone.{c.get('category', 'manusia')}"),
                    width=14,
                ),
                Column(
                    "item.cause.text",
                    lambda c, n: literal(c.get("text", ""), overflow="ellipsis", no_wrap=True),
                    width=40,
                ),
                Column(
                    "item.cause.is_main",
                    lambda c, n: "★ " + t("diag.main") if c.get("is_main") else "-",
                    width=16,
                ),
            ],
            [
                FieldSpec(
                    "category",
                    "item.cause.category",
                    kind="choice",
                    choices=[(t(f"fishbone.{c}"), c) for c in FISHBONE_CATEGORIES],
                ),
                FieldSpec("text", "item.cause.text", max_length=500),
                FieldSpec("is_main", "item.cause.is_main", kind="bool"),
            ],
            new_item=lambda items: {
                "key": next_key(items, "c"),
                "category": "manusia",
                "text": t("item.cause.new", n=len(items) + 1),
                "is_main": False,
            },
            empty="diag.no_causes",
        )
        core = self.field(
            FieldSpec(
                "core_issue", "doc.diagnosis.core_issue", kind="choice", choices=self._core_choices
            )
        )
        reason = self.text_section("core_issue_reason", height=3, help="diag.reason_help")
        return [
            self.section("issues", issues, help="diag.issues_help"),
            self.section(
                "ranking",
                Static("", id="diag-ranking", classes="live-view"),
                title="diag.ranking",
                help="diag.ranking_help",
            ),
            self.section("core_issue", Static("", id="diag-proposal"), core),
            reason,
            self.section(
                "causes",
                causes,
                Static("", id="diag-fishbone", classes="live-view"),
                help="diag.causes_help",
            ),
            self.text_section("problem_statement", height=4),
            self.text_section("ideal_condition", height=4),
        ]

    def _apkl_text(self, issue: dict) -> Text:
        apkl = issue.get("apkl") or {}
        marks = " ".join(
            t(f"outline.apkl_short.{c}") + ("✓" if apkl.get(c) else "✗") for c in APKL_CRITERIA
        )
        word = t("outline.passes") if _passes(issue) else t("outline.fails")
        return Text(f"{marks} {word}", style="bold" if _passes(issue) else "dim")

    def _usg_text(self, issue: dict) -> str:
        if not _usg_complete(issue):
            return "-"
        u = _usg(issue)
        return f"{u['urgency']}+{u['seriousness']}+{u['growth']}={u['urgency'] + u['seriousness'] + u['growth']}"

    def _core_choices(self) -> list[tuple[str, str]]:
        proposed = completeness.proposed_core_issue(self.doc)
        ranks = self._ranks()
        out = []
        for issue in completeness.passing_issues(self.doc):
            label = issue.get("title", "")
            if issue["key"] in ranks:
                label = f"{ranks[issue['key']]}. {label}"
            if issue["key"] == proposed:
                label += " — " + t("diag.proposed")
            out.append((label, issue["key"]))
        return out

    def on_doc_changed(self, section: str) -> None:
        if not self.query("#diag-ranking"):
            return
        if section in ("", "issues"):
            self.query_one("#diag-ranking", Static).update(self._ranking())
            self.query_one("#list-issues", ItemList).refresh_table()
            self.refresh_choice_fields()
        if section in ("", "causes"):
            self.query_one("#diag-fishbone", Static).update(self._fishbone())
        proposed = completeness.proposed_core_issue(self.doc)
        by_key = {i.get("key"): i for i in self.doc.get("issues") or []}
        self.query_one("#diag-proposal", Static).update(
            message("diag.proposal", issue=by_key[proposed].get("title", ""))
            if proposed
            else t("diag.no_proposal")
        )
        core = self.doc.get("core_issue")
        self.query_one("#sec-core_issue_reason").display = (
            bool(core)
            and core != proposed
            or bool((self.doc.get("core_issue_reason") or "").strip())
        )

    def _ranking(self) -> Text:
        ranked = completeness.ranked_issues(self.doc)
        by_key = {i.get("key"): i for i in self.doc.get("issues") or []}
        out = Text()
        if not ranked:
            out.append(t("diag.ranking_empty"), style="italic")
            return scrub(out)
        out.append(
            f"{t('diag.col.rank'):<8}{'U':>3}{'S':>3}{'G':>3}{t('diag.total'):>7}  {t('item.issue.title')}\n",
            style="bold",
        )
        for r in ranked:
            out.append(
                f"{r.rank:<8}{r.usg.urgency:>3}{r.usg.seriousness:>3}{r.usg.growth:>3}{r.usg.total:>7}  "
                f"{by_key[r.key].get('title', '')}\n"
            )
        waiting = [
            i.get("title", "")
            for i in completeness.passing_issues(self.doc)
            if not _usg_complete(i)
        ]
        if waiting:
            out.append(t("diag.ranking_waiting", issues=", ".join(waiting)), style="italic")
        return scrub(out)

    def _fishbone(self) -> Text:
        out = Text()
        causes = self.doc.get("causes") or []
        out.append(t("diag.fishbone_title") + "\n", style="bold")
        for cat in FISHBONE_CATEGORIES:
            found = [c for c in causes if c.get("category") == cat]
            out.append(f"  {t(f'fishbone.{cat}')}: ", style="bold")
            if not found:
                out.append("-\n", style="dim")
                continue
            out.append(
                "; ".join(("★ " if c.get("is_main") else "") + c.get("text", "") for c in found)
                + "\n"
            )
        out.append(t("diag.main_legend"), style="italic")
        return scrub(out)
