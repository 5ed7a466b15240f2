"""Reading and writing the spreadsheets coordinators already have: CSV and XLSX.

Reading (``read_table``):

- the format is told by the file's content and name: an XLSX is a zip with a
  workbook inside; a CSV is UTF-8 text (with or without the byte-order mark Excel
  writes), separated by commas or by semicolons (what Excel saves in an
  Indonesian locale) — the separator is sniffed from the header line;
- header names are matched ignoring case, spaces and punctuation
  (``Pangkat/Gol.`` is ``pangkatgol``), through each importer's aliases;
- row numbers are those a spreadsheet shows (the header is row 1); blank rows
  are skipped but keep their numbers;
- a row with more filled cells than the header has columns is a problem;
- an 18-digit number stored as a *number* in a spreadsheet has lost its last
  digits (a spreadsheet keeps 15): such cells are remembered, so an importer can
  say so instead of accepting a wrong NIP.

Every problem is a ``Problem`` with row, column and reason; an importer gathers
them all and raises ``ImportInvalid`` once, so a file is accepted whole or not at
all.

Writing: ``neutralise`` is the one helper every exporter passes user text
through (a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe so that a spreadsheet shows it instead of
running it); ``restore`` undoes it when such a file is read back.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from diklat.domain.imports import ImportInvalid, Problem, normalise_header, problem_key
from diklat.domain.text import clean, clean_line

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
# An XLSX is a zip: 20 MB of it may unpack to gigabytes (a "zip bomb"); what its
# members declare unpacked is limited too (zipfile stops at the declared size).
MAX_UNZIPPED = 200 * 1024 * 1024
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet number keeps about 15 significant digits; an 18-digit NIP does not fit.
_PRECISE_DIGITS = 15


# --- formula neutralisation -------------------------------------------------------------


def neutralise(value: object) -> object:
    """Text as a file cell: without terminal controls, bidi overrides and zero-width
    characters (``domain.text.clean``: a ``cat`` of the CSV must not retitle the terminal
    or write the clipboard), and made inert where a spreadsheet would run it as a
    formula; other values unchanged."""
    if isinstance(value, str):
        value = clean(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def restore(text: str) -> str:
    """The text as it was before ``neutralise`` (for files we exported and read back)."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


# --- headers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column an importer knows: its field name, the headers that mean it, whether it must be there."""

    field: str
    aliases: tuple[str, ...]
    required: bool = False

    def matches(self, header: str) -> bool:
        key = normalise_header(header)
        return key == normalise_header(self.field) or key in {
            normalise_header(a) for a in self.aliases
        }


# --- the table -----------------------------------------------------------------------------------


@dataclass
class Table:
    """A file's header and rows as text. ``number_cells`` holds (row, column index) of cells
    that were long numbers in a spreadsheet (their last digits may be lost)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    kind: str  # "csv" or "xlsx"
    number_cells: set[tuple[int, int]] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Mapped:
    """Rows as {field: text}, with the columns that were recognised, ignored and missing."""

    rows: list[tuple[int, dict[str, str]]]
    columns: dict[str, int]  # field -> column index
    headers: dict[str, str]  # field -> the header as written in the file
    unknown: list[str]
    problems: list[Problem]
    table: Table

    def header(self, name: str) -> str:
        return self.headers.get(name, name)

    def was_number(self, row: int, name: str) -> bool:
        index = self.columns.get(name)
        return index is not None and (row, index) in self.table.number_cells


@dataclass(frozen=True)
class Pasted:
    """Text pasted from a spreadsheet (cells copied in Excel: tab-separated), read and
    checked exactly like a file."""

    text: str


def read_table(path: Path | str | Pasted, sheet: str | None = None) -> Table:
    """The file's (or pasted text's) header and rows, or ImportInvalid (not CSV/XLSX,
    empty, unreadable). ``sheet``: the worksheet of a workbook to read (its first one
    when None); naming one for a CSV or pasted text, or one the workbook lacks, is a
    problem that lists the sheets there are."""
    if isinstance(path, Pasted):
        from diklat.i18n import t

        data = path.text.encode("utf-8")
        name = t("io.pasted")
        if len(data) > MAX_BYTES:
            too_big = problem_key("io.too_big", name=name, max=MAX_BYTES // (1024 * 1024))
            raise ImportInvalid([Problem(None, None, too_big)], path=name)
        return parse_bytes(data, name, sheet)
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportInvalid(
            [Problem(None, None, problem_key("io.cannot_read", path=str(path)))], path=str(path)
        ) from None
    if size > MAX_BYTES:
        raise ImportInvalid(
            [
                Problem(
                    None, None, problem_key("io.too_big", name=name, max=MAX_BYTES // (1024 * 1024))
                )
            ],
            path=name,
        )
    data = path.read_bytes()
    return parse_bytes(data, name, sheet)


def _is_workbook(data: bytes, name: str) -> bool:
    suffix = Path(name).suffix.lower()
    is_zip = data[:4] == b"PK\x03\x04"
    return suffix in XLSX_SUFFIXES or (is_zip and suffix not in CSV_SUFFIXES)


def parse_bytes(data: bytes, name: str, sheet: str | None = None) -> Table:
    suffix = Path(name).suffix.lower()
    fail = lambda key, **kw: ImportInvalid(
        [Problem(None, None, problem_key(key, name=name, **kw))], path=name
    )  # noqa: E731
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise fail("io.empty_file")
    is_zip = data[:4] == b"PK\x03\x04"
    if _is_workbook(data, name):
        if not is_zip:
            raise fail("io.not_tabular")
        table = _read_xlsx(data, name, sheet)
    elif sheet is not None:
        raise fail("io.sheet_not_workbook", sheet=sheet)
    elif suffix in CSV_SUFFIXES or suffix == "":
        if is_zip or b"\x00" in data[:4096]:
            raise fail("io.not_tabular")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise fail("io.not_utf8") from None
        table = _read_csv(text, name)
    else:
        raise fail("io.not_tabular")
    if not table.headers or not any(h.strip() for h in table.headers):
        raise fail("io.empty_file")
    if not table.rows:
        raise fail("io.no_rows")
    if len(table.rows) > MAX_ROWS:
        raise fail("io.too_many_rows", max=MAX_ROWS)
    return table


def _separated(lines: list[str]) -> bool:
    return any(sep in line for line in lines for sep in (",", ";", "\t"))


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line uses most (outside quotes)."""
    # The first few lines, not only the first: a title row above the headings ("DAFTAR
    # PESERTA") has no separator at all (find_header finds the headings below it).
    lines = [ln for ln in text.splitlines()[: HEADER_SEARCH_ROWS + 5] if ln.strip()][
        :HEADER_SEARCH_ROWS
    ]
    counts = {",": 0, ";": 0, "\t": 0}
    for line in lines[:1] if _separated(lines[:1]) else lines:
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best if counts[best] else ","


