"""The seminar rubric on the design and report screens: what the seminar judges before the
participant submits (criteria, weights, level ranges), and the marks given with it,
criterion by criterion, once the cohort's results are released."""

from __future__ import annotations

from rich.text import Text

from diklat.domain.workflow import with_term
from diklat.i18n import t
from diklat.services.seminar import SeminarRubric
from diklat.textsafe import visible
from diklat.tui import format as fmt


def seminar_text(data: SeminarRubric, term: str = "") -> Text:
    """The rubric and, once released, the marks; the names of the component and the rubric
    in the cohort's words (``term``: *aksi perubahan* in PKP)."""
    text = Text()
    rubric = data.rubric
    text.append(
        t(
            "seminar.weight",
            component=visible(with_term(data.component_label, term)),
            weight=fmt.number(data.weight),
        )
    )
    if rubric is None:
        text.append("\n" + t("seminar.direct"))
    else:
        text.append("\n")
        text.append(
            t(
                "seminar.rubric",
                title=visible(with_term(rubric.text(), term)),
                version=rubric.version,
            ),
            style="bold",
        )
        # One line of levels for all criteria when they share them (the usual case), so
        # the rubric stays short above the form.
        shared = all(c.levels == rubric.criteria[0].levels for c in rubric.criteria)
        for criterion in rubric.criteria:
            text.append("\n• ")
            text.append(visible(criterion.text()), style="bold")
            text.append(" " + t("seminar.criterion_weight", weight=fmt.number(criterion.weight)))
            if not shared:
                text.append("\n  " + _levels(criterion.levels))
        if shared:
            text.append("\n" + t("seminar.levels", levels=_levels(rubric.criteria[0].levels)))
    if not data.released:
        text.append("\n" + t("seminar.marks_after_release"), style="italic")
        return text
    if not data.marks:
        text.append("\n" + t("seminar.no_marks"), style="italic")
        return text
    text.append("\n")
    text.append(t("seminar.marks_title"), style="bold")
    for mark in data.marks:
        who = t("seminar.marker", role=t(f"role.{mark.role.value}"), number=mark.number)
        text.append(f"\n{who}: ")
        text.append(fmt.mark(mark.score), style="bold")
        for c in mark.criteria:
            level = f" ({visible(c.level)})" if c.level else ""
            text.append(f"\n  • {visible(c.label)}: {fmt.mark(c.score)}{level}")
    return text


def _levels(levels) -> str:
    """``Sangat baik 90,01–100 · Baik 80,01–90 · …``, highest first."""
    ordered = sorted(levels, key=lambda lv: lv.min, reverse=True)
    return " · ".join(
        f"{visible(lv.text())} {fmt.number(lv.min)}–{fmt.number(lv.max)}" for lv in ordered
    )
