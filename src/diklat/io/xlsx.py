"""Spreadsheets (XLSX) written with XlsxWriter in ``constant_memory`` mode: each row
is flushed to disk as soon as the next one starts, so memory does not grow with the
number of participants.

A sheet has optional title lines, one bold header row that stays frozen on screen
and repeats on every printed page, data rows with numbers stored as numbers (two
decimals shown for marks), set or fitted column widths, and optional closing lines
(a signature block). Text goes through ``tabular.neutralise`` and is always stored
as text (``write_string``: never a formula, never a number or a link); characters
XML cannot carry are dropped. Sheet titles are made valid (no ``[]:*?/\\``, at most
31 characters, unique ignoring case); XlsxWriter escapes them in the workbook. The
file is written whole or not at all (``io.atomic.replacing``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from diklat.io.tabular import header_widths, neutralise

TWO_DECIMALS = "0.00"

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_DATE = "yyyy-mm-dd"
_DATETIME = "yyyy-mm-dd hh:mm"
_CREATED = datetime(2000, 1, 1)


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]  # any iterable when ``widths`` is given (read once, streamed)
    lines_before: Sequence[str] = ()  # the first one bold and larger
    lines_after: Sequence[str] = ()
    decimal_columns: frozenset[int] = frozenset()  # indexes shown with two decimals
    text_columns: frozenset[int] = frozenset()  # kept as text even if they look like numbers
    wrap_columns: frozenset[int] = frozenset()
    landscape: bool = True
    max_width: int = 48
    widths: Sequence[float] | None = None
    after_offset: int = 0  # the column where closing lines start (a signature block on the right)
    notes: Sequence[str] = field(default_factory=tuple)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_titles(sheets: Sequence[Sheet]) -> list[str]:
    """Valid, unique sheet titles: characters a title cannot hold become ``-``, at most 31."""
    titles: list[str] = []
    for sheet in sheets:
        base = _ILLEGAL.sub("", _BAD_TITLE.sub("-", sheet.title)).strip().strip("'")[:31].strip()
        base = base or "Sheet"
        title, n = base, 1
        while title.lower() in (t.lower() for t in titles):
            n += 1
            title = f"{base[: 31 - len(str(n)) - 1]} {n}"
        titles.append(title)
    return titles


def write_sheets(
    path: Path, sheets: Sequence[Sheet], *, progress: Callable[[int], None] | None = None
) -> int:
    """Write the workbook, whole or not at all; returns the file's size in bytes.
    ``progress(n)`` after each data row."""
    from diklat.io.atomic import replacing

    with replacing(path) as tmp:
        _write_sheets(Path(tmp), sheets, progress)
    return Path(path).stat().st_size


class _Formats:
    """The workbook's cell formats, one per combination actually used."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.made: dict[tuple[bool, int, str | None, bool], Any] = {}

    def __call__(
        self, *, bold: bool = False, size: int = 11, fmt: str | None = None, wrap: bool = False
    ) -> Any:
        key = (bold, size, fmt, wrap)
        if key not in self.made:
            props: dict[str, object] = {}
            if bold:
                props["bold"] = True
            if size != 11:
                props["font_size"] = size
            if fmt:
                props["num_format"] = fmt
            if wrap:
                props.update(text_wrap=True, valign="top")
            self.made[key] = self.workbook.add_format(props) if props else None
        return self.made[key]


def _write_sheets(path: Path, sheets: Sequence[Sheet], progress) -> None:
    import xlsxwriter

    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        progress(done)

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            # Text is text: nothing a cell holds is turned into a formula, number or link.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    # A fixed creation time: the same content gives the same bytes (a locked cohort's list is
    # compared byte for byte with the computed one; the zip members carry no time either).
    workbook.set_properties({"created": _CREATED})
    formats = _Formats(workbook)
    try:
        for sheet, title in zip(sheets, sheet_titles(sheets)):
            _write_sheet(
                workbook.add_worksheet(title), sheet, formats, advance if progress else None
            )
    finally:
        workbook.close()


def _text(value: object) -> str:
    """A cell's text as stored: formula-inert, without characters XML cannot carry."""
    return _ILLEGAL.sub("", str(neutralise(value if type(value) is str else str(value))))


class _Cells:
    """Writes one value into a cell by its type (None and non-finite numbers stay empty)."""

    def __init__(self, ws: Any, formats: _Formats) -> None:
        self.ws = ws
        self.date = formats(fmt=_DATE)
        self.datetime = formats(fmt=_DATETIME)

    def text(self, row: int, col: int, value: object, fmt: Any = None) -> None:
        self.ws.write_string(row, col, _text(value), fmt)

    def __call__(self, row: int, col: int, value: object, fmt: Any = None) -> None:
        ws = self.ws
        if value is None:
            return
        if isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, str):
            self.text(row, col, value, fmt)
        elif isinstance(value, (int, float, Decimal)):
            number = value if isinstance(value, int) else float(value)
            if isinstance(number, float) and (number != number or abs(number) == float("inf")):
                return
            ws.write_number(row, col, number, fmt)
        elif isinstance(value, datetime):
            ws.write_datetime(row, col, value.replace(tzinfo=None), self.datetime)
        elif isinstance(value, date):
            ws.write_datetime(row, col, value, self.date)
        else:
            self.text(row, col, value, fmt)


def _write_sheet(ws: Any, sheet: Sheet, formats: _Formats, progress) -> None:
    rows = sheet.rows
    if sheet.widths:
        widths = list(sheet.widths)
    else:
        rows = list(rows)
        widths = header_widths(sheet.headers, rows, maximum=sheet.max_width)
    for i, width in enumerate(widths):
        ws.set_column(i, i, width)
    header_row = len(sheet.lines_before) + (1 if sheet.lines_before else 0)  # zero-based
    ws.freeze_panes(header_row + 1, 0)
    ws.repeat_rows(header_row)
    ws.set_paper(9)  # A4
    if sheet.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)

    cell = _Cells(ws, formats)
    title = formats(bold=True, size=14)
    for i, text in enumerate(sheet.lines_before):
        cell(i, 0, text, title if i == 0 else None)
    head = formats(bold=True, wrap=True)
    for i, text in enumerate(sheet.headers):
        cell(header_row, i, text, head)
    n_cols = max(len(sheet.headers), len(widths))
    # per column: (format for numbers, format for text, always text)
    styles = [
        (
            formats(
                fmt=TWO_DECIMALS if i in sheet.decimal_columns else None,
                wrap=i in sheet.wrap_columns,
            ),
            formats(wrap=i in sheet.wrap_columns),
            i in sheet.text_columns,
        )
        for i in range(n_cols)
    ]
    write_string = ws.write_string
    r = header_row
    for values in rows:
        r += 1
        for i, v in enumerate(values):
            if v is None:
                continue
            if i >= n_cols:
                cell(r, i, v)
                continue
            number_format, text_format, always_text = styles[i]
            if always_text or type(v) is str:  # most cells: straight to XlsxWriter
                write_string(r, i, _text(v), text_format)
            else:
                cell(r, i, v, number_format)
        if progress:
            progress()
    for note in sheet.notes:
        r += 1
        cell(r, 0, note)
    if sheet.lines_after:
        r += 1
        for text in sheet.lines_after:
            r += 1
            cell(r, sheet.after_offset, text)