def csv_error(exc: csv.Error) -> tuple[str, dict[str, object]]:
    """Why the csv module stopped, as a catalogue key and its parameters."""
    text = str(exc)
    if "field larger than field limit" in text:
        return "io.cell_too_big", {"max": csv.field_size_limit()}
    if "unexpected end of data" in text:
        return "io.unclosed_quote", {}
    if "expected after" in text:
        return "io.text_after_quote", {}
    return "io.csv_broken", {}


def _read_csv(text: str, name: str) -> Table:
    delimiter = sniff_delimiter(text)
    # strict: an unclosed quote is refused instead of swallowing every row after it
    # into one cell (the rows would be lost without a word).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    headers: list[str] | None = None
    header_row = 1
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if headers is None:
                if not any(cell.strip() for cell in record):
                    continue  # blank lines before the header
                headers = [cell.strip() for cell in record]
                header_row = number
                continue
            if not any(cell.strip() for cell in record):
                continue
            rows.append((number - header_row + 1, record))
            if len(rows) > MAX_ROWS:
                break
    except csv.Error as exc:
        key, params = csv_error(exc)
        row = number + 1 - header_row + 1 if headers is not None else 1
        raise ImportInvalid([Problem(row, None, problem_key(key, **params))], path=name) from None
    return Table(headers or [], rows, "csv")


def _cell_text(value: object) -> tuple[str, bool]:
    """A spreadsheet cell as text, and whether it was a number too long to be exact."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("1" if value else "0"), False
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.min.time()
            else value.isoformat(sep=" ")
        ), False
    if isinstance(value, date):
        return value.isoformat(), False
    if isinstance(value, int):
        return str(value), len(str(abs(value))) > _PRECISE_DIGITS
    if isinstance(value, float):
        if value.is_integer():
            whole = int(value)
            return str(whole), len(str(abs(whole))) > _PRECISE_DIGITS
        return repr(value), False
    if isinstance(value, Decimal):
        return format(value, "f"), False
    return str(value), False


def _open_workbook(data: bytes, name: str):
    from openpyxl import load_workbook

    try:
        unzipped = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportInvalid(
            [Problem(None, None, problem_key("io.not_tabular", name=name))], path=name
        ) from None
    if unzipped > MAX_UNZIPPED:
        too_big = problem_key("io.too_big", name=name, max=MAX_UNZIPPED // (1024 * 1024))
        raise ImportInvalid([Problem(None, None, too_big)], path=name)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportInvalid(
            [Problem(None, None, problem_key("io.not_tabular", name=name))], path=name
        ) from None
    except Exception:  # openpyxl raises its own InvalidFileException for a zip that is no workbook
        raise ImportInvalid(
            [Problem(None, None, problem_key("io.not_tabular", name=name))], path=name
        ) from None


def sheet_names(path: Path | str) -> list[str]:
    """The worksheets of a workbook, in its order; [] for a CSV or a file that cannot be
    read (reading it says why)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return []
        data = path.read_bytes()
    except OSError:
        return []
    if not _is_workbook(data, path.name):
        return []
    try:
        wb = _open_workbook(data, path.name)
    except ImportInvalid:
        return []
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _pick_sheet(wb, name: str, sheet: str | None):
    if sheet is None:
        return wb.worksheets[0] if wb.worksheets else None
    if sheet in wb.sheetnames:
        return wb[sheet]
    # People type the name as they see it on the tab: case and outer spaces aside.
    folded = {n.strip().casefold(): n for n in wb.sheetnames}
    if sheet.strip().casefold() in folded:
        return wb[folded[sheet.strip().casefold()]]
    sheets = ", ".join(f"'{n}'" for n in wb.sheetnames)
    raise ImportInvalid(
        [
            Problem(
                None, None, problem_key("io.no_such_sheet", name=name, sheet=sheet, sheets=sheets)
            )
        ],
        path=name,
    )


