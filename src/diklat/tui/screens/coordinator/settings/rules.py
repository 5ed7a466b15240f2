"""Pengaturan › Aturan nilai: the cohort's grading rule set as a form: component
weights, qualification bands (from–to), the pass mark, minimum attendance, the
markers' tolerance, the required stages and the best-participant quota.

The form only edits the numbers of the rule set the cohort has (its components and
bands stay as they are); the result goes through ``load_ruleset``, the very check of
``diklat cohort edit --rules FILE``, so a form is refused exactly where the JSON would
be (bands that leave a gap, a weight of 0 …) and nothing is saved. Once results are
released the service refuses any change (withdraw the release first); the form says
so before anyone types."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Input, Static

from diklat.domain.rules import RuleSet, dump_ruleset
from diklat.domain.workflow import STAGES
from diklat.i18n import t
from diklat.services.cohort_admin import CohortSettings, cohort_settings, update_rules
from diklat.textsafe import literal
from diklat.tui import format as fmt
from diklat.tui.screens.coordinator.base import CoordTab

# (field id, the rule set's key under its parent, the parent: "" or "pass_conditions")
SCALARS = (
    ("min-final", "min_final", "pass_conditions"),
    ("attendance", "min_attendance_pct", "pass_conditions"),
    ("tolerance", "double_marking_tolerance", ""),
    ("quota", "best_quota_pct", ""),
    ("best-min", "best_min", ""),
)


class NotANumber(ValueError):
    pass


def number(text: str, what: str) -> str:
    """A typed number as the rule set's JSON holds it ("12,5" is 12.5); NotANumber
    naming the field when it is none."""
    value = text.strip()
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    try:
        if not Decimal(value).is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise NotANumber(t("settings.rules.not_a_number", field=what, value=text)) from None
    return value


def num_input(field_id: str, width: int = 12) -> Input:
    """A short field for a number. Its width is set on the widget itself: the cohort
    screen's stylesheet stretches every Input of a form row, and a screen's stylesheet
    outranks a widget's own CSS."""
    field = Input(id=field_id, max_length=width, compact=True)
    field.styles.width = width
    return field


def dash() -> Static:
    """The " – " between a range's two ends."""
    sep = Static(" – ")
    sep.styles.width = 3
    return sep


