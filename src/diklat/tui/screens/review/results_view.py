"""A participant's results on their home: hidden until the coordinator releases them."""

from __future__ import annotations

from rich.text import Text

from diklat.i18n import t
from diklat.textsafe import visible
from diklat.tui import format as fmt


def results_text(enrolment) -> Text:
    """Marks per component, final score and qualification once released; else why not yet."""
    results = getattr(enrolment, "results", None)
    if not enrolment.results_released or results is None:
        return Text(t("home.results_pending"))
    text = Text()
    text.append(t("home.results_released") + "\n", style="bold")
    for comp in results.components:
        text.append(f"  {visible(comp.label)}: ", style="italic")
        text.append(fmt.mark(comp.score) if comp.score is not None else t("marking.result.no_mark"))
        text.append("\n")
    text.append(t("marking.result.final") + " ", style="bold")
    text.append(
        fmt.mark(results.final) if results.final is not None else t("marking.result.no_final"),
        style="bold",
    )
    if results.qualification:
        text.append(
            f"  ·  {t('marking.result.qualification')} {results.qualification}", style="bold"
        )
    return text
