"""Comment bank CSV: round trip, formula neutralisation, row-numbered errors."""

from __future__ import annotations

import pytest

from diklat.io.comment_bank_csv import BankRow, CsvInvalid, read_csv, write_csv


def test_round_trip_keeps_text_and_neutralises_formulas():
    rows = [
        BankRow("", "Bagus, lanjutkan."),
        BankRow("problem_statement", '=HYPERLINK("x") bukan rumus'),
        BankRow("milestones", "- tambahkan tanggal\n- tambahkan bukti"),
        BankRow("", 'Kutip "langsung"; pakai titik koma'),
    ]
    text = write_csv(rows)
    assert "'=HYPERLINK" in text and "'- tambahkan" in text
    assert read_csv(text) == rows


def test_semicolon_and_bom_from_spreadsheets():
    assert read_csv("\ufeffsection;text\nbackground;Perjelas data dukung\n") == [
        BankRow("background", "Perjelas data dukung")
    ]


def test_bad_rows_reported_with_row_and_column():
    text = "section,text\n,ok\nnope,teks\nbackground,\n,a,b\n\n"
    with pytest.raises(CsvInvalid) as err:
        read_csv(text)
    got = [(p.row, p.column, p.key) for p in err.value.problems]
    assert got == [
        (3, "section", "bank.csv.unknown_section"),
        (4, "text", "bank.csv.empty_text"),
        (5, "", "bank.csv.too_many_cells"),
    ]
    assert "baris 3" in err.value.message()


def test_unknown_header_refused():
    with pytest.raises(CsvInvalid) as err:
        read_csv("komentar\nhalo\n")
    assert {(p.row, p.key) for p in err.value.problems} == {
        (1, "bank.csv.unknown_column"),
        (1, "bank.csv.missing_column"),
    }
