"""Pengaturan › Rubrik: a marking rubric as a form: its criteria (name, weight; add
one, remove one) and its levels with their ranges (from–to). Saving stores a new
version of the rubric (``services.rubrics.save_rubric``, as ``diklat rubric import``):
marks already given keep the version they were given with.

Rubrics are shared by every cohort: the section says so. When all criteria use the
same levels (the shipped rubrics do) the levels are shown once and apply to every
criterion; otherwise each criterion has its own. Only the Indonesian names are edited
here; a new criterion takes its Indonesian name in English too, until someone edits
the rubric's JSON."""

from __future__ import annotations

import copy
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from diklat.domain.rubric import Rubric, dump_rubric
from diklat.i18n import t
from diklat.services.rubrics import RubricInfo, get_rubric, list_rubrics, save_rubric
from diklat.textsafe import literal, visible
from diklat.tui import format as fmt
from diklat.tui.screens.coordinator.base import CoordTab
from diklat.tui.screens.coordinator.settings.details import short
from diklat.tui.screens.coordinator.settings.rules import NotANumber, dash, num_input, number


def newest(rows: list[RubricInfo]) -> list[RubricInfo]:
    """The newest version of each rubric code, in the order listed."""
    seen: dict[str, RubricInfo] = {}
    for r in rows:
        if r.code not in seen or r.version > seen[r.code].version:
            seen[r.code] = r
    return list(seen.values())


