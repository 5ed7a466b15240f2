"""The XLSX writer (io.xlsx, XlsxWriter in constant_memory mode), read back with openpyxl: values keep
their types, styles are shared and right, the header is frozen and printed on every
page, text is never a formula, rows can come from a generator."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl

from diklat.io.xlsx import Sheet, column_letter, write_sheets


def _rows():
    yield [
        1,
        "19701218 199603 2 001",
        'Budi <&> "Santoso"',
        Decimal("85.5"),
        "=SUM(A1:A2)",
        None,
        True,
    ]
    yield [2, 199603, "Tab\there\x07bell", Decimal("70"), "+62 812", 3.25, False]


def test_values_styles_frozen_header_and_print_titles(tmp_path):
    path = tmp_path / "x.xlsx"
    progressed = []
    sheet = Sheet(
        title="Daftar: [kelulusan]",
        headers=["No", "NIP", "Nama", "Nilai", "Catatan", "Angka", "Ya"],
        rows=_rows(),
        lines_before=["Judul", "Sub"],
        lines_after=["Tanda tangan"],
        decimal_columns=frozenset({3}),
        text_columns=frozenset({1}),
        wrap_columns=frozenset({2}),
        widths=[5, 24, 30, 10, 12, 8, 6],
        after_offset=2,
        notes=("", "catatan"),
    )
    size = write_sheets(
        path,
        [sheet, Sheet(title="Petunjuk", headers=["Isi"], rows=[["baris"]], landscape=False)],
        progress=progressed.append,
    )
    assert size == path.stat().st_size and progressed == [1, 2, 3]
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None and zf.namelist()[0] == "[Content_Types].xml"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Daftar- -kelulusan-", "Petunjuk"]
    ws = wb.worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "Judul" and values[1][0] == "Sub" and not any(values[2])
    header = 4
    assert values[header - 1] == ("No", "NIP", "Nama", "Nilai", "Catatan", "Angka", "Ya")
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.print_title_rows == f"${header}:${header}"
    assert (
        ws.page_setup.orientation == "landscape"
        and wb.worksheets[1].page_setup.orientation == "portrait"
    )
    assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
    first, second = values[header], values[header + 1]
    assert first[0] == 1 and isinstance(first[0], int)
    assert (
        first[1] == "19701218 199603 2 001" and second[1] == "199603"
    )  # text column: text, even a number
    assert (
        first[2] == 'Budi <&> "Santoso"' and second[2] == "Tab\therebell"
    )  # XML-illegal characters dropped
    # numbers stay numbers (a whole mark may read back as an int: 70 is 70.00 on screen)
    assert first[3] == 85.5 and second[3] == 70 and isinstance(second[3], (int, float))
    assert first[4] == "'=SUM(A1:A2)" and second[4] == "'+62 812"
    assert first[5] is None and second[5] == 3.25 and first[6] is True and second[6] is False
    cells = {c.coordinate: c for row in ws.iter_rows() for c in row}
    assert all(c.data_type != "f" for c in cells.values())
    assert cells[f"D{header + 1}"].number_format == "0.00"
    assert cells[f"A{header}"].font.b and cells[f"A{header}"].alignment.wrap_text
    assert cells["A1"].font.b and cells["A1"].font.sz == 14 and not cells["A2"].font.b
    assert (
        cells[f"C{header + 1}"].alignment.wrap_text
        and not cells[f"A{header + 1}"].alignment.wrap_text
    )
    assert values[header + 3][0] == "catatan"
    assert values[-1][2] == "Tanda tangan"
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    # stored with the cell padding spreadsheet programs add (5 shows as 5, stored as 5.71)
    assert 5 < widths["A"] < 6 and 30 < widths["C"] < 31


def test_fitted_widths_dates_and_repeated_titles(tmp_path):
    path = tmp_path / "y.xlsx"
    rows = [
        ["pendek", datetime(2026, 7, 1, 9, 30), date(2026, 7, 2)],
        ["sebuah teks yang jauh lebih panjang", None, None],
    ]
    write_sheets(
        path,
        [
            Sheet(title="A", headers=["Teks", "Waktu", "Tanggal"], rows=rows),
            Sheet(title="a", headers=["x"], rows=[]),
        ],
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["A", "a 2"]
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2"
    row = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
    assert row[1] == datetime(2026, 7, 1, 9, 30) and row[2] == datetime(2026, 7, 2)
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    fitted = len(rows[1][0]) + 2
    assert fitted < widths["A"] < fitted + 1 and widths["B"] >= 7


def test_column_letters():
    assert [column_letter(i) for i in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_a_sheet_title_with_quotes_and_markup_characters_gives_a_valid_workbook(tmp_path):
    # Rule-set codes become titles: a '"' in one made the old writer's workbook.xml invalid.
    titles = ['Nilai "akhir"', "Sikap & <perilaku>", "O'Brien's", "a/b:c*d?[e]\\f", "Ünïcödé ✓"]
    path = tmp_path / "t.xlsx"
    write_sheets(path, [Sheet(title=t, headers=["x"], rows=[[1]]) for t in titles])
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        'Nilai "akhir"',
        "Sikap & <perilaku>",
        "O'Brien's",
        "a-b-c-d--e--f",
        "Ünïcödé ✓",
    ]
    for ws in wb.worksheets:
        assert ws.print_title_rows == "$1:$1" and ws["A2"].value == 1
