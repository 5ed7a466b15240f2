"""Read a seed directory: every ``*.json`` validated before anything is written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from diklat.domain.errors import DomainError
from diklat.domain.text import clean_tree
from diklat.io.seed_format import SeedFile

MAX_SHOWN = 60  # a value quoted in a problem
MAX_REASON = 500


def _short(value: object, limit: int = MAX_SHOWN) -> str:
    """A value as shown in a problem: control characters as '?', at most ``limit`` characters."""
    text = "".join("?" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else c for c in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class SeedProblem:
    file: str
    where: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.reason}"
            if self.where
            else f"{self.file}: {self.reason}"
        )


class SeedInvalid(DomainError):
    def __init__(self, problems: list[SeedProblem]) -> None:
        super().__init__("seed.invalid", count=len(problems))
        self.problems = problems


def _where(data: object, loc: tuple) -> str:
    """A readable path that names records by what identifies them (cohort code, NDH, NIP)."""
    parts: list[str] = []
    node = data
    for step in loc:
        label = str(step)
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            node = node[step]
            ident = ""
            if isinstance(node, dict):
                for key in ("code", "ndh", "nip", "login", "name", "key"):
                    if key in node:
                        ident = f" ({key} {_short(node[key])})"
                        break
            parts[-1] = f"{parts[-1]}[{step + 1}]{ident}" if parts else f"[{step + 1}]{ident}"
            continue
        node = node.get(step) if isinstance(node, dict) else None
        parts.append(label)
    return " › ".join(parts)


# pydantic's error types in the user's words: type -> (catalogue key, {field: ctx name}).
_ERRORS: dict[str, tuple[str, dict[str, str]]] = {
    "missing": ("seed.error.missing", {}),
    "extra_forbidden": ("seed.error.extra", {}),
    "string_too_short": ("seed.error.empty", {}),
    "string_too_long": ("seed.error.too_long", {"max": "max_length"}),
    "string_type": ("seed.error.text", {}),
    "string_pattern_mismatch": ("seed.error.pattern", {"pattern": "pattern"}),
    "int_type": ("seed.error.whole_number", {}),
    "int_parsing": ("seed.error.whole_number", {}),
    "int_from_float": ("seed.error.whole_number", {}),
    "int_parsing_size": ("seed.error.whole_number", {}),
    "bool_type": ("seed.error.boolean", {}),
    "bool_parsing": ("seed.error.boolean", {}),
    "decimal_type": ("seed.error.number", {}),
    "decimal_parsing": ("seed.error.number", {}),
    "finite_number": ("seed.error.number", {}),
    "decimal_max_places": ("seed.error.decimals", {"max": "decimal_places"}),
    "decimal_max_digits": ("seed.error.too_long", {"max": "max_digits"}),
    "date_type": ("seed.error.date", {}),
    "date_parsing": ("seed.error.date", {}),
    "date_from_datetime_parsing": ("seed.error.date", {}),
    "date_from_datetime_inexact": ("seed.error.date", {}),
    "datetime_type": ("seed.error.datetime", {}),
    "datetime_parsing": ("seed.error.datetime", {}),
    "datetime_from_date_parsing": ("seed.error.datetime", {}),
    "datetime_object_invalid": ("seed.error.datetime", {}),
    "timezone_naive": ("seed.error.timezone", {}),  # NaiveDatetime given "+07:00"
    "list_type": ("seed.error.list", {}),
    "dict_type": ("seed.error.object", {}),
    "model_type": ("seed.error.object", {}),
    "model_attributes_type": ("seed.error.object", {}),
    "literal_error": ("seed.error.choice", {"expected": "expected"}),
    "enum": ("seed.error.choice", {"expected": "expected"}),
    "greater_than_equal": ("seed.error.min", {"min": "ge"}),
    "less_than_equal": ("seed.error.max", {"max": "le"}),
}


def _message(err: dict) -> str:
    """A validation error in the user's language (our DomainErrors keep their own message)."""
    from diklat.i18n import t

    ctx = err.get("ctx") or {}
    exc = ctx.get("error")
    if isinstance(exc, DomainError):
        return exc.message()
    known = _ERRORS.get(err.get("type", ""))
    if known is None:
        return t("seed.error.other", detail=_short(err.get("msg", ""), MAX_REASON))
    key, params = known
    values = {name: str(ctx.get(source, "")) for name, source in params.items()}
    if "expected" in values:  # pydantic's "'a', 'b' or 'c'"
        values["expected"] = values["expected"].replace("' or '", "', '")
    return t(key, **{name: _short(v, MAX_REASON) for name, v in values.items()})


def read_seed_dir(directory: Path) -> list[tuple[str, SeedFile]]:
    """Parse and validate every file; raise SeedInvalid listing every problem found."""
    if not directory.is_dir():
        raise DomainError("seed.not_a_directory", path=str(directory))
    files = sorted(directory.glob("*.json"))
    if not files:
        raise DomainError("seed.no_files", path=str(directory))
    from diklat.i18n import t

    problems: list[SeedProblem] = []
    parsed: list[tuple[str, SeedFile]] = []
    for path in files:
        try:
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            problems.append(
                SeedProblem(path.name, "", t("seed.error.not_utf8", byte=exc.start + 1))
            )
            continue
        except json.JSONDecodeError as exc:
            problems.append(
                SeedProblem(
                    path.name,
                    "",
                    t("seed.error.json", line=exc.lineno, column=exc.colno, detail=_short(exc.msg)),
                )
            )
            continue
        except RecursionError:
            problems.append(SeedProblem(path.name, "", t("seed.error.too_deep")))
            continue
        try:
            # A seed's text is stored without terminal controls (domain.text).
            parsed.append((path.name, SeedFile.model_validate(clean_tree(data))))
        except ValidationError as exc:
            problems.extend(
                SeedProblem(
                    path.name,
                    _short(_where(data, e["loc"]), MAX_REASON),
                    _short(_message(e), MAX_REASON),
                )
                for e in exc.errors()
            )
    if problems:
        raise SeedInvalid(problems)
    return parsed
