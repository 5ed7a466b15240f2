"""Marking rubrics: criteria with weights, and levels that carry a score range.

A marker picks a level for each criterion and gives a score inside that level's
range (the range is on screen, so "Good" means the same number to every marker).
The rubric total is the weighted mean of the criterion scores, computed exactly
and rounded half-up to two decimals only at the end; it becomes the mark.

Rubrics are versioned data: the shipped defaults live in ``domain/data`` as
``rubrics/<component>.json``; editing a rubric makes a new version, and a mark
keeps the (code, version) it was given with, so old marks still read as they were
given. Levels may be written once for the whole rubric and are then shared by
every criterion that does not define its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from diklat.domain.errors import DomainError
from diklat.domain.rules import Label, _to_decimal, pick_label, round_fraction
from diklat.domain.text import clean_tree

SCORE_MIN = Decimal("0")
SCORE_MAX = Decimal("100")
SCORE_STEP = Decimal("0.01")
DEFAULT_COMPONENTS = ("sikap", "rancangan", "laporan")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RubricLevel(_Frozen):
    code: str = Field(min_length=1, max_length=40)
    label: Label
    min: Decimal
    max: Decimal
    descriptor: Label | None = None

    @model_validator(mode="after")
    def _range(self) -> RubricLevel:
        for bound in (self.min, self.max):
            if not SCORE_MIN <= bound <= SCORE_MAX or bound != bound.quantize(SCORE_STEP):
                raise DomainError("rubric.level_bounds", level=self.code, value=bound)
        if self.min > self.max:
            raise DomainError("rubric.level_empty", level=self.code, min=self.min, max=self.max)
        return self

    def text(self, lang: str | None = None) -> str:
        return pick_label(self.label, lang)

    def contains(self, score: Decimal) -> bool:
        return self.min <= score <= self.max


class RubricCriterion(_Frozen):
    code: str = Field(min_length=1, max_length=60)
    label: Label
    description: Label | None = None
    weight: Decimal
    levels: tuple[RubricLevel, ...]

    @model_validator(mode="after")
    def _check(self) -> RubricCriterion:
        if not self.weight.is_finite() or self.weight <= 0:
            raise DomainError("rubric.weight_not_positive", criterion=self.code, weight=self.weight)
        if not self.levels:
            raise DomainError("rubric.no_levels", criterion=self.code)
        codes = [level.code for level in self.levels]
        if len(set(codes)) != len(codes):
            raise DomainError("rubric.level_duplicate", criterion=self.code)
        ordered = sorted(self.levels, key=lambda level: level.min)
        for lower, upper in zip(ordered, ordered[1:]):
            if upper.min <= lower.max:
                raise DomainError(
                    "rubric.level_overlap", criterion=self.code, first=lower.code, second=upper.code
                )
        return self

    def text(self, lang: str | None = None) -> str:
        return pick_label(self.label, lang)

    def level(self, code: str) -> RubricLevel:
        for level in self.levels:
            if level.code == code:
                return level
        raise DomainError("rubric.level_unknown", criterion=self.code, level=code)

    def level_for(self, score: Decimal) -> RubricLevel | None:
        for level in self.levels:
            if level.contains(score):
                return level
        return None


class Rubric(_Frozen):
    code: str = Field(min_length=1, max_length=60)
    version: int = Field(ge=1)
    component: str = Field(min_length=1, max_length=30)
    title: Label
    description: Label | None = None
    # True for the shipped labelled defaults (not confirmed by an institution).
    is_default_values: bool = False
    criteria: tuple[RubricCriterion, ...]

    @model_validator(mode="before")
    @classmethod
    def _shared_levels(cls, data: Any) -> Any:
        """Criteria without their own ``levels`` use the rubric's shared ``levels``."""
        if isinstance(data, dict) and "levels" in data:
            data = dict(data)
            shared = data.pop("levels")
            data["criteria"] = [
                c if not isinstance(c, dict) or c.get("levels") else {**c, "levels": shared}
                for c in data.get("criteria", [])
            ]
        return data

    @model_validator(mode="after")
    def _check(self) -> Rubric:
        if not self.criteria:
            raise DomainError("rubric.no_criteria", code=self.code)
        codes = [c.code for c in self.criteria]
        if len(set(codes)) != len(codes):
            raise DomainError("rubric.criterion_duplicate", code=self.code)
        return self

    def text(self, lang: str | None = None) -> str:
        return pick_label(self.title, lang)

    @property
    def total_weight(self) -> Decimal:
        return sum((c.weight for c in self.criteria), Decimal(0))

    def criterion(self, code: str) -> RubricCriterion:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise DomainError("rubric.criterion_unknown", criterion=code)

    def check_score(
        self, criterion_code: str, level_code: str | None, value: object
    ) -> tuple[str, Decimal]:
        """A criterion score checked against its level's range; returns (level code, score).

        Without a level the level is the one whose range holds the score."""
        criterion = self.criterion(criterion_code)
        score = parse_score(value, criterion.text())
        if level_code:
            level = criterion.level(level_code)
            if not level.contains(score):
                raise DomainError(
                    "rubric.score_outside_level",
                    criterion=criterion.text(),
                    level=level.text(),
                    value=score,
                    min=level.min,
                    max=level.max,
                )
            return level.code, score
        found = criterion.level_for(score)
        if found is None:
            raise DomainError("rubric.score_in_no_level", criterion=criterion.text(), value=score)
        return found.code, score

    def total(self, scores: Mapping[str, Decimal]) -> Decimal | None:
        """The weighted mean of the criterion scores, rounded half-up to two decimals;
        None while some criterion has no score."""
        if any(scores.get(c.code) is None for c in self.criteria):
            return None
        weighted = sum(
            (Fraction(c.weight) * Fraction(scores[c.code]) for c in self.criteria), Fraction(0)
        )
        return round_fraction(weighted / Fraction(self.total_weight))

    def filled(self, scores: Mapping[str, Decimal | None]) -> int:
        return sum(1 for c in self.criteria if scores.get(c.code) is not None)


