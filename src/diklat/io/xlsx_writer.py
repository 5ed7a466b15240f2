"""Spreadsheets (XLSX) written by a small streaming writer of our own: rows go
straight into the zip file as XML, so memory does not grow with the number of
participants and no per-cell objects are made (openpyxl's write-only mode spent
most of the graduation list of 40,000 participants building cell and style objects).

A sheet has optional title lines, one bold header row that stays frozen on screen
and repeats on every printed page, data rows with numbers stored as numbers (two
decimals shown for marks), set or fitted column widths, and optional closing lines
(a signature block). Text goes through ``tabular.neutralise`` and is always stored
as text (never a formula); characters XML cannot carry are dropped. Styles are
shared: one entry per combination (bold, size, number format, wrap), however many
cells use it. The files read back with openpyxl (tests) and open in spreadsheet
programs.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from diklat.io.tabular import header_widths, neutralise

TWO_DECIMALS = "0.00"

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_EPOCH = datetime(1899, 12, 30)
_BUILTIN_FORMATS = {TWO_DECIMALS: 2, "yyyy-mm-dd": 14}
_DATETIME = "yyyy-mm-dd hh:mm"
_FLUSH_ROWS = 500  # rows of XML joined before each write into the zip


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]  # any iterable when ``widths`` is given (read once, streamed)
    lines_before: Sequence[str] = ()  # the first one bold and larger
    lines_after: Sequence[str] = ()
    decimal_columns: frozenset[int] = frozenset()  # indexes shown with two decimals
    text_columns: frozenset[int] = (
        frozenset()
    )  # indexes kept as text even if they look like numbers
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


def _escape(text: str) -> str:
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Styles:
    """The workbook's cell formats, one per combination actually used."""

    def __init__(self) -> None:
        self.xfs: dict[tuple[bool, int, str | None, bool], int] = {(False, 11, None, False): 0}
        self.formats: dict[str, int] = {}

    def __call__(
        self, *, bold: bool = False, size: int = 11, fmt: str | None = None, wrap: bool = False
    ) -> int:
        key = (bold, size, fmt, wrap)
        if key not in self.xfs:
            if fmt and fmt not in _BUILTIN_FORMATS and fmt not in self.formats:
                self.formats[fmt] = 164 + len(self.formats)
            self.xfs[key] = len(self.xfs)
        return self.xfs[key]

    def xml(self) -> str:
        fonts = sorted(
            {(bold, size) for bold, size, _, _ in self.xfs} | {(False, 11)},
            key=lambda f: (f != (False, 11), f),
        )
        font_ids = {f: i for i, f in enumerate(fonts)}
        font_xml = "".join(
            f'<font>{"<b/>" if bold else ""}<sz val="{size}"/><name val="Calibri"/><family val="2"/></font>'
            for bold, size in fonts
        )
        numfmts = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{_escape(code)}"/>'
            for code, i in self.formats.items()
        )
        xfs = []
        for (bold, size, fmt, wrap), _ in sorted(self.xfs.items(), key=lambda kv: kv[1]):
            num = _BUILTIN_FORMATS.get(fmt, self.formats.get(fmt, 0)) if fmt else 0
            attrs = f'numFmtId="{num}" fontId="{font_ids[(bold, size)]}" fillId="0" borderId="0" xfId="0"'
            if num:
                attrs += ' applyNumberFormat="1"'
            if bold or size != 11:
                attrs += ' applyFont="1"'
            if wrap:
                xfs.append(
                    f'<xf {attrs} applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
                )
            else:
                xfs.append(f"<xf {attrs}/>")
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + (f'<numFmts count="{len(self.formats)}">{numfmts}</numFmts>' if self.formats else "")
            + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