class RubricSection(CoordTab):
    FOCUS = "#rub-pick"
    DEFAULT_CSS = """
    #rub-form { height: 1fr; }
    #rub-form .rub-label { width: 26; padding: 0 1 0 0; }
    #rub-form .title { height: auto; text-style: bold; margin: 1 0 0 0; }
    #rub-pick { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rubric: Rubric | None = None
        self.draft: dict[str, Any] = {}
        self.shared = True

    def compose(self) -> ComposeResult:
        yield Static(t("settings.rubric.hint"), classes="note")
        with Horizontal(classes="form-row"):
            yield Select([], prompt=t("settings.rubric.pick"), id="rub-pick", compact=True)
            yield Button(t("settings.rubric.add"), id="rub-add", compact=True)
            yield Button(t("settings.rubric.save"), id="rub-save", variant="primary", compact=True)
        yield VerticalScroll(id="rub-form")

    def load(self) -> None:
        super().load()
        self.call(list_rubrics, self.coord.db, self.coord.actor, done=self._listed)

    def _listed(self, rows: list[RubricInfo]) -> None:
        pick = self.query_one("#rub-pick", Select)
        keep = pick.value
        pick.set_options(
            (visible(short(f"{r.code} v{r.version} — {r.title}")), r.code) for r in newest(rows)
        )
        if keep is not Select.NULL:
            pick.value = keep

    @on(Select.Changed, "#rub-pick")
    def picked(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.call(get_rubric, self.coord.db, self.coord.actor, str(event.value), done=self.show)

    async def show(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.draft = dump_rubric(rubric)
        levels = [c["levels"] for c in self.draft["criteria"]]
        self.shared = all(x == levels[0] for x in levels)
        await self.build()

    async def build(self) -> None:
        form = self.query_one("#rub-form", VerticalScroll)
        await form.remove_children()
        await form.mount_all(self._widgets())
        self._fill()

    def _widgets(self) -> list:
        criteria = self.draft["criteria"]
        title = t(
            "settings.rubric.editing",
            title=self.draft["title"].get("id", ""),
            version=self.draft["version"],
            count=len(criteria),
        )
        out: list = [Static(literal(title, multiline=True), classes="title")]
        for i, c in enumerate(criteria):
            out.append(
                Static(t("settings.rubric.criterion", n=i + 1, code=c["code"]), classes="title")
            )
            out.append(
                Horizontal(
                    Static(t("settings.rubric.name"), classes="rub-label"),
                    Input(id=f"rub-c{i}-label", max_length=300, compact=True),
                    classes="form-row",
                )
            )
            out.append(
                Horizontal(
                    Static(t("settings.rubric.weight"), classes="rub-label"),
                    num_input(f"rub-c{i}-weight", 10),
                    Button(t("settings.rubric.remove"), id=f"rub-c{i}-del", compact=True),
                    classes="form-row",
                )
            )
            if not self.shared:
                out.extend(self._level_rows(i, c["levels"]))
        if self.shared and criteria:
            out.append(Static(t("settings.rubric.shared_levels"), classes="title"))
            out.extend(self._level_rows(0, criteria[0]["levels"]))
        return out

    @staticmethod
    def _level_rows(i: int, levels: list[dict]) -> list:
        return [
            Horizontal(
                Static(literal(f"{lv['label'].get('id', '')} ({lv['code']})"), classes="rub-label"),
                num_input(f"rub-c{i}-l{j}-min", 10),
                dash(),
                num_input(f"rub-c{i}-l{j}-max", 10),
                classes="form-row",
            )
            for j, lv in enumerate(levels)
        ]

    def _fill(self) -> None:
        for i, c in enumerate(self.draft["criteria"]):
            self._set(f"#rub-c{i}-label", visible(c["label"].get("id", "")))
            self._set(f"#rub-c{i}-weight", fmt.number(float(c["weight"])))
            if self.shared and i > 0:
                continue
            for j, lv in enumerate(c["levels"]):
                self._set(f"#rub-c{i}-l{j}-min", fmt.number(float(lv["min"])))
                self._set(f"#rub-c{i}-l{j}-max", fmt.number(float(lv["max"])))

    def _set(self, selector: str, value: str) -> None:
        self.query_one(selector, Input).value = value

    def _get(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def collect(self) -> dict[str, Any]:
        """The draft with the form's values in it; NotANumber names a field that is none."""
        data = copy.deepcopy(self.draft)
        for i, c in enumerate(data["criteria"]):
            c["label"]["id"] = self._get(f"#rub-c{i}-label").strip()
            name = c["label"]["id"] or c["code"]
            c["weight"] = number(self._get(f"#rub-c{i}-weight"), name)
            source = 0 if self.shared else i
            for j, lv in enumerate(c["levels"]):
                what = f"{name}: {lv['label'].get('id', lv['code'])}"
                lv["min"] = number(self._get(f"#rub-c{source}-l{j}-min"), what)
                lv["max"] = number(self._get(f"#rub-c{source}-l{j}-max"), what)
        return data

    def _collected(self) -> dict[str, Any] | None:
        try:
            return self.collect()
        except NotANumber as err:
            self.status(str(err), error=True)
            return None

    @on(Button.Pressed, "#rub-add")
    async def add_criterion(self) -> None:
        data = self._collected() if self.draft else None
        if data is None:
            return
        criteria = data["criteria"]
        codes = {c["code"] for c in criteria}
        n = len(criteria) + 1
        while f"kriteria-{n}" in codes:
            n += 1
        new = copy.deepcopy(criteria[-1])
        label = t("settings.rubric.new_criterion", n=n)
        new.update(code=f"kriteria-{n}", label={"id": label, "en": label}, weight="10")
        new.pop("description", None)
        criteria.append(new)
        self.draft = data
        await self.build()
        self.query_one(f"#rub-c{len(criteria) - 1}-label", Input).focus()

    @on(Button.Pressed, "#rub-form Button")
    async def remove_criterion(self, event: Button.Pressed) -> None:
        i = int((event.button.id or "").removeprefix("rub-c").removesuffix("-del"))
        data = self._collected()
        if data is None:
            return
        if len(data["criteria"]) == 1:
            self.status(t("settings.rubric.last_criterion"), error=True)
            return
        gone = data["criteria"].pop(i)
        self.draft = data
        await self.build()
        self.status(t("settings.rubric.removed", name=gone["label"].get("id", gone["code"])))

    @on(Button.Pressed, "#rub-save")
    def save(self) -> None:
        if not self.draft:
            self.status(t("settings.rubric.pick"), error=True)
            return
        data = self._collected()
        if data is None:
            return
        self.call(save_rubric, self.coord.db, self.coord.actor, data, done=self.saved)

    async def saved(self, rubric: Rubric) -> None:
        await self.show(rubric)
        self.status(t("settings.rubric.saved", code=rubric.code, version=rubric.version))
        self.load()