def parse_score(value: object, what: str = "") -> Decimal:
    """A score 0..100 with at most two decimals (a comma works as the decimal point)."""
    try:
        score = _to_decimal(value)
    except (InvalidOperation, ValueError):
        raise DomainError("mark.not_a_number", value=value) from None
    if not score.is_finite():
        raise DomainError("mark.not_a_number", value=value)
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise DomainError("mark.out_of_range", value=value, min=SCORE_MIN, max=SCORE_MAX)
    if score != score.quantize(SCORE_STEP):
        raise DomainError("mark.too_many_decimals", value=value, decimals=2)
    return score.quantize(SCORE_STEP)


def parse_rubric(data: Mapping[str, Any] | str) -> Rubric:
    """A rubric from its JSON form; any problem is a DomainError naming what is wrong."""
    if isinstance(data, str):
        # json first: pydantic's JSON mode raises a bare ValueError for a 3-element
        # array where a decimal belongs (it builds Decimal((sign, digits, exponent))).
        try:
            data = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise DomainError("rubric.invalid", field="-", detail=str(exc)[:200]) from None
        if not isinstance(data, dict):
            raise DomainError("rubric.invalid", field="-", detail="{...}")
    try:
        return Rubric.model_validate(clean_tree(dict(data)))
    except ValidationError as exc:
        first = exc.errors()[0]
        cause = (first.get("ctx") or {}).get("error")
        if isinstance(cause, DomainError):
            raise cause from None
        field = ".".join(str(part) for part in first["loc"])
        raise DomainError("rubric.invalid", field=field or "-", detail=first["msg"]) from None


def dump_rubric(rubric: Rubric) -> dict[str, Any]:
    """JSON-ready form (decimals as strings)."""
    return rubric.model_dump(mode="json", exclude_none=True)


@cache
def default_rubric(component: str) -> Rubric:
    """The shipped default rubric for a component (``data/rubrics/<component>.json``)."""
    path = resources.files("diklat.domain").joinpath("data", "rubrics", f"{component}.json")
    if not path.is_file():
        raise DomainError("rubric.not_found", code=component, version="-")
    return parse_rubric(json.loads(path.read_text(encoding="utf-8")))


def default_rubrics() -> list[Rubric]:
    return [default_rubric(component) for component in DEFAULT_COMPONENTS]