class _SheetWriter:
    def __init__(self, sheet: Sheet, styles: _Styles) -> None:
        self.sheet = sheet
        self.styles = styles
        self.letters = [column_letter(i) for i in range(1, 65)]
        self.row = 0

    def _ref(self, col: int) -> str:
        if col >= len(self.letters):
            self.letters.extend(column_letter(i) for i in range(len(self.letters) + 1, col + 2))
        return f"{self.letters[col]}{self.row}"

    def cell(
        self,
        col: int,
        value: object,
        style: int = 0,
        *,
        text: bool = False,
        date_style: Callable[[str], int] | None = None,
    ) -> str:
        if value is None:
            return ""
        s = f' s="{style}"' if style else ""
        ref = self._ref(col)
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
        if text or isinstance(value, str):
            value = neutralise(str(value))
            return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_escape(value)}</t></is></c>'
        if isinstance(value, (int, float, Decimal)):
            number = float(value) if not isinstance(value, int) else value
            if (
                isinstance(number, float)
                and number != number
                or number in (float("inf"), float("-inf"))
            ):
                return ""
            return f'<c r="{ref}"{s}><v>{number!r}</v></c>'
        if isinstance(value, (datetime, date)):
            moment = (
                value
                if isinstance(value, datetime)
                else datetime(value.year, value.month, value.day)
            )
            serial = (moment.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
            fmt = _DATETIME if isinstance(value, datetime) else "yyyy-mm-dd"
            return f'<c r="{ref}" s="{self.styles(fmt=fmt)}"><v>{serial!r}</v></c>'
        return self.cell(col, str(value), style)

    def line(self, cells: Iterable[str]) -> str:
        return f'<row r="{self.row}">{"".join(cells)}</row>'

    def write(self, out, progress: Callable[[], None] | None) -> int:
        sheet, styles = self.sheet, self.styles
        rows = sheet.rows
        if sheet.widths:
            widths = list(sheet.widths)
        else:
            rows = list(rows)
            widths = header_widths(sheet.headers, rows, maximum=sheet.max_width)
        header_row = (
            len(sheet.lines_before) + (1 if sheet.lines_before else 0) + 1
        )  # as in write_sheets
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths, 1)
        )
        out.write(
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
                '<sheetViews><sheetView workbookViewId="0">'
                f'<pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="A{header_row + 1}" sqref="A{header_row + 1}"/>'
                "</sheetView></sheetViews>"
                '<sheetFormatPr defaultRowHeight="15"/>'
                + (f"<cols>{cols}</cols>" if cols else "")
                + "<sheetData>"
            ).encode()
        )
        buf: list[str] = []
        title, plain = styles(bold=True, size=14), 0
        for i, text in enumerate(sheet.lines_before):
            self.row += 1
            buf.append(self.line([self.cell(0, text, title if i == 0 else plain)]))
        if sheet.lines_before:
            self.row += 1
        self.row += 1
        head = styles(bold=True, wrap=True)
        buf.append(self.line(self.cell(i, h, head) for i, h in enumerate(sheet.headers)))
        n_cols = max(len(sheet.headers), len(widths))
        col_style = [
            (
                styles(
                    fmt=TWO_DECIMALS if i in sheet.decimal_columns else None,
                    wrap=i in sheet.wrap_columns,
                ),
                styles(wrap=i in sheet.wrap_columns),
                i in sheet.text_columns,
                i in sheet.decimal_columns,
            )
            for i in range(n_cols)
        ]
        done = 0
        for values in rows:
            self.row += 1
            cells = []
            for i, v in enumerate(values):
                if v is None:
                    continue
                if i >= len(col_style):
                    cells.append(self.cell(i, v))
                    continue
                number_style, text_style, text, decimal = col_style[i]
                if text:
                    cells.append(self.cell(i, v, text_style, text=True))
                elif isinstance(v, str):
                    cells.append(self.cell(i, v, text_style))
                else:
                    cells.append(self.cell(i, v, number_style if decimal else text_style))
            buf.append(self.line(cells))
            done += 1
            if progress:
                progress()
            if len(buf) >= _FLUSH_ROWS:
                out.write("".join(buf).encode())
                buf.clear()
        for note in sheet.notes:
            self.row += 1
            buf.append(self.line([self.cell(0, note)]))
        if sheet.lines_after:
            self.row += 1
            for text in sheet.lines_after:
                self.row += 1
                buf.append(self.line([self.cell(sheet.after_offset, text)]))
        out.write("".join(buf).encode())
        out.write(
            (
                "</sheetData>"
                '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                f'<pageSetup paperSize="9" orientation="{"landscape" if sheet.landscape else "portrait"}" '
                'fitToWidth="1" fitToHeight="0"/>'
                "</worksheet>"
            ).encode()
        )
        return done


def _titles(sheets: Sequence[Sheet]) -> list[str]:
    titles: list[str] = []
    for sheet in sheets:
        base = _ILLEGAL.sub("", _BAD_TITLE.sub("-", sheet.title)).strip("'")[:31] or "Sheet"
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
        _write_sheets(tmp, sheets, progress)
    return Path(path).stat().st_size


def _write_sheets(
    path: Path, sheets: Sequence[Sheet], progress: Callable[[int], None] | None
) -> int:
    styles = _Styles()
    titles = _titles(sheets)
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        progress(done)  # type: ignore[misc]

    header_rows = [
        len(sheet.lines_before) + (1 if sheet.lines_before else 0) + 1 for sheet in sheets
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        zf.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                f"{overrides}</Types>"
            ),
        )
        sheet_entries = "".join(
            f'<sheet name="{_escape(title)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, title in enumerate(titles, 1)
        )
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
            f"'{_escape(title.replace(chr(39), chr(39) * 2))}'!${row}:${row}</definedName>"
            for n, (title, row) in enumerate(zip(titles, header_rows))
        )
        zf.writestr(
            "xl/workbook.xml",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{sheet_entries}</sheets>"
                + (f"<definedNames>{names}</definedNames>" if names else "")
                + "</workbook>"
            ),
        )
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'{rels}<Relationship Id="rId{len(sheets) + 1}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                "</Relationships>"
            ),
        )
        zf.writestr(
            "_rels/.rels",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
        )
        for n, sheet in enumerate(sheets, 1):
            with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as out:
                _SheetWriter(sheet, styles).write(out, advance if progress else None)
        zf.writestr("xl/styles.xml", styles.xml())  # last: the rows may add formats
    return path.stat().st_size
