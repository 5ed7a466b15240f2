"""Stage documents and their changes as terminal text (read-only).

Every label comes from the catalogue; a change is marked with symbols and words
as well as style (``[-removed-]``, ``{+added+}``), so it never depends on colour.
The participant's text is appended to a ``Text`` (never parsed as markup) and the
result is scrubbed (control characters shown, :mod:`diklat.textsafe`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from diklat.domain.diff import FieldChange, ItemChange, SectionDiff, as_text
from diklat.domain.workflow import Stage
from diklat.i18n import has, t
from diklat.textsafe import scrub, visible
from diklat.tui import format as fmt

SKIP_SECTIONS = frozenset({"instrument_code", "instrument_version"})
SKIP_FIELDS = frozenset({"key"})
# Nested mappings whose keys have labels elsewhere in the catalogue.
KEY_LABELS = {"apkl": "apkl", "usg": "usg", "scores": "idea_criterion"}
VALUE_LABELS = {"category": "fishbone"}
ENUM_FIELDS = frozenset(
    {"horizon", "source", "influence", "interest", "likelihood", "impact", "status"}
)
REMOVED_STYLE = "strike"
ADDED_STYLE = "bold underline"


def field_label(name: str) -> str:
    key = f"review.field.{name}"
    return t(key) if has(key) else name.replace("_", " ").capitalize()


def section_label(name: str, stage: Stage | None = None, term: str = "") -> str:
    """A section's name as the participant's screens call it (``doc.<stage>.<section>``),
    with the cohort's ``term`` for the change project."""
    from diklat.domain.workflow import with_term

    if stage is not None and has(f"doc.{stage.value}.{name}"):
        return with_term(t(f"doc.{stage.value}.{name}"), term)
    return field_label(name)


def _scalar(name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return t("review.yes") if value else t("review.no")
    if name in VALUE_LABELS and has(f"{VALUE_LABELS[name]}.{value}"):
        return t(f"{VALUE_LABELS[name]}.{value}")
    if name in ENUM_FIELDS and has(f"review.enum.{value}"):
        return t(f"review.enum.{value}")
    return str(value)


def _mapping(name: str, value: dict) -> str:
    prefix = KEY_LABELS.get(name)
    parts = []
    for key, val in value.items():
        label = t(f"{prefix}.{key}") if prefix and has(f"{prefix}.{key}") else key
        parts.append(f"{label}: {_scalar(key, val)}")
    return "; ".join(parts) if parts else "–"


def _item(item: Any, out: Text) -> None:
    if not isinstance(item, dict):
        out.append(f"• {as_text(item)}\n")
        return
    head = next(
        (
            item.get(k)
            for k in ("title", "name", "host", "text", "description", "milestone", "area")
            if item.get(k)
        ),
        "",
    )
    key = item.get("key")
    out.append("• ", style="bold")
    if key:
        out.append(f"[{key}] ", style="dim")
    out.append(f"{head}\n", style="bold")
    for name, value in item.items():
        if name in SKIP_FIELDS or value in (None, "", [], {}) or value is False or value == head:
            continue
        shown = (
            _mapping(name, value)
            if isinstance(value, dict)
            else (", ".join(map(str, value)) if isinstance(value, list) else _scalar(name, value))
        )
        out.append(f"    {field_label(name)}: ", style="italic")
        out.append(f"{shown}\n")


def _answers(answers: dict, content: dict[str, Any], out: Text) -> None:
    from diklat.domain.instrument import load_instrument, score_values

    try:
        instrument = load_instrument(
            content.get("instrument_code") or "berakhlak", content.get("instrument_version")
        )
        scores = score_values(instrument, answers)
    except Exception:  # noqa: BLE001 - an old or foreign instrument still shows its raw answers
        out.append(_mapping("answers", answers) + "\n")
        return
    out.append(t("review.answers_head", count=len(answers)) + "\n", style="italic")
    for value in scores:
        out.append(f"  {value.text()}: ", style="bold")
        out.append(f"{fmt.decimal(value.score, nothing='–')}\n")


def _shown(value: Any) -> Any:
    """``value`` with every string in it made visible (lists and mappings walked)."""
    if isinstance(value, str):
        return visible(value, multiline=True)
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shown(v) for v in value]
    return value


