"""Grading rule sets: named, versioned, editable data stored with each cohort.

The public sources do not give citable grading numbers (docs/rules.md section 7), so
the shipped rule set is a set of labelled defaults; every cohort keeps its own
copy and may change it. Validation failures are DomainErrors with catalogue keys;
pydantic wraps them in a ValidationError, which ``load_ruleset`` unwraps again.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from math import floor
from string import Formatter
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.domain.text import clean_tree
from diklat.domain.workflow import REQUIRED_FOR_GRADUATION, Stage

DEFAULT_RULESET_NAME = "diklatpim-iv-default"
LABEL_LANGUAGES = ("id", "en")


def round_fraction(x: Fraction, places: int = 2) -> Decimal:
    """An exact value rounded half away from zero to ``places`` decimals (scores, totals,
    percentages: the one rounding rule of the program)."""
    # floor(|x| * 10^places + 1/2) in integers: (2|n| 10^places + d) // 2d
    if places < 0:
        units = floor(abs(x) * Fraction(10) ** places + Fraction(1, 2))
        return (Decimal(units) if x >= 0 else -Decimal(units)).scaleb(-places)
    n, d = x.numerator, x.denominator
    units = (2 * abs(n) * 10**places + d) // (2 * d)
    return (Decimal(units) if n >= 0 else -Decimal(units)).scaleb(-places)


def _check_label(label: dict[str, str]) -> dict[str, str]:
    for lang in LABEL_LANGUAGES:
        if not (label.get(lang) or "").strip():
            raise DomainError("rules.label_missing", lang=lang)
    return label


Label = Annotated[dict[str, str], AfterValidator(_check_label)]


def pick_label(label: dict[str, str], lang: str | None = None) -> str:
    """The label in ``lang`` (default: the current UI language), falling back to Indonesian."""
    if lang is None:
        from diklat.i18n import language

        lang = language()
    return label.get(lang) or label.get("id") or next(iter(label.values()), "")


class Component(BaseModel):
    code: str = Field(min_length=1)
    weight: Decimal
    marker_roles: list[Role]
    label: Label

    @field_validator("weight")
    @classmethod
    def _weight_positive(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value <= 0:
            raise DomainError("rules.weight_not_positive", weight=value)
        return value

    def text(self, lang: str | None = None) -> str:
        return pick_label(self.label, lang)


class QualificationBand(BaseModel):
    code: str = Field(min_length=1)
    label: Label
    min: Decimal
    max: Decimal

    @model_validator(mode="after")
    def _ordered(self) -> QualificationBand:
        if self.min > self.max:
            raise DomainError("rules.band_empty", code=self.code, min=self.min, max=self.max)
        return self

    def contains(self, value: Decimal) -> bool:
        return self.min <= value <= self.max

    def text(self, lang: str | None = None) -> str:
        return pick_label(self.label, lang)


class PassConditions(BaseModel):
    min_final: Decimal = Decimal("70.01")
    required_stages: list[Stage] = Field(default_factory=lambda: list(REQUIRED_FOR_GRADUATION))
    min_attendance_pct: Decimal = Decimal("90")


class RuleSet(BaseModel):
    name: str = Field(min_length=1)
    version: int = Field(ge=1)
    description: str = ""
    # True while the numbers are the shipped labelled defaults rather than
    # rules confirmed by the training institution; screens say so.
    is_default_values: bool = True
    components: list[Component]
    mark_min: Decimal = Decimal("0")
    mark_max: Decimal = Decimal("100")
    mark_decimals: int = Field(default=2, ge=0, le=6)
    rounding: Literal["half_up"] = "half_up"
    qualification_bands: list[QualificationBand]
    pass_conditions: PassConditions = Field(default_factory=PassConditions)
    rank_tiebreak: list[str] = Field(default_factory=lambda: ["laporan", "rancangan", "sikap"])
    best_quota_pct: Decimal = Field(default=Decimal("10"), ge=0, le=100)
    best_min: int = Field(default=1, ge=0)
    certificate_pattern: str | None = None
    # Marks for one component differing by more than this are flagged for a second look.
    double_marking_tolerance: Decimal = Field(default=Decimal("15"), ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        if self.mark_min >= self.mark_max:
            raise DomainError("rules.mark_range", min=self.mark_min, max=self.mark_max)
        if not self.components:
            raise DomainError("rules.no_components")
        codes: set[str] = set()
        for component in self.components:
            if component.code in codes:
                raise DomainError("rules.component_duplicate", code=component.code)
            codes.add(component.code)
        for code in self.rank_tiebreak:
            if code not in codes:
                raise DomainError("rules.tiebreak_unknown", code=code)
        self._check_bands()
        if self.certificate_pattern is not None:
            _check_pattern(self.certificate_pattern)
        return self

    def _check_bands(self) -> None:
        """Bands must tile mark_min..mark_max with no overlap and no gap at the mark precision."""
        if not self.qualification_bands:
            raise DomainError("rules.band_coverage", min=self.mark_min, max=self.mark_max)
        step = Decimal(1).scaleb(-self.mark_decimals)
        bands = sorted(self.qualification_bands, key=lambda b: b.min)
        if bands[0].min != self.mark_min or bands[-1].max != self.mark_max:
            raise DomainError("rules.band_coverage", min=self.mark_min, max=self.mark_max)
        for lower, upper in zip(bands, bands[1:]):
            if upper.min <= lower.max:
                raise DomainError("rules.band_overlap", first=lower.code, second=upper.code)
            if upper.min - lower.max > step:
                raise DomainError("rules.band_gap", after=lower.max, before=upper.min)

    @property
    def step(self) -> Decimal:
        return Decimal(1).scaleb(-self.mark_decimals)

    @property
    def total_weight(self) -> Decimal:
        return sum((c.weight for c in self.components), Decimal(0))

    def component(self, code: str) -> Component:
        for component in self.components:
            if component.code == code:
                return component
        raise DomainError("rules.component_unknown", code=code)

    def band(self, code: str) -> QualificationBand:
        for band in self.qualification_bands:
            if band.code == code:
                return band
        raise DomainError("rules.band_unknown", code=code)

    def label(self, code: str, lang: str | None = None) -> str:
        """The label of a component or qualification band by its code."""
        items: list[Component | QualificationBand] = [*self.components, *self.qualification_bands]
        for item in items:
            if item.code == code:
                return item.text(lang)
        raise DomainError("rules.component_unknown", code=code)


def _check_pattern(pattern: str) -> None:
    try:
        names = {name for _, name, _, _ in Formatter().parse(pattern) if name is not None}
    except ValueError:
        raise DomainError("rules.certificate_pattern", pattern=pattern) from None
    # Without the running number every graduate would get the same certificate number.
    if "n" not in {name.split(".")[0].split("[")[0] for name in names}:
        raise DomainError("rules.certificate_pattern", pattern=pattern)


def _bilingual(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


def default_ruleset() -> RuleSet:
    """The shipped labelled defaults (docs/rules.md section 7); a fresh, independent copy each call."""
    d = Decimal
    return RuleSet(
        name=DEFAULT_RULESET_NAME,
        version=1,
        description=(
            "Nilai bawaan berlabel: sumber publik tidak memuat angka penilaian yang dapat "
            "dikutip; setiap angkatan dapat mengubahnya. / Labelled defaults: public sources "
            "give no citable grading numbers; each cohort may change these values."
        ),
        is_default_values=True,
        components=[
            Component(
                code="sikap",
                weight=d("20"),
                marker_roles=[Role.COACH, Role.COORDINATOR],
                label=_bilingual("Sikap Perilaku", "Conduct"),
            ),
            Component(
                code="rancangan",
                weight=d("30"),
                marker_roles=[Role.EXAMINER, Role.COACH, Role.MENTOR],
                label=_bilingual(
                    "Seminar Rancangan Proyek Perubahan", "Change-project design seminar"
                ),
            ),
            Component(
                code="laporan",
                weight=d("50"),
                marker_roles=[Role.EXAMINER, Role.COACH, Role.MENTOR],
                label=_bilingual(
                    "Implementasi dan Seminar Laporan Proyek Perubahan",
                    "Implementation and report seminar",
                ),
            ),
        ],
        qualification_bands=[
            QualificationBand(
                code="SM",
                label=_bilingual("Sangat Memuaskan", "Very satisfactory"),
                min=d("90.01"),
                max=d("100"),
            ),
            QualificationBand(
                code="M",
                label=_bilingual("Memuaskan", "Satisfactory"),
                min=d("80.01"),
                max=d("90.00"),
            ),
            QualificationBand(
                code="CM",
                label=_bilingual("Cukup Memuaskan", "Fairly satisfactory"),
                min=d("70.01"),
                max=d("80.00"),
            ),
            QualificationBand(
                code="KM",
                label=_bilingual("Kurang Memuaskan", "Less than satisfactory"),
                min=d("60.01"),
                max=d("70.00"),
            ),
            QualificationBand(
                code="TM",
                label=_bilingual("Tidak Memuaskan", "Unsatisfactory"),
                min=d("0"),
                max=d("60.00"),
            ),
        ],
        pass_conditions=PassConditions(),
    )


def dump_ruleset(rules: RuleSet) -> dict[str, Any]:
    """JSON-ready form (decimals as strings, so nothing passes through a float)."""
    return rules.model_dump(mode="json")


def load_ruleset(data: dict[str, Any] | str) -> RuleSet:
    """A rule set from its JSON form; any problem is a DomainError naming the rule broken."""
    if isinstance(data, str):
        # json first: pydantic's JSON mode raises a bare ValueError for a 3-element
        # array where a decimal belongs (it builds Decimal((sign, digits, exponent))).
        try:
            data = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise DomainError("rules.invalid", field="-", detail=str(exc)[:200]) from None
    try:
        # Codes become sheet titles and file names, labels headings: text only.
        return RuleSet.model_validate(clean_tree(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        cause = (first.get("ctx") or {}).get("error")
        if isinstance(cause, DomainError):
            raise cause from None
        field = ".".join(str(part) for part in first["loc"])
        raise DomainError("rules.invalid", field=field or "-", detail=first["msg"]) from None


_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest text that round-trips, i.e. what the user typed.
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip()
        # Indonesian writes the decimal separator as a comma ("85,5"); marks are
        # at most 100, so there is no thousands separator to confuse it with.
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        # Decimal() also takes "1_0", other scripts' digits ("٣") and "NaN": a mark is
        # written with ASCII digits only.
        if not _NUMBER.fullmatch(text):
            raise InvalidOperation
        return Decimal(text)
    raise InvalidOperation


def _quoted(value: object, limit: int = 40) -> str:
    """A refused value as a message quotes it: a 10,000-digit "mark" is cut, not repeated whole."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def validate_mark(rules: RuleSet, value: object) -> Decimal:
    """A mark checked against the rule set, returned with exactly ``mark_decimals`` places."""
    try:
        mark = _to_decimal(value)
    except (InvalidOperation, ValueError):
        raise DomainError("mark.not_a_number", value=_quoted(value)) from None
    if not mark.is_finite():
        raise DomainError("mark.not_a_number", value=_quoted(value))
    if not rules.mark_min <= mark <= rules.mark_max:
        raise DomainError(
            "mark.out_of_range", value=_quoted(value), min=rules.mark_min, max=rules.mark_max
        )
    quantised = mark.quantize(rules.step)
    if quantised != mark:
        raise DomainError(
            "mark.too_many_decimals", value=_quoted(value), decimals=rules.mark_decimals
        )
    return quantised
