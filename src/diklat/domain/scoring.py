"""Final scores, qualification, pass/fail, rank, best participants and certificate numbers.

One pure function over plain data (docs/rules.md section 7). Arithmetic is done on
exact fractions and rounded half-up only at the end: a Decimal context would
round 1/3-style means to 28 digits, and that can tip a half-up decision.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from math import floor

from diklat.domain.errors import DomainError
from diklat.domain.rules import LABEL_LANGUAGES, QualificationBand, RuleSet, round_fraction
from diklat.domain.workflow import Stage, stage_label

ACTIVE, WITHDRAWN, DISMISSED = "active", "withdrawn", "dismissed"
STATUSES = (ACTIVE, WITHDRAWN, DISMISSED)


def round_half_up(x: Decimal, places: int = 2) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _to_fraction(value: object) -> Fraction:
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        return Fraction(Decimal(value))
    return Fraction(value)  # type: ignore[call-overload]


def _ratio(value: object) -> tuple[int, int]:
    """``value`` as (numerator, denominator) exactly, as ``_to_fraction`` reads it (not reduced)."""
    if isinstance(value, Decimal) and value.is_finite():
        return value.as_integer_ratio()
    if isinstance(value, int):
        return value, 1
    f = _to_fraction(value)
    return f.numerator, f.denominator


def _to_decimal(x: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 34
        return Decimal(x.numerator) / Decimal(x.denominator)


@dataclass(frozen=True)
class Text:
    """A label known in several languages, rendered in the UI language when a message is formatted."""

    by_lang: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        from diklat.i18n import DEFAULT_LANGUAGE, language

        texts = dict(self.by_lang)
        return texts.get(language()) or texts.get(DEFAULT_LANGUAGE, "")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass(frozen=True)
class Reason:
    key: str
    params: tuple[tuple[str, object], ...] = ()

    def param(self, name: str) -> object:
        return dict(self.params).get(name)

    def message(self) -> str:
        """In the interface language; numbers with its decimal mark (``65,75`` in Indonesian)."""
        from diklat.i18n import language, t

        comma = language() == "id"
        rendered = {
            name: stage_label(value)
            if isinstance(value, Stage)
            else (str(value).replace(".", ",") if comma and isinstance(value, Decimal) else value)
            for name, value in self.params
        }
        return t(self.key, **rendered)


@dataclass(frozen=True)
class ParticipantFacts:
    key: Hashable
    ndh: int
    marks: Mapping[str, Sequence[Decimal]]
    approved_stages: frozenset[Stage]
    sessions_scheduled: int
    sessions_attended: int
    status: str = ACTIVE


@dataclass(frozen=True)
class ParticipantResult:
    key: Hashable
    ndh: int
    component_scores: dict[str, Decimal | None]
    final: Decimal | None
    qualification: str | None
    passed: bool
    reasons: tuple[Reason, ...]
    rank: int | None
    best: bool
    certificate_no: str | None


def qualification_for(rules: RuleSet, final: Decimal) -> QualificationBand:
    for band in rules.qualification_bands:
        if band.contains(final):
            return band
    raise DomainError("result.no_band", final=final)


@dataclass
class _Work:
    facts: ParticipantFacts
    means: dict[str, Fraction | None]
    final: Decimal | None
    reasons: list[Reason]
    rank: int | None = None

    @property
    def passed(self) -> bool:
        return not self.reasons


def _means(rules: RuleSet, facts: ParticipantFacts) -> dict[str, Fraction | None]:
    # Summed in integers (numerator, denominator) and made a Fraction once per component:
    # exactly the mean of the marks' fractions, without a Fraction object per mark.
    means: dict[str, Fraction | None] = {}
    for component in rules.components:
        num, den, count = 0, 1, 0
        for m in facts.marks.get(component.code, ()):
            if m is None:
                continue
            n, d = _ratio(m)
            if d == den:
                num += n
            else:
                num, den = num * d + n * den, den * d
            count += 1
        means[component.code] = Fraction(num, den * count) if count else None
    return means


@dataclass(frozen=True)
class _Weights:
    """The rule set's weights as integer ratios, and the total's (read once per computation)."""

    weights: tuple[tuple[str, int, int], ...]
    total: tuple[int, int]

    @classmethod
    def of(cls, rules: RuleSet) -> _Weights:
        total = Fraction(rules.total_weight)
        return cls(
            tuple((c.code, *Fraction(c.weight).as_integer_ratio()) for c in rules.components),
            (total.numerator, total.denominator),
        )


def _final(
    rules: RuleSet, means: dict[str, Fraction | None], weights: _Weights | None = None
) -> Decimal | None:
    if any(mean is None for mean in means.values()):
        return None
    weights = weights or _Weights.of(rules)
    num, den = 0, 1  # sum of weight * mean, in integers
    for code, a, b in weights.weights:
        mean = means[code]
        n, d = a * mean.numerator, b * mean.denominator  # type: ignore[union-attr]
        num, den = num * d + n * den, den * d
    tn, td = weights.total
    return round_fraction(Fraction(num * td, den * tn), rules.mark_decimals)


def _missing_text(rules: RuleSet, missing: Sequence, cache: dict | None) -> Text:
    key = tuple(c.code for c in missing)
    if cache is not None and key in cache:
        return cache[key]
    names = Text(
        tuple((lang, ", ".join(c.text(lang) for c in missing)) for lang in LABEL_LANGUAGES)
    )
    if cache is not None:
        cache[key] = names
    return names


def _reasons(
    rules: RuleSet,
    facts: ParticipantFacts,
    means: dict[str, Fraction | None],
    final: Decimal | None,
    texts: dict | None = None,
) -> list[Reason]:
    conditions = rules.pass_conditions
    reasons: list[Reason] = []
    if facts.status not in STATUSES:
        raise DomainError("result.unknown_status", status=facts.status)
    if facts.status == WITHDRAWN:
        reasons.append(Reason("result.reason.withdrawn"))
    elif facts.status == DISMISSED:
        reasons.append(Reason("result.reason.dismissed"))

    if final is None:
        missing = [c for c in rules.components if means[c.code] is None]
        names = _missing_text(rules, missing, texts)
        reasons.append(
            Reason(
                "result.reason.no_final",
                (("components", names), ("codes", tuple(c.code for c in missing))),
            )
        )
    elif final < conditions.min_final:
        reasons.append(
            Reason("result.reason.below_min", (("final", final), ("min", conditions.min_final)))
        )

    for stage in conditions.required_stages:
        if stage not in facts.approved_stages:
            reasons.append(Reason("result.reason.stage_not_approved", (("stage", stage),)))

    scheduled, attended = facts.sessions_scheduled, facts.sessions_attended
    # No scheduled sessions means nothing was missed; compare exactly, display rounded.
    if scheduled > 0 and Fraction(attended * 100, scheduled) < Fraction(
        conditions.min_attendance_pct
    ):
        pct = round_fraction(Fraction(attended * 100, scheduled), 2)
        reasons.append(
            Reason(
                "result.reason.attendance", (("pct", pct), ("min", conditions.min_attendance_pct))
            )
        )
    return reasons


def _rank(rules: RuleSet, graduates: list[_Work]) -> list[_Work]:
    def merit(w: _Work) -> tuple:
        return (w.final, *(w.means[code] for code in rules.rank_tiebreak))

    ordered = sorted(graduates, key=lambda w: w.facts.ndh)
    ordered.sort(key=merit, reverse=True)  # stable: equal merit stays in NDH order
    for position, work in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        work.rank = previous.rank if previous and merit(previous) == merit(work) else position
    return ordered


def best_count(rules: RuleSet, graduates: int) -> int:
    """How many ranks count as best: max(best_min, floor(quota% of graduates))."""
    return max(rules.best_min, floor(Fraction(rules.best_quota_pct) * graduates / 100))


def _certificates(
    rules: RuleSet, graduates: list[_Work], pattern_fields: Mapping[str, object]
) -> dict[Hashable, str]:
    pattern = rules.certificate_pattern
    if not pattern:
        return {}
    numbers: dict[Hashable, str] = {}
    for n, work in enumerate(sorted(graduates, key=lambda w: w.facts.ndh), start=1):
        try:
            numbers[work.facts.key] = pattern.format(**{**pattern_fields, "n": n})
        except KeyError as exc:
            raise DomainError("result.certificate_field", field=exc.args[0]) from None
        except (IndexError, ValueError):
            raise DomainError("rules.certificate_pattern", pattern=pattern) from None
    return numbers


def compute_results(
    rules: RuleSet,
    facts: Sequence[ParticipantFacts],
    pattern_fields: Mapping[str, object] | None = None,
) -> list[ParticipantResult]:
    """Results in graduation-list order: graduates by rank (ties by NDH), then the rest by NDH."""
    work: list[_Work] = []
    weights = _Weights.of(rules)
    texts: dict = {}
    for f in facts:
        means = _means(rules, f)
        final = _final(rules, means, weights)
        work.append(_Work(f, means, final, _reasons(rules, f, means, final, texts)))

    graduates = _rank(rules, [w for w in work if w.passed])
    others = sorted((w for w in work if not w.passed), key=lambda w: w.facts.ndh)
    best_k = best_count(rules, len(graduates))
    certificates = _certificates(rules, graduates, pattern_fields or {})

    return [
        ParticipantResult(
            key=w.facts.key,
            ndh=w.facts.ndh,
            component_scores={
                code: None if mean is None else _to_decimal(mean) for code, mean in w.means.items()
            },
            final=w.final,
            qualification=None if w.final is None else qualification_for(rules, w.final).code,
            passed=w.passed,
            reasons=tuple(w.reasons),
            rank=w.rank,
            best=w.rank is not None and w.rank <= best_k,
            certificate_no=certificates.get(w.facts.key),
        )
        for w in (*graduates, *others)
    ]