def render_section(stage: Stage, name: str, value: Any, content: dict[str, Any]) -> Text:
    out = Text()
    value = _shown(value)
    if name == "answers" and isinstance(value, dict):
        _answers(value, content, out)
    elif isinstance(value, list):
        if not value:
            out.append(t("review.empty") + "\n", style="dim")
        for item in value:
            _item(item, out)
    elif isinstance(value, dict):
        out.append(_mapping(name, value) + "\n")
    elif value in (None, ""):
        out.append(t("review.empty") + "\n", style="dim")
    else:
        out.append(_scalar(name, value) + "\n")
    return scrub(out)


def visible_sections(sections: tuple[str, ...]) -> list[str]:
    return [s for s in sections if s not in SKIP_SECTIONS]


# --- changes -------------------------------------------------------------------------------


def status_word(diff: SectionDiff | None) -> str:
    if diff is None:
        return ""
    return t(f"review.change.{diff.status}")


STATUS_SYMBOL = {"unchanged": " ", "added": "+", "removed": "−", "changed": "●"}


def _field_change(change: FieldChange, out: Text, indent: str = "    ") -> None:
    label = field_label(change.name) if change.name else ""
    out.append(f"{indent}{label}{': ' if label else ''}")
    if change.old:
        out.append(f"[-{change.old}-]", style=REMOVED_STYLE)
        out.append(" → ")
    out.append(
        f"{{+{change.new}+}}" if change.new else t("review.change.emptied"), style=ADDED_STYLE
    )
    out.append("\n")


def _item_change(change: ItemChange, out: Text) -> None:
    symbol = {"added": "+", "removed": "−", "changed": "~"}[change.kind]
    out.append(f"  {symbol} ", style="bold")
    out.append(f"[{change.key}] ", style="dim")
    out.append(change.title or "–", style="bold")
    out.append(f" ({t(f'review.change.item_{change.kind}')})\n")
    for field in change.fields:
        if field.name in SKIP_FIELDS:
            continue
        _field_change(field, out)


def _shown_diff(diff: SectionDiff) -> SectionDiff:
    from dataclasses import replace

    def field(change: FieldChange) -> FieldChange:
        return replace(change, old=_shown(change.old), new=_shown(change.new))

    return replace(
        diff,
        items=tuple(
            replace(
                i,
                key=_shown(i.key),
                title=_shown(i.title),
                fields=tuple(field(f) for f in i.fields),
            )
            for i in diff.items
        ),
        entries=tuple(replace(e, old=_shown(e.old), new=_shown(e.new)) for e in diff.entries),
        text=tuple((op, _shown(piece)) for op, piece in diff.text),
    )


def _mostly_rewritten(segments: tuple[tuple[str, str], ...]) -> bool:
    same = sum(len(p.strip()) for op, p in segments if op == "=")
    total = max(
        sum(len(p.strip()) for op, p in segments if op != "+"),
        sum(len(p.strip()) for op, p in segments if op != "-"),
        1,
    )
    return same / total < 0.5


def render_diff(diff: SectionDiff, previous: int | None) -> Text:
    """What changed in a section. The participant's text is made visible before it is
    appended (Rich would drop a BEL or CR silently, and pass an ESC on)."""
    diff = _shown_diff(diff)
    out = Text()
    out.append(t("review.changes_head", version=previous) + " ", style="bold")
    out.append(f"{STATUS_SYMBOL[diff.status]} {status_word(diff)}\n")
    if not diff.changed:
        return scrub(out)
    for change in diff.items:
        _item_change(change, out)
    for entry in diff.entries:
        _field_change(FieldChange(entry.name, entry.old, entry.new), out, indent="  ")
    if diff.text and _mostly_rewritten(diff.text):
        # interleaving nearly every word is unreadable: show before and after instead
        old = "".join(p for op, p in diff.text if op != "+")
        new = "".join(p for op, p in diff.text if op != "-")
        out.append(f"  {t('review.change.before')} ", style="italic")
        out.append(f"[-{old}-]\n", style=REMOVED_STYLE)
        out.append(f"  {t('review.change.after')} ", style="italic")
        out.append(f"{{+{new}+}}\n", style=ADDED_STYLE)
    elif diff.text:
        out.append("  ")
        for op, piece in diff.text:
            if op == "=":
                out.append(piece if len(piece) < 200 else piece[:90] + " … " + piece[-90:])
            elif op == "-":
                out.append(f"[-{piece}-]", style=REMOVED_STYLE)
            else:
                out.append(f"{{+{piece}+}}", style=ADDED_STYLE)
        out.append("\n")
    return scrub(out)
