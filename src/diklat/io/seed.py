"""Read a seed directory: every ``*.json`` validated before anything is written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from diklat.domain.errors import DomainError
from diklat.io.seed_format import SeedFile


@dataclass(frozen=True)
class SeedProblem:
    file: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.reason}" if self.where else f"{self.file}: {self.reason}"


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
                        ident = f" ({key} {node[key]})"
                        break
            parts[-1] = f"{parts[-1]}[{step + 1}]{ident}" if parts else f"[{step + 1}]{ident}"
            continue
        node = node.get(step) if isinstance(node, dict) else None
        parts.append(label)
    return " › ".join(parts)


def _message(err: dict) -> str:
    ctx = err.get("ctx") or {}
    exc = ctx.get("error")
    if isinstance(exc, DomainError):
        return exc.message()
    return err["msg"]


def read_seed_dir(directory: Path) -> list[tuple[str, SeedFile]]:
    """Parse and validate every file; raise SeedInvalid listing every problem found."""
    if not directory.is_dir():
        raise DomainError("seed.not_a_directory", path=str(directory))
    files = sorted(directory.glob("*.json"))
    if not files:
        raise DomainError("seed.no_files", path=str(directory))
    problems: list[SeedProblem] = []
    parsed: list[tuple[str, SeedFile]] = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(SeedProblem(path.name, "", str(exc)))
            continue
        try:
            parsed.append((path.name, SeedFile.model_validate(data)))
        except ValidationError as exc:
            problems.extend(SeedProblem(path.name, _where(data, e["loc"]), _message(e)) for e in exc.errors())
    if problems:
        raise SeedInvalid(problems)
    return parsed