class RulesSection(CoordTab):
    FOCUS = "#rule-w-0"
    DEFAULT_CSS = """
    #rule-form { height: 1fr; }
    #rule-form .rule-label { width: 36; padding: 0 1 0 0; }
    #rule-form .title { height: auto; text-style: bold; margin: 1 0 0 0; }
    #rule-stages { height: auto; max-height: 9; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.settings: CohortSettings | None = None
        self.required: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static("", id="rule-note", classes="note")
        yield VerticalScroll(id="rule-form")

    def load(self) -> None:
        super().load()
        self.call(cohort_settings, self.coord.db, self.coord.actor, self.code, done=self.fill)

    async def fill(self, settings: CohortSettings) -> None:
        rules = settings.rules
        shape = self._shape(rules)
        if self.settings is None or self._shape(self.settings.rules) != shape:
            form = self.query_one("#rule-form", VerticalScroll)
            await form.remove_children()
            await form.mount_all(self._widgets(rules))
            stages = self.query_one("#rule-stages", DataTable)
            stages.add_column("✓", key="tick")
            stages.add_column(t("settings.rules.stage"), key="stage")
            for stage in STAGES:
                stages.add_row(" ", t(f"stage.{stage.value}"), key=stage.value)
        self.settings = settings
        for i, c in enumerate(rules.components):
            self._set(f"#rule-w-{i}", fmt.number(c.weight))
        for i, b in enumerate(rules.qualification_bands):
            self._set(f"#rule-bmin-{i}", fmt.number(b.min))
            self._set(f"#rule-bmax-{i}", fmt.number(b.max))
        data = dump_ruleset(rules)
        for field, key, parent in SCALARS:
            value = (data[parent] if parent else data)[key]
            self._set(f"#rule-{field}", fmt.number(Decimal(str(value))))
        self.required = {s.value for s in rules.pass_conditions.required_stages}
        self._show_ticks()
        note = t("settings.rules.note", name=rules.name, version=rules.version)
        if settings.released_at is not None:
            note = t("settings.rules.released", date=fmt.day(settings.released_at))
        self.query_one("#rule-note", Static).update(literal(note, multiline=True))

    @staticmethod
    def _shape(rules: RuleSet) -> tuple:
        return (
            tuple(c.code for c in rules.components),
            tuple(b.code for b in rules.qualification_bands),
        )

    def _widgets(self, rules: RuleSet) -> list:
        out: list = [Static(t("settings.rules.weights"), classes="title")]
        for i, c in enumerate(rules.components):
            out.append(
                Horizontal(
                    Static(literal(f"{c.text()} ({c.code})"), classes="rule-label"),
                    num_input(f"rule-w-{i}"),
                    classes="form-row",
                )
            )
        out.append(Static(t("settings.rules.bands"), classes="title"))
        for i, b in enumerate(rules.qualification_bands):
            out.append(
                Horizontal(
                    Static(literal(f"{b.code} {b.text()}"), classes="rule-label"),
                    num_input(f"rule-bmin-{i}"),
                    dash(),
                    num_input(f"rule-bmax-{i}"),
                    classes="form-row",
                )
            )
        out.append(Static(t("settings.rules.passing"), classes="title"))
        for field, _key, _parent in SCALARS:
            out.append(
                Horizontal(
                    Static(t(f"settings.rules.field.{field}"), classes="rule-label"),
                    num_input(f"rule-{field}"),
                    classes="form-row",
                )
            )
        out.append(Static(t("settings.rules.required"), classes="title"))
        out.append(DataTable(id="rule-stages", cursor_type="row", show_header=False))
        out.append(
            Horizontal(
                Button(t("settings.rules.save"), id="rule-save", variant="primary", compact=True),
                classes="form-row",
            )
        )
        return out

    def _set(self, selector: str, value: str) -> None:
        self.query_one(selector, Input).value = value

    def _get(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _show_ticks(self) -> None:
        table = self.query_one("#rule-stages", DataTable)
        for stage in STAGES:
            table.update_cell(stage.value, "tick", "✓" if stage.value in self.required else " ")

    @on(DataTable.RowSelected, "#rule-stages")
    def stage_ticked(self, event: DataTable.RowSelected) -> None:
        """Enter on a stage makes it required for graduation, or not."""
        if event.row_key is not None and event.row_key.value is not None:
            self.required ^= {event.row_key.value}
            self._show_ticks()

    def edited(self) -> dict[str, Any]:
        """The rule set's JSON with the form's numbers in it (NotANumber when one is none)."""
        assert self.settings is not None
        rules = self.settings.rules
        data = dump_ruleset(rules)
        for i, c in enumerate(rules.components):
            data["components"][i]["weight"] = number(self._get(f"#rule-w-{i}"), c.text())
        for i, b in enumerate(rules.qualification_bands):
            band = data["qualification_bands"][i]
            band["min"] = number(self._get(f"#rule-bmin-{i}"), b.code)
            band["max"] = number(self._get(f"#rule-bmax-{i}"), b.code)
        for field, key, parent in SCALARS:
            what = t(f"settings.rules.field.{field}")
            value = number(self._get(f"#rule-{field}"), what)
            (data[parent] if parent else data)[key] = value
        data["pass_conditions"]["required_stages"] = [
            s.value for s in STAGES if s.value in self.required
        ]
        return data

    @on(Button.Pressed, "#rule-save")
    @on(Input.Submitted, "#rule-form Input")
    def save(self) -> None:
        if self.settings is None:
            return
        try:
            data = self.edited()
        except NotANumber as err:
            self.status(str(err), error=True)
            return
        self.call(
            update_rules,
            self.coord.db,
            self.coord.actor,
            self.code,
            data,
            expected_version=self.settings.version,
            done=self.saved,
        )

    async def saved(self, settings: CohortSettings) -> None:
        await self.fill(settings)
        self.status(t("settings.rules.saved", version=settings.rules.version))
        self.coord.changed()
