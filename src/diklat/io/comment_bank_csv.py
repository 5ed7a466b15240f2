"""The comment bank as CSV: ``section,text`` with a header row.

Reading validates the whole file first and returns every problem with its row
number (as a spreadsheet shows it: the header is row 1) and column; the caller
writes nothing unless the list of problems is empty. Writing neutralises
spreadsheet formulas: a text starting with ``=``, ``+``, ``-`` or ``@`` is
written with a leading apostrophe, which reading removes again, so a round trip
gives back exactly what was exported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from diklat.domain.content import CONTENT_MODELS
from diklat.domain.errors import DomainError

COLUMNS = ("section", "text")
MAX_TEXT = 2000
MAX_ROWS = 5000


def known_sections() -> frozenset[str]:
    """Every section name of every stage; a bank comment may be tied to one (or none)."""
    return frozenset(name for model in CONTENT_MODELS.values() for name in model.model_fields)


@dataclass(frozen=True)
class BankRow:
    section: str
    text: str


@dataclass(frozen=True)
class CsvProblem:
    row: int
    column: str
    key: str
    params: tuple[tuple[str, object], ...] = ()

    def message(self) -> str:
        from diklat.i18n import t

        return t(
            "bank.csv_problem",
            row=self.row,
            column=self.column or "-",
            reason=t(self.key, **dict(self.params)),
        )

    def __str__(self) -> str:  # pragma: no cover - for logs
        return self.message()


class CsvInvalid(DomainError):
    def __init__(self, problems: list[CsvProblem]) -> None:
        super().__init__("bank.csv_invalid", count=len(problems))
        self.problems = problems

    def message(self) -> str:
        head = super().message()
        return "\n".join([head, *(p.message() for p in self.problems[:20])])


def _neutralise(text: str) -> str:
    # The one formula-neutralising helper every exporter uses (io.tabular).
    from diklat.io.tabular import neutralise

    return neutralise(text)


def _restore(text: str) -> str:
    from diklat.io.tabular import restore

    return restore(text)


def _csv_error(exc: csv.Error) -> tuple[str, tuple[tuple[str, object], ...]]:
    from diklat.io.tabular import csv_error

    key, params = csv_error(exc)
    return key, tuple(params.items())


def write_csv(rows: Iterable[BankRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.section, _neutralise(row.text)])
    return out.getvalue()


def decode(data: bytes) -> str:
    """A file's bytes as text (UTF-8, with or without the byte-order mark), or CsvInvalid
    naming the row of the first byte that is not UTF-8 (a binary file is refused too)."""
    if b"\x00" in data:
        raise CsvInvalid(
            [CsvProblem(data[: data.index(b"\x00")].count(b"\n") + 1, "", "bank.csv.not_text")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvInvalid(
            [CsvProblem(data[: exc.start].count(b"\n") + 1, "", "bank.csv.not_utf8")]
        ) from None


def read_csv(text: str) -> list[BankRow]:
    """Every row, or CsvInvalid listing every problem (row, column, reason)."""
    if text.startswith("\ufeff"):  # spreadsheet programs write a byte-order mark
        text = text[1:]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    # strict: an unclosed quote is refused instead of swallowing the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[CsvProblem] = []
    try:
        header = next(reader)
    except StopIteration:
        raise CsvInvalid([CsvProblem(1, "", "bank.csv.empty")]) from None
    except csv.Error as exc:
        raise CsvInvalid([CsvProblem(1, "", *_csv_error(exc))]) from None
    names = [h.strip().lower() for h in header]
    for name in names:
        if name not in COLUMNS:
            problems.append(
                CsvProblem(1, name, "bank.csv.unknown_column", (("expected", ", ".join(COLUMNS)),))
            )
    if "text" not in names:
        problems.append(CsvProblem(1, "text", "bank.csv.missing_column"))
    if problems:
        raise CsvInvalid(problems)
    sections = known_sections()
    rows: list[BankRow] = []
    row_no = 1
    try:
        for record in reader:
            row_no += 1
            if not any(cell.strip() for cell in record):
                continue  # blank lines are ignored
            if len(record) > len(names):
                problems.append(
                    CsvProblem(
                        row_no,
                        "",
                        "bank.csv.too_many_cells",
                        (("count", len(record)), ("expected", len(names))),
                    )
                )
                continue
            values = dict(zip(names, record))
            section = values.get("section", "").strip()
            body = _restore(values.get("text", "").strip())
            if section and section not in sections:
                problems.append(
                    CsvProblem(
                        row_no, "section", "bank.csv.unknown_section", (("section", section),)
                    )
                )
            if not body:
                problems.append(CsvProblem(row_no, "text", "bank.csv.empty_text"))
            elif len(body) > MAX_TEXT:
                problems.append(
                    CsvProblem(
                        row_no,
                        "text",
                        "bank.csv.text_too_long",
                        (("max", MAX_TEXT), ("length", len(body))),
                    )
                )
            rows.append(BankRow(section, body))
            if len(rows) > MAX_ROWS:
                problems.append(
                    CsvProblem(row_no, "", "bank.csv.too_many_rows", (("max", MAX_ROWS),))
                )
                break
    except csv.Error as exc:
        problems.append(CsvProblem(row_no + 1, "", *_csv_error(exc)))
    if problems:
        raise CsvInvalid(problems)
    return rows
