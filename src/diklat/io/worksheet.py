"""The offline marking worksheet: exported for one component, filled in a spreadsheet,
imported back with ``diklat import marks``.

One line per participant and marker. Columns: ``komponen, ndh, nip, nama, penilai,
nama_penilai, peran, nilai, rubrik, versi`` and, when the component has a rubric,
one ``kriteria:<code>`` column per criterion. A line is marked either directly
(``nilai``) or with the rubric (every ``kriteria:`` cell of the line filled; the
mark is then the rubric total and ``nilai`` is ignored). A line left empty is
skipped; a line whose values equal the saved mark changes nothing. ``versi`` is
the saved mark's version when the sheet was made: if someone changed that mark
since, the line is refused rather than overwriting their change.

``sheet`` is a ``services.exports.Worksheet`` (used by its attributes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from diklat.domain.imports import (
    CRITERION_PREFIX,
    MAX_IDENT,
    MAX_NAME,
    MAX_NDH,
    MAX_REF,
    MarkLine,
    refused_rows,
)
from diklat.i18n import t
from diklat.io.letterhead import decimal
from diklat.io.participants_import import validate_rows
from diklat.io.tabular import (
    Column,
    ImportInvalid,
    Problem,
    Table,
    find_header,
    map_columns,
    normalise_header,
    problem_key,
    read_table,
    restore,
    write_csv,
)

MAX_SCORE_TEXT = 30  # a mark or criterion score as typed ("85,5")
BASE = (
    "komponen",
    "ndh",
    "nip",
    "nama",
    "penilai",
    "nama_penilai",
    "peran",
    "nilai",
    "rubrik",
    "versi",
)
_CRITERION_KEY = normalise_header("kriteria")

COLUMNS = (
    Column("komponen", ("component",), required=True),
    Column("ndh", ("NDH",)),
    Column("nip", ("NIP",)),
    Column("nama", ("Nama",)),
    Column("penilai", ("marker", "nip penilai"), required=True),
    Column("nama_penilai", ("marker name",)),
    Column("peran", ("role",)),
    Column("nilai", ("score", "mark"), required=True),
    Column("rubrik", ("rubric",)),
    Column("versi", ("version",)),
)


def headers(sheet) -> list[str]:
    crit = [f"{CRITERION_PREFIX}{c.code}" for c in sheet.rubric.criteria] if sheet.rubric else []
    return [*BASE, *crit]


def rows(sheet) -> list[list[object]]:
    out = []
    for line in sheet.lines:
        crit = [line.criteria.get(c.code) for c in sheet.rubric.criteria] if sheet.rubric else []
        out.append(
            [
                sheet.component,
                line.ndh,
                line.nip,
                line.participant,
                line.marker_ident,
                line.marker,
                line.role,
                line.score,
                line.rubric
                or (
                    f"{sheet.rubric.code} v{sheet.rubric.version}"
                    if sheet.rubric and crit and any(crit)
                    else ""
                ),
                line.version,
                *crit,
            ]
        )
    return out


def instructions(sheet) -> list[str]:
    lines = [
        t("worksheet.title", component=sheet.component_label, cohort=sheet.cohort_name),
        "",
        t("worksheet.how_direct"),
        t("worksheet.how_rubric"),
        t("worksheet.how_empty"),
        t("worksheet.how_version"),
        t("worksheet.how_import", cohort=sheet.cohort_code),
    ]
    if sheet.rubric is not None:
        r = sheet.rubric
        lines += ["", t("worksheet.rubric", title=r.text(), code=r.code, version=r.version)]
        for c in r.criteria:
            levels = ", ".join(
                f"{level.text()} {decimal(level.min)}–{decimal(level.max)}" for level in c.levels
            )
            lines.append(
                t(
                    "worksheet.criterion",
                    code=f"{CRITERION_PREFIX}{c.code}",
                    label=c.text(),
                    weight=c.weight,
                    levels=levels,
                )
            )
    return lines


def write_worksheet(
    sheet, path: Path, fmt: str, *, progress: Callable[[int], None] | None = None
) -> int:
    path = Path(path)
    if fmt == "csv":
        return write_csv(path, headers(sheet), rows(sheet), progress=progress)
    from diklat.io.xlsx import Sheet, write_sheets

    head = headers(sheet)
    body = rows(sheet)
    number_cols = frozenset({BASE.index("nilai"), *range(len(BASE), len(head))})
    main = Sheet(
        title=sheet.component,
        headers=head,
        rows=body,
        decimal_columns=number_cols,
        text_columns=frozenset({BASE.index("nip"), BASE.index("penilai")}),
        max_width=36,
    )
    guide = Sheet(
        title=t("worksheet.guide_sheet"),
        headers=[t("worksheet.guide_header")],
        rows=[[line] for line in instructions(sheet)],
        widths=[120],
        landscape=False,
    )
    return write_sheets(path, [main, guide], progress=progress)


def parse_worksheet(table: Table) -> tuple[list[MarkLine], list[str]]:
    """The worksheet's lines (empty ones kept, the service skips them), or ImportInvalid."""
    from pydantic import BaseModel, ConfigDict, Field

    class _Row(BaseModel):
        model_config = ConfigDict(str_strip_whitespace=True)
        row: int
        komponen: str = Field(min_length=1, max_length=MAX_REF)
        ndh: int | None = Field(None, ge=1, le=MAX_NDH)
        nip: str | None = Field(None, max_length=MAX_IDENT)
        nama: str | None = Field(None, max_length=MAX_NAME)
        penilai: str = Field(min_length=1, max_length=MAX_REF)
        nama_penilai: str | None = Field(None, max_length=MAX_NAME)
        peran: str | None = Field(None, max_length=30)
        nilai: str | None = Field(None, max_length=MAX_SCORE_TEXT)
        rubrik: str | None = Field(None, max_length=MAX_REF)
        versi: int | None = Field(None, ge=1, le=1_000_000)

    table = find_header(table, COLUMNS)  # below title rows, before the criteria are read
    criterion_cols = {
        i: normalise_header(h)[len(_CRITERION_KEY) :]
        for i, h in enumerate(table.headers)
        if normalise_header(h).startswith(_CRITERION_KEY)
        and len(normalise_header(h)) > len(_CRITERION_KEY)
    }
    mapped = map_columns(table, COLUMNS)
    crit_headers = {table.headers[i] for i in criterion_cols}
    unknown = [h for h in mapped.unknown if h not in crit_headers]
    problems = list(mapped.problems)
    if "nip" not in mapped.columns and "ndh" not in mapped.columns:
        problems.append(Problem(1, "nip", problem_key("io.missing_column", aliases="NIP, NDH")))
    if problems:
        raise ImportInvalid(problems)
    cells_by_row = dict(table.rows)
    lines: list[MarkLine] = []
    for model in validate_rows(mapped, _Row, problems):
        cells = cells_by_row.get(model.row, [])
        crit = {
            code: restore(cells[i].strip()) if i < len(cells) else ""
            for i, code in criterion_cols.items()
        }
        if model.nip is None and model.ndh is None:
            problems.append(Problem(model.row, "nip", problem_key("io.participant_missing")))
            continue
        too_long = [i for i, code in criterion_cols.items() if len(crit[code]) > MAX_SCORE_TEXT]
        for i in too_long:
            problems.append(
                Problem(model.row, table.headers[i], problem_key("io.too_long", max=MAX_SCORE_TEXT))
            )
        if too_long:
            continue
        lines.append(
            MarkLine(
                model.row,
                model.komponen,
                model.ndh,
                model.nip.replace(" ", "") if model.nip else None,
                model.penilai,
                model.peran,
                model.nilai,
                model.rubrik,
                model.versi,
                {k: v for k, v in crit.items() if v},
            )
        )
    first = lines[0].komponen if lines else None
    for line in lines:
        if line.komponen != first:
            problems.append(
                Problem(
                    line.row,
                    "komponen",
                    problem_key("worksheet.mixed_components", value=line.komponen, first=first),
                )
            )
    seen: dict[tuple, int] = {}
    for line in lines:
        key = (line.nip or line.ndh, line.penilai.replace(" ", "").lower())
        if key in seen:
            problems.append(
                Problem(
                    line.row,
                    "penilai",
                    problem_key("io.duplicate_in_file", value=line.penilai, other=seen[key]),
                )
            )
        seen.setdefault(key, line.row)
    if problems:
        # (a line of another component is a problem: the rest is checked as ``first``'s)
        raise refused_rows(problems, lines, unknown)
    return lines, unknown


def read_worksheet(path, sheet: str | None = None) -> tuple[list[MarkLine], list[str]]:
    return parse_worksheet(read_table(path, sheet))