def _read_xlsx(data: bytes, name: str, sheet: str | None = None) -> Table:
    wb = _open_workbook(data, name)
    try:
        ws = _pick_sheet(wb, name, sheet)
        if ws is None:
            raise ImportInvalid(
                [Problem(None, None, problem_key("io.empty_file", name=name))], path=name
            )
        headers: list[str] | None = None
        header_row = 1
        rows: list[tuple[int, list[str]]] = []
        numbers: set[tuple[int, int]] = set()
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            texts = [c for c, _ in cells]
            if headers is None:
                if not any(c.strip() for c in texts):
                    continue
                headers = [c.strip() for c in texts]
                header_row = number
                continue
            if not any(c.strip() for c in texts):
                continue
            row_no = number - header_row + 1
            rows.append((row_no, texts))
            numbers.update((row_no, i) for i, (_, long) in enumerate(cells) if long)
            if len(rows) > MAX_ROWS:
                break
    finally:
        wb.close()
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers or [], rows, "xlsx", numbers)


HEADER_SEARCH_ROWS = 10


def find_header(table: Table, columns: Sequence[Column]) -> Table:
    """The table with its header where it really is: a sheet often starts with title
    rows ("DAFTAR PESERTA", the cohort's name) above the column headings. When the first
    row names fewer than two known columns, the first of the next rows that names two
    or more becomes the header; the rows keep their numbers."""

    def known(cells: Sequence[str]) -> int:
        return sum(1 for cell in cells if any(c.matches(cell) for c in columns))

    if known(table.headers) >= 2:
        return table
    for i, (_, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if known(cells) >= 2:
            return replace(table, headers=[c.strip() for c in cells], rows=table.rows[i + 1 :])
    return table


def map_columns(table: Table, columns: Sequence[Column]) -> Mapped:
    """Match the file's headers to ``columns`` (found below title rows: ``find_header``);
    missing required columns, duplicate columns and over-long rows are problems; unknown
    columns are reported and ignored."""
    table = find_header(table, columns)
    problems: list[Problem] = []
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    unknown: list[str] = []
    for i, header in enumerate(table.headers):
        header = clean_line(header)
        if not header.strip():
            continue
        column = next((c for c in columns if c.matches(header)), None)
        if column is None:
            unknown.append(header)
            continue
        if column.field in index:
            problems.append(
                Problem(1, header, problem_key("io.duplicate_column", other=written[column.field]))
            )
            continue
        index[column.field] = i
        written[column.field] = header
    for column in columns:
        if column.required and column.field not in index:
            problems.append(
                Problem(
                    1,
                    column.field,
                    problem_key(
                        "io.missing_column", aliases=", ".join(column.aliases[:3]) or column.field
                    ),
                )
            )
    width = len(table.headers)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in table.rows:
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if filled and filled[-1] >= width:
            problems.append(
                Problem(
                    number,
                    None,
                    problem_key("io.too_many_fields", count=filled[-1] + 1, expected=width),
                )
            )
            continue
        rows.append(
            (
                number,
                {f: _cell(cells[i]) if i < len(cells) else "" for f, i in index.items()},
            )
        )
    return Mapped(rows, index, written, unknown, problems, table)


def _cell(text: str) -> str:
    """An imported cell as the rows hold it: one line without terminal controls, direction
    overrides or zero-width characters (``domain.text.clean_line``: a zero-width space
    pasted into a NIP would make it unreadable; ESC in a name would reach every export
    and screen), unmarked if diklat's own export made it inert as a formula."""
    return clean_line(restore(text.strip())).strip()


# --- writing -------------------------------------------------------------------------------------


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """UTF-8 CSV (comma, no byte-order mark); text neutralised; returns the size in bytes."""
    from diklat.io.atomic import replacing

    with replacing(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(headers)
        for n, row in enumerate(rows, 1):
            writer.writerow(["" if v is None else neutralise(v) for v in row])
            if progress:
                progress(n)
    return Path(path).stat().st_size


def as_cell(value: object) -> object:
    """A value as a spreadsheet cell: numbers stay numbers (Decimal -> float of the same
    two-decimal value), text is neutralised."""
    if isinstance(value, Decimal):
        return float(value)
    return neutralise(value)


def header_widths(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, minimum: int = 6, maximum: int = 48
) -> list[float]:
    """Column widths that fit the header and the longest value, within limits."""
    widths = [len(str(h)) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            if i < len(widths) and value is not None:
                widths[i] = max(widths[i], len(str(value)))
    return [min(maximum, max(minimum, w + 2)) for w in widths]
