"""Reading a file whose rows each name a participant of the cohort, by NIP (or NRP) or
NDH: the assignment file and the attendance recap. One loop for both: the columns
mapped, the NIP-or-NDH column required, every row validated, a row naming nobody or
the same participant as an earlier row refused; every problem with its row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from pydantic import BaseModel

from diklat.domain.imports import refused_rows
from diklat.io.participants_import import shown, validate_rows
from diklat.io.tabular import Column, ImportInvalid, Problem, Table, map_columns, problem_key

Row = TypeVar("Row", bound=BaseModel)


def participant_rows(
    table: Table, columns: Sequence[Column], model: type[Row], *, one_of: Sequence[str] = ()
) -> tuple[list[Row], list[str]]:
    """Rows of ``model`` (which has ``row``, ``nip`` and ``ndh``) and the ignored headers, or
    ImportInvalid. ``one_of``: at least one of these columns must be there."""
    mapped = map_columns(table, columns)
    problems = list(mapped.problems)
    if "nip" not in mapped.columns and "ndh" not in mapped.columns:
        problems.append(Problem(1, "nip", problem_key("io.missing_column", aliases="NIP, NDH")))
    if one_of and not set(one_of) & set(mapped.columns):
        problems.append(
            Problem(1, one_of[0], problem_key("io.missing_column", aliases=", ".join(one_of)))
        )
    if problems:
        raise ImportInvalid(problems)
    rows = validate_rows(mapped, model, problems)
    who = mapped.header("nip") if "nip" in mapped.columns else mapped.header("ndh")
    seen: dict[object, int] = {}
    for r in rows:
        nip, ndh = r.nip, r.ndh
        if nip is None and ndh is None:
            problems.append(Problem(r.row, who, problem_key("io.participant_missing")))
            continue
        key = nip or f"ndh:{ndh}"
        if key in seen:
            problems.append(
                Problem(
                    r.row,
                    who,
                    problem_key("io.duplicate_in_file", value=shown(nip or ndh), other=seen[key]),
                )
            )
        seen.setdefault(key, r.row)
    if problems:
        raise refused_rows(problems, rows, mapped.unknown)
    return rows, mapped.unknown
