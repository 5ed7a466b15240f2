"""The self-assessment instrument (docs/rules.md section 3), shipped as versioned data.

Instruments live as JSON in ``domain/data`` so an institution can replace one
without code; answers keep the (code, version) they were given under, which is
why old versions stay loadable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, model_validator

from diklat.domain.errors import DomainError
from diklat.domain.rules import Label, pick_label


class _Frozen(BaseModel):
    # Loaded instruments are cached and shared, so they must not be mutable.
    model_config = ConfigDict(frozen=True)


class ScaleLabel(_Frozen):
    value: int
    label: Label


class Scale(_Frozen):
    min: int
    max: int
    labels: tuple[ScaleLabel, ...]

    @model_validator(mode="after")
    def _labels_cover(self) -> Scale:
        if self.min >= self.max or sorted(s.value for s in self.labels) != list(
            range(self.min, self.max + 1)
        ):
            raise DomainError("instrument.invalid", detail="scale")
        return self

    def label(self, value: int, lang: str | None = None) -> str:
        for s in self.labels:
            if s.value == value:
                return pick_label(s.label, lang)
        raise DomainError(
            "instrument.answer_out_of_range", item="-", value=value, min=self.min, max=self.max
        )


class Item(_Frozen):
    code: str
    text: Label


class Value(_Frozen):
    code: str
    label: Label
    items: tuple[Item, ...]


class ReflectionField(_Frozen):
    code: str
    label: Label
    help: Label | None = None


class Instrument(_Frozen):
    code: str
    version: int
    year: int | None = None
    title: Label
    description: Label | None = None
    source: Label | None = None
    scale: Scale
    values: tuple[Value, ...]
    reflection: tuple[ReflectionField, ...] = ()

    @model_validator(mode="after")
    def _unique_codes(self) -> Instrument:
        codes = [v.code for v in self.values] + [i.code for i in self.items()]
        if len(codes) != len(set(codes)) or any(not v.items for v in self.values):
            raise DomainError("instrument.invalid", detail="codes")
        return self

    def items(self) -> list[Item]:
        return [item for value in self.values for item in value.items]

    def item_codes(self) -> list[str]:
        return [item.code for item in self.items()]


@dataclass(frozen=True)
class ValueScore:
    code: str
    label: Mapping[str, str]
    score: Decimal | None  # mean of the answered items; None when none was answered
    answered: int
    items: int

    def text(self, lang: str | None = None) -> str:
        return pick_label(dict(self.label), lang)


@cache
def _available() -> tuple[Instrument, ...]:
    found = []
    for entry in (resources.files("diklat.domain") / "data").iterdir():
        if entry.name.endswith(".json"):
            found.append(Instrument.model_validate(json.loads(entry.read_text(encoding="utf-8"))))
    return tuple(found)


def load_instrument(code: str = "berakhlak", version: int | None = None) -> Instrument:
    """The instrument ``code`` at ``version``; the latest version when none is given."""
    candidates = [i for i in _available() if i.code == code and version in (None, i.version)]
    if not candidates:
        raise DomainError("instrument.not_found", code=code, version=version or "-")
    return max(candidates, key=lambda i: i.version)


def _check_answers(instrument: Instrument, answers: Mapping[str, int | None]) -> None:
    known = set(instrument.item_codes())
    low, high = instrument.scale.min, instrument.scale.max
    for item, value in answers.items():
        if item not in known:
            raise DomainError("instrument.unknown_item", item=item)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise DomainError(
                "instrument.answer_out_of_range", item=item, value=value, min=low, max=high
            )


def score_values(instrument: Instrument, answers: Mapping[str, int | None]) -> list[ValueScore]:
    """One score per value, in instrument order; unanswered items are left out of the mean."""
    _check_answers(instrument, answers)
    scores = []
    for value in instrument.values:
        given = [a for i in value.items if (a := answers.get(i.code)) is not None]
        mean = Decimal(sum(given)) / Decimal(len(given)) if given else None
        scores.append(ValueScore(value.code, dict(value.label), mean, len(given), len(value.items)))
    return scores


def strengths_and_development(
    scores: Sequence[ValueScore], count: int = 2
) -> tuple[list[ValueScore], list[ValueScore]]:
    """The ``count`` highest values (strengths) and lowest (to develop); ties keep instrument order.

    A value is never both: with fewer than 2*count scored values the
    development list gets what is left after the strengths.
    """
    scored = [s for s in scores if s.score is not None]
    top = sorted(scored, key=_score, reverse=True)[:count]
    chosen = {s.code for s in top}
    rest = [s for s in scored if s.code not in chosen]
    bottom = sorted(rest, key=_score)[:count]
    return top, bottom


def _score(s: ValueScore) -> Decimal:
    return s.score if s.score is not None else Decimal(0)  # only scored values are sorted


def missing_items(instrument: Instrument, answers: Mapping[str, int | None]) -> list[str]:
    """Item codes still unanswered, in instrument order."""
    return [code for code in instrument.item_codes() if answers.get(code) is None]
