"""Spreadsheets written with openpyxl's write-only mode (rows stream to the file, so
memory does not grow with the number of participants).

A sheet has optional title lines, one bold header row that stays frozen on screen
and repeats on every printed page, data rows with numbers stored as numbers (two
decimals shown for marks), widths that fit the content, and optional closing lines
(a signature block). Text goes through ``tabular.neutralise``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from diklat.io.tabular import header_widths, neutralise

TWO_DECIMALS = "0.00"


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    lines_before: Sequence[str] = ()  # the first one bold and larger
    lines_after: Sequence[str] = ()
    decimal_columns: frozenset[int] = frozenset()  # indexes shown with two decimals
    text_columns: frozenset[int] = frozenset()  # indexes kept as text even if they look like numbers
    wrap_columns: frozenset[int] = frozenset()
    landscape: bool = True
    max_width: int = 48
    widths: Sequence[float] | None = None
    after_offset: int = 0  # the column where closing lines start (a signature block on the right)
    notes: Sequence[str] = field(default_factory=tuple)


def _cell(ws: Worksheet, value: object, *, bold: bool = False, size: int | None = None, fmt: str | None = None,
          wrap: bool = False, text: bool = False) -> WriteOnlyCell:
    if isinstance(value, Decimal):
        value = float(value)
    elif text and value is not None:
        value = str(value)
    cell = WriteOnlyCell(ws, value=neutralise(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text
    if bold or size:
        cell.font = Font(bold=bold, size=size or 11)
    if fmt:
        cell.number_format = fmt
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def write_sheets(path: Path, sheets: Sequence[Sheet], *, progress: Callable[[int], None] | None = None) -> int:
    wb = Workbook(write_only=True)
    done = 0
    for sheet in sheets:
        ws = wb.create_sheet(title=sheet.title[:31])
        widths = list(sheet.widths) if sheet.widths else header_widths(sheet.headers, sheet.rows, maximum=sheet.max_width)
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        header_row = len(sheet.lines_before) + (1 if sheet.lines_before else 0) + 1
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for i, line in enumerate(sheet.lines_before):
            ws.append([_cell(ws, line, bold=i == 0, size=14 if i == 0 else None)])
        if sheet.lines_before:
            ws.append([])
        ws.append([_cell(ws, h, bold=True, wrap=True) for h in sheet.headers])
        for row in sheet.rows:
            ws.append([
                _cell(ws, v, fmt=TWO_DECIMALS if i in sheet.decimal_columns and v is not None else None,
                      wrap=i in sheet.wrap_columns, text=i in sheet.text_columns)
                for i, v in enumerate(row)
            ])
            done += 1
            if progress:
                progress(done)
        for note in sheet.notes:
            ws.append([_cell(ws, note)])
        if sheet.lines_after:
            ws.append([])
            for line in sheet.lines_after:
                ws.append([None] * sheet.after_offset + [_cell(ws, line)])
    wb.save(path)
    return path.stat().st_size
