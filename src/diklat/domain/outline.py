"""A stage document as a readable outline: headings, paragraphs, lists and tables.

One outline serves every face: the version viewer shows it as Markdown, the PDF and
DOCX exporters lay it out. Sections come in the document's own order (docs/rules.md
section 6 for the design), labelled from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from diklat.domain import completeness
from diklat.domain.content import FISHBONE_CATEGORIES, HORIZONS, IDEA_CRITERIA, sections
from diklat.domain.diagnosis import APKL_CRITERIA
from diklat.domain.documents import Evidence
from diklat.domain.instrument import load_instrument, score_values, strengths_and_development
from diklat.domain.workflow import Stage
from diklat.i18n import t


@dataclass
class Block:
    kind: str  # "heading" | "paragraph" | "bullets" | "table"
    text: str = ""
    level: int = 2
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _h(text: str, level: int = 2) -> Block:
    return Block("heading", text=text, level=level)


def _p(text: str) -> Block:
    return Block("paragraph", text=text)


def _table(headers: list[str], rows: list[list[str]]) -> Block:
    return Block("table", headers=headers, rows=rows)


def _label(stage: Stage, section: str) -> str:
    return t(f"doc.{stage.value}.{section}")


def _val(value: Any) -> str:
    if value is None or value == "":
        return "-"
    return str(value)


def quadrant(influence: str, interest: str) -> str:
    """The stakeholder quadrant code for influence and interest (high/low)."""
    if influence == "high":
        return "manage_closely" if interest == "high" else "keep_satisfied"
    return "keep_informed" if interest == "high" else "monitor"


def idea_total(idea: Mapping[str, Any]) -> int | None:
    scores = idea.get("scores") or {}
    if not all(isinstance(scores.get(c), int) for c in IDEA_CRITERIA):
        return None
    return sum(scores[c] for c in IDEA_CRITERIA)


def rank_ideas(ideas: list[Mapping[str, Any]]) -> list[tuple[int, Mapping[str, Any], int]]:
    """(rank, idea, total) for fully scored ideas, best first; equal totals share a rank."""
    scored = [(idea_total(i), i) for i in ideas]
    ordered = sorted([(tot, i) for tot, i in scored if tot is not None], key=lambda x: -x[0])
    out: list[tuple[int, Mapping[str, Any], int]] = []
    for pos, (tot, idea) in enumerate(ordered, start=1):
        rank = out[-1][0] if out and out[-1][2] == tot else pos
        out.append((rank, idea, tot))
    return out


def _text_sections(stage: Stage, doc: Mapping[str, Any], names: tuple[str, ...]) -> list[Block]:
    out = []
    for name in names:
        out.append(_h(_label(stage, name)))
        out.append(_p(_val(doc.get(name))))
    return out


def _self_assessment(doc: Mapping[str, Any]) -> list[Block]:
    st = Stage.SELF_ASSESSMENT
    instrument = load_instrument(
        doc.get("instrument_code") or "berakhlak", doc.get("instrument_version")
    )
    answers = {
        k: v for k, v in (doc.get("answers") or {}).items() if k in set(instrument.item_codes())
    }
    scores = score_values(instrument, answers)
    top, bottom = strengths_and_development(scores)
    rows = [
        [s.text(), "-" if s.score is None else f"{s.score:.2f}", f"{s.answered}/{s.items}"]
        for s in scores
    ]
    return [
        _h(_label(st, "answers")),
        _table([t("outline.value"), t("outline.score"), t("outline.answered")], rows),
        _p(t("outline.strengths_line", values=", ".join(s.text() for s in top) or "-")),
        _p(t("outline.development_line", values=", ".join(s.text() for s in bottom) or "-")),
        *_text_sections(
            st, doc, ("strengths", "development_areas", "feedback", "development_plan")
        ),
    ]


def _apkl_words(apkl: Mapping[str, Any], passes: bool) -> str:
    """The APKL filter in words ("tidak lolos: belum Layak"), not in letters and dashes."""
    if passes:
        return t("outline.passes")
    unmet = ", ".join(t(f"apkl.{c}") for c in APKL_CRITERIA if not apkl.get(c))
    return t("outline.fails_on", criteria=unmet)


def _diagnosis(doc: Mapping[str, Any]) -> list[Block]:
    st = Stage.DIAGNOSIS
    issues = doc.get("issues") or []
    ranks = {r.key: r.rank for r in completeness.ranked_issues(doc)}
    rows = []
    for i in issues:
        apkl = i.get("apkl") or {}
        usg = i.get("usg") or {}
        passes = all(apkl.get(c) for c in APKL_CRITERIA)
        total = sum(usg.get(c) or 0 for c in ("urgency", "seriousness", "growth")) if usg else None
        rows.append(
            [
                i.get("title", ""),
                _apkl_words(apkl, passes),
                "-"
                if not usg
                else f"{usg.get('urgency')}/{usg.get('seriousness')}/{usg.get('growth')} = {total}",
                str(ranks.get(i.get("key"), "-")),
            ]
        )
    by_key = {i.get("key"): i for i in issues}
    core = by_key.get(doc.get("core_issue"))
    out = [
        _h(_label(st, "issues")),
        _table([t("outline.issue"), "APKL", "USG", t("outline.rank")], rows),
    ]
    for i in issues:
        if i.get("description") or i.get("evidence"):
            out.append(
                _p(
                    f"{i.get('title')}: {i.get('description') or ''} {i.get('evidence') or ''}".strip()
                )
            )
    out += [_h(_label(st, "core_issue")), _p(core.get("title") if core else "-")]
    if doc.get("core_issue_reason"):
        out += [_h(_label(st, "core_issue_reason"), 3), _p(doc["core_issue_reason"])]
    out.append(_h(_label(st, "causes")))
    causes = doc.get("causes") or []
    for cat in FISHBONE_CATEGORIES:
        found = [c for c in causes if c.get("category") == cat]
        if found:
            out.append(
                Block(
                    "bullets",
                    text=t(f"fishbone.{cat}"),
                    items=[
                        c.get("text", "")
                        + (" (" + t("outline.main_cause") + ")" if c.get("is_main") else "")
                        for c in found
                    ],
                )
            )
    out += _text_sections(st, doc, ("problem_statement", "ideal_condition"))
    return out


def _innovation(doc: Mapping[str, Any], context: Mapping[Stage, Mapping[str, Any]]) -> list[Block]:
    st = Stage.INNOVATION
    out = [_h(_label(st, "benchmarks"))]
    for b in doc.get("benchmarks") or []:
        out.append(_h(f"{b.get('host')} ({_val(b.get('visit_date'))})", 3))
        out.append(_p(f"{t('item.benchmark.observed')}: {_val(b.get('observed'))}"))
        out.append(_p(f"{t('item.benchmark.adopt')}: {_val(b.get('adopt'))}"))
    ideas = doc.get("ideas") or []
    ranks = {id(i): r for r, i, _ in rank_ideas(ideas)}
    rows = [
        [
            i.get("title", ""),
            t(f"item.idea.source_{i.get('source', 'own')}"),
            _val(idea_total(i)),
            str(ranks.get(id(i), "-")),
        ]
        for i in ideas
    ]
    out += [
        _h(_label(st, "ideas")),
        _table(
            [t("outline.idea"), t("item.idea.source"), t("outline.total"), t("outline.rank")], rows
        ),
    ]
    causes = {
        c.get("key"): c.get("text")
        for c in (context.get(Stage.DIAGNOSIS) or {}).get("causes") or []
    }
    for i in ideas:
        out.append(_h(i.get("title", ""), 3))
        out.append(_p(_val(i.get("description"))))
        if i.get("addresses"):
            out.append(_p(f"{t('item.idea.addresses')}: {i['addresses']}"))
        linked = [causes.get(k, k) for k in i.get("causes") or []]
        if linked:
            out.append(Block("bullets", text=t("item.idea.causes"), items=linked))
    chosen = next((i for i in ideas if i.get("key") == doc.get("chosen_idea")), None)
    out += [_h(_label(st, "chosen_idea")), _p(chosen.get("title") if chosen else "-")]
    return out


def milestone_rows(doc: Mapping[str, Any], horizon: str) -> list[list[str]]:
    return [
        [
            m.get("title", ""),
            _val(m.get("activities")),
            _val(m.get("deliverable")),
            _val(m.get("due")),
        ]
        for m in doc.get("milestones") or []
        if m.get("horizon") == horizon
    ]


def _design(doc: Mapping[str, Any]) -> list[Block]:
    st = Stage.DESIGN
    out = _text_sections(
        st,
        doc,
        (
            "title",
            "description",
            "background",
            "goals",
            "outputs",
            "outcomes",
            "benefits_org",
            "benefits_public",
            "scope",
            "ideal_condition",
        ),
    )
    out.append(_h(_label(st, "milestones")))
    for horizon in HORIZONS:
        out.append(_h(t(f"item.milestone.horizon_{horizon}"), 3))
        out.append(
            _table(
                [
                    t("item.milestone.title"),
                    t("item.milestone.activities"),
                    t("item.milestone.deliverable"),
                    t("item.milestone.due"),
                ],
                milestone_rows(doc, horizon),
            )
        )
    out.append(_h(_label(st, "stakeholders")))
    out.append(
        _table(
            [
                t("item.stakeholder.name"),
                t("item.stakeholder.role"),
                t("item.stakeholder.influence"),
                t("item.stakeholder.interest"),
                t("outline.quadrant"),
                t("item.stakeholder.strategy"),
            ],
            [
                [
                    s.get("name", ""),
                    _val(s.get("role")),
                    t(f"level.{s.get('influence', 'low')}"),
                    t(f"level.{s.get('interest', 'low')}"),
                    t(f"quadrant.{quadrant(s.get('influence', 'low'), s.get('interest', 'low'))}"),
                    _val(s.get("strategy")),
                ]
                for s in doc.get("stakeholders") or []
            ],
        )
    )
    out.append(_h(_label(st, "team")))
    out.append(
        _table(
            [t("item.team.name"), t("item.team.role")],
            [[m.get("name", ""), _val(m.get("role"))] for m in doc.get("team") or []],
        )
    )
    out.append(_h(_label(st, "risks")))
    out.append(
        _table(
            [
                t("item.risk.description"),
                t("item.risk.likelihood"),
                t("item.risk.impact"),
                t("item.risk.mitigation"),
            ],
            [
                [
                    r.get("description", ""),
                    t(f"level.{r.get('likelihood', 'medium')}"),
                    t(f"level.{r.get('impact', 'medium')}"),
                    _val(r.get("mitigation")),
                ]
                for r in doc.get("risks") or []
            ],
        )
    )
    out += _text_sections(st, doc, ("key_success_factors", "development_plan"))
    return out


def _implementation(
    doc: Mapping[str, Any], context: Mapping[Stage, Mapping[str, Any]]
) -> list[Block]:
    st = Stage.IMPLEMENTATION
    progress = {p.get("milestone"): p for p in doc.get("progress") or []}
    rows = []
    for m in completeness.short_term_milestones(context.get(Stage.DESIGN)):
        p = progress.get(m.get("key")) or {}
        rows.append(
            [
                m.get("title", ""),
                t(f"milestone_status.{p.get('status', 'not_started')}"),
                _val(p.get("on")),
                _val(p.get("evidence")),
                _val(p.get("problems")),
            ]
        )
    return [
        _h(_label(st, "progress")),
        _table(
            [
                t("item.milestone.title"),
                t("item.progress.status"),
                t("item.progress.on"),
                t("item.progress.evidence"),
                t("item.progress.problems"),
            ],
            rows,
        ),
        *_text_sections(st, doc, ("problems",)),
    ]


def _report(doc: Mapping[str, Any], context: Mapping[Stage, Mapping[str, Any]]) -> list[Block]:
    st = Stage.REPORT
    achieved = {a.get("milestone"): a.get("achieved") for a in doc.get("achievements") or []}
    progress = {
        p.get("milestone"): p
        for p in (context.get(Stage.IMPLEMENTATION) or {}).get("progress") or []
    }
    rows = []
    for m in completeness.short_term_milestones(context.get(Stage.DESIGN)):
        p = progress.get(m.get("key")) or {}
        rows.append(
            [
                m.get("title", ""),
                t(f"milestone_status.{p.get('status', 'not_started')}"),
                _val(achieved.get(m.get("key"))),
            ]
        )
    out = [
        _h(_label(st, "achievements")),
        _table(
            [t("item.milestone.title"), t("item.progress.status"), t("item.achievement.achieved")],
            rows,
        ),
    ]
    out += _text_sections(st, doc, ("outcomes", "obstacles", "lessons", "sustainability"))
    design = context.get(Stage.DESIGN) or {}
    for horizon in ("medium", "long"):
        rows = milestone_rows(design, horizon)
        if rows:
            out.append(_h(t(f"item.milestone.horizon_{horizon}"), 3))
            out.append(
                _table(
                    [
                        t("item.milestone.title"),
                        t("item.milestone.activities"),
                        t("item.milestone.deliverable"),
                        t("item.milestone.due"),
                    ],
                    rows,
                )
            )
    return out


def _generic(stage: Stage, doc: Mapping[str, Any]) -> list[Block]:
    return _text_sections(stage, doc, sections(stage))


def outline(
    stage: Stage,
    doc: Mapping[str, Any] | None,
    context: Mapping[Stage, Mapping[str, Any]] | None = None,
) -> list[Block]:
    doc = doc or {}
    context = context or {}
    if stage is Stage.SELF_ASSESSMENT:
        return _self_assessment(doc)
    if stage is Stage.DIAGNOSIS:
        return _diagnosis(doc)
    if stage is Stage.INNOVATION:
        return _innovation(doc, context)
    if stage is Stage.DESIGN:
        return _design(doc)
    if stage is Stage.IMPLEMENTATION:
        return _implementation(doc, context)
    if stage is Stage.REPORT:
        return _report(doc, context)
    return _generic(stage, doc)


# Every ASCII punctuation character may be backslash-escaped in Markdown (CommonMark):
# escaping them all makes user text literal: no emphasis, headings, links or HTML.
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md_text(text: str) -> str:
    """User text shown literally inside Markdown."""
    return _MD_PUNCTUATION.sub(r"\\\1", text)


def _md_cell(text: str) -> str:
    return md_text(text).replace("\n", " ")


def to_markdown(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        if b.kind == "heading":
            parts.append("#" * min(b.level + 1, 6) + " " + md_text(b.text).replace("\n", " "))
        elif b.kind == "paragraph":
            parts.append(md_text(b.text))
        elif b.kind == "bullets":
            parts.append(
                f"**{md_text(b.text)}**\n\n" + "\n".join(f"- {md_text(i)}" for i in b.items)
            )
        elif b.kind == "table":
            if not b.rows:
                parts.append("-")
                continue
            lines = [
                "| " + " | ".join(_md_cell(h) for h in b.headers) + " |",
                "|" + "---|" * len(b.headers),
            ]
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows]
            parts.append("\n".join(lines))
    return "\n\n".join(parts)


def evidence_blocks(design: Mapping[str, Any] | None, files: Sequence[Evidence]) -> list[Block]:
    """The report's "Lampiran": the files sent with the implementation and the report,
    under the short-term milestone each belongs to, then those of the report as a
    whole. Each by name, type, size and the first 12 hex digits of its SHA-256 (the
    files themselves are not in the document; the digest tells a reader that the file
    they open is the one that was sent). Nothing when no file was attached."""
    from diklat.domain.attachments import BY_KEY, REPORT_WHOLE, kind_label, megabytes

    if not files:
        return []
    headers = [
        t("documents.evidence_file"),
        t("documents.evidence_stage"),
        t("documents.evidence_kind"),
        t("documents.evidence_size"),
        t("documents.evidence_sha"),
    ]

    def rows(group: Sequence[Evidence]) -> list[list[str]]:
        return [
            [
                f.filename,
                t(f"documents.evidence_from_{Stage(f.stage).value}"),
                kind_label(BY_KEY[f.kind]) if f.kind in BY_KEY else f.kind,
                megabytes(f.size),
                f.sha256[:12],
            ]
            for f in group
        ]

    out = [_h(t("documents.evidence")), _p(t("documents.evidence_note"))]
    milestones = completeness.short_term_milestones(design)
    titles = {m.get("key"): m.get("title") or m.get("key") for m in milestones}
    order = [m.get("key") for m in milestones]
    # Files on a milestone the design no longer has come after the design's own, by key.
    slots = {f.slot for f in files if f.slot != REPORT_WHOLE}
    order += sorted(slots - set(order))
    for slot in order:
        group = [f for f in files if f.slot == slot]
        if group:
            out.append(_h(t("documents.evidence_milestone", title=titles.get(slot) or slot), 3))
            out.append(_table(headers, rows(group)))
    whole = [f for f in files if f.slot == REPORT_WHOLE]
    if whole:
        out.append(_h(t("documents.evidence_whole"), 3))
        out.append(_table(headers, rows(whole)))
    return out
