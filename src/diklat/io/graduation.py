"""The graduation list (*daftar kelulusan*, docs/rules.md section 8) as CSV, XLSX and PDF.

``results`` is a ``services.graduation.CohortResults`` (used by its attributes,
so this module stays free of the database layers).

- CSV: machine-readable, exactly the columns ``no, ndh, nip, nama,
  pangkat_golongan, jabatan, instansi, nilai_akhir, kualifikasi, peringkat,
  status, keterangan``; UTF-8; ``nilai_akhir`` with two decimals and a dot;
  ``status`` ``LULUS`` / ``TIDAK LULUS``; ``peringkat`` empty for non-graduates;
  ``keterangan`` the reasons or "Peserta Terbaik". The CSV is always in Bahasa
  Indonesia, whatever the interface language, because other systems read it.
- XLSX and PDF: the same rows with the human headers (No, NDH, NIP, Nama,
  Pangkat/Gol., Jabatan, Instansi, Nilai Akhir, Kualifikasi, Peringkat,
  Keterangan), the cohort's title, period and institution, and a signature
  block; a non-graduate's Keterangan starts with "Tidak lulus". They follow the
  interface language (Bahasa Indonesia by default).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from diklat.domain.signing import Signatory
from diklat.i18n import t
from diklat.io.atomic import replacing
from diklat.io.letterhead import decimal, document_number
from diklat.io.letterhead import long_date as long_date
from diklat.io.letterhead import signature_lines as signed_lines
from diklat.io.tabular import write_csv

CSV_COLUMNS = (
    "no",
    "ndh",
    "nip",
    "nama",
    "pangkat_golongan",
    "jabatan",
    "instansi",
    "nilai_akhir",
    "kualifikasi",
    "peringkat",
    "status",
    "keterangan",
)
HUMAN_KEYS = (
    "no",
    "ndh",
    "nip",
    "nama",
    "pangkat",
    "jabatan",
    "instansi",
    "nilai_akhir",
    "kualifikasi",
    "peringkat",
    "keterangan",
)
FORMATS = ("csv", "xlsx", "pdf")
PASSED, FAILED = "LULUS", "TIDAK LULUS"

Progress = Callable[[int], None]


# The signing official (place, date, title, name, NIP); blank fields print as dotted lines.
Signature = Signatory


def two(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.01'))}"


def period_text(meta) -> str:
    return f"{long_date(meta.start)} – {long_date(meta.end)}"


def csv_rows(results) -> list[list[object]]:
    rows = []
    for r in results.rows:
        rows.append(
            [
                r.no,
                r.ndh,
                r.nip,
                r.name,
                r.pangkat_golongan,
                r.jabatan,
                r.instansi,
                two(r.final),
                r.qualification_text("id"),
                r.rank if r.rank is not None else "",
                PASSED if r.passed else FAILED,
                r.remarks("id"),
            ]
        )
    return rows


def human_remarks(row, term: str | None = None) -> str:
    """The Keterangan column; stages named with the cohort's term (proyek/aksi perubahan)."""
    from diklat.domain.workflow import with_term

    if row.passed:
        return row.remarks()
    reasons = with_term(row.remarks(), term)
    return (
        t("graduation.not_passed", reasons=reasons) if reasons else t("graduation.not_passed_short")
    )


def human_rows(results) -> list[list[object]]:
    return [
        [
            r.no,
            r.ndh,
            r.nip_grouped,
            r.name,
            r.pangkat_golongan,
            r.jabatan,
            r.instansi,
            r.final,
            r.qualification_text(),
            r.rank,
            human_remarks(r, results.meta.project_term),
        ]
        for r in results.rows
    ]


def human_headers() -> list[str]:
    return [t(f"graduation.col.{key}") for key in HUMAN_KEYS]


def title_lines(results) -> list[str]:
    meta = results.meta
    lines = [t("graduation.title"), meta.name, t("graduation.period", period=period_text(meta))]
    if meta.institution:
        lines.append(meta.institution)
    return lines


def signer(results, signature: Signature) -> Signature:
    """The options given over the cohort's stored signatory; signed at the institution's city."""
    meta = results.meta
    stored = getattr(meta, "signatory", None) or Signature()
    return signature.over(stored).over(Signature(place=meta.city))


def signature_lines(results, signature: Signature) -> list[str]:
    return signed_lines(signer(results, signature))


def list_number(results, number: str = "") -> str:
    """The list's document number: the one given, else ``DK/CODE/YEAR`` (the cohort's
    last year, when it is signed)."""
    meta = results.meta
    return number or document_number("DK", meta.code, meta.end.year)


def summary_line(results) -> str:
    return t(
        "graduation.summary",
        participants=len(results.rows),
        graduates=results.graduates,
        best=results.best,
    )


def rules_line(results) -> str:
    meta = results.meta
    note = t("graduation.rules_default") if meta.default_rules else ""
    return t(
        "graduation.rules", name=meta.rules_name, version=meta.rules_version, note=note
    ).strip()


def write_graduation(
    results,
    fmt: str,
    path: Path,
    *,
    signature: Signature | None = None,
    progress: Progress | None = None,
    number: str = "",
    draft: bool = False,
) -> int:
    """Write the list; returns the file's size in bytes. ``number`` is the list's document
    number (default ``DK/CODE/YEAR``). ``draft``: exported before the release with marks
    missing or differences unsettled (services.marking_status.graduation_is_draft): the
    XLSX title and a PDF watermark say "DRAF"; the CSV keeps its columns (a contract)."""
    path = Path(path)
    signature = signature or Signature()
    if fmt == "csv":
        return write_csv(path, CSV_COLUMNS, csv_rows(results), progress=progress)
    if fmt == "xlsx":
        return _xlsx(results, path, signature, progress, draft, number)
    if fmt == "pdf":
        return _pdf(results, path, signature, progress, number, draft)
    raise ValueError(fmt)


def write_graduation_all(
    results: Iterable, fmt: str, path: Path, *, progress: Progress | None = None
) -> int:
    """Every cohort's list in one file, written while the cohorts are computed (``results``
    is an iterable of ``CohortResults``, e.g. ``services.graduation.all_results``): memory
    holds one cohort's rows, not the file. CSV: exactly the columns and rows of section 8,
    cohort after cohort (``no`` starts again at 1 for each). XLSX: one sheet with the
    human headers and the cohort's code in a first column. Returns the size in bytes."""
    path = Path(path)
    if fmt == "csv":
        return write_csv(
            path, CSV_COLUMNS, (row for res in results for row in csv_rows(res)), progress=progress
        )
    if fmt != "xlsx":
        raise ValueError(fmt)
    from diklat.io.xlsx import Sheet, write_sheets

    sheet = Sheet(
        title=t("graduation.sheet"),
        headers=[t("graduation.col.angkatan"), *human_headers()],
        rows=([res.meta.code, *row] for res in results for row in human_rows(res)),
        decimal_columns=frozenset({8}),
        text_columns=frozenset({0, 3}),
        wrap_columns=frozenset({4, 6, 7, 11}),
        widths=[24, 5, 6, 24, 34, 18, 32, 32, 11, 20, 10, 48],
    )
    return write_sheets(path, [sheet], progress=progress)


def _xlsx(
    results,
    path: Path,
    signature: Signature,
    progress: Progress | None,
    draft: bool = False,
    number: str = "",
) -> int:
    from diklat.io.xlsx import Sheet, write_sheets

    rows = human_rows(results)
    lines = title_lines(results)
    if draft:
        lines[0] = t("graduation.draft_title", title=lines[0])
    # A signed list carries its document number, in the workbook as on paper.
    lines.insert(1, t("graduation.number", number=list_number(results, number)))
    widths = [5, 6, 24, 34, 18, 32, 32, 11, 20, 10, 48]
    sheet = Sheet(
        title=t("graduation.sheet"),
        headers=human_headers(),
        rows=rows,
        lines_before=lines,
        lines_after=signature_lines(results, signature),
        decimal_columns=frozenset({7}),
        text_columns=frozenset({2}),
        wrap_columns=frozenset({3, 5, 6, 10}),
        widths=widths,
        after_offset=8,
        notes=("", summary_line(results), rules_line(results)),
    )
    return write_sheets(path, [sheet], progress=progress)


def _list_pdf_class():
    from diklat.io.pdf import FONT, DiklatPDF

    class _ListPDF(DiklatPDF):
        """Landscape lists: "Halaman 2 dari 3" in the footer; a "DRAF" watermark across
        every page of a draft."""

        watermark = ""

        def header(self) -> None:
            if not self.watermark:
                return
            x, y = self.w / 2, self.h / 2
            with self.rotation(30, x, y):
                self.set_font(FONT, "B", 110)
                self.set_text_color(215, 215, 215)
                self.text(x - self.get_string_width(self.watermark) / 2, y + 15, self.watermark)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-10)
            self.set_font(FONT, size=7)
            self.cell(0, 4, self.footer_text, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 4, t("graduation.page", page=self.page_no(), pages="{nb}"), align="R")

    return _ListPDF


def ListPDF(**kwargs):  # noqa: N802 - a class made on first use (fpdf is imported lazily)
    return _list_pdf_class()(**kwargs)


# The last rows of the list that stay on the page of the signature block (a block alone
# on a page signs nothing anyone can see).
KEEP_WITH_SIGNATURE = 2
PDF_WIDTHS = (7, 8, 35, 40, 22, 36, 38, 12, 21, 17, 37)


def _pdf_table(pdf, rows: list[list[object]], first: int, progress: Progress | None) -> None:
    from fpdf.enums import TableCellFillMode
    from fpdf.fonts import FontFace

    from diklat.io.pdf import FONT

    pdf.set_font(FONT, "", 7)
    right = {0, 1, 7, 9}
    with pdf.table(
        col_widths=PDF_WIDTHS,
        width=sum(PDF_WIDTHS),
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
        line_height=3.4,
        padding=0.8,
        repeat_headings=1,
        text_align="LEFT",
        cell_fill_mode=TableCellFillMode.NONE,
    ) as table:
        head = table.row()
        for h in human_headers():
            head.cell(h, align="CENTER")
        for n, r in enumerate(rows, first):
            row = table.row()
            for i, value in enumerate(r):
                text = decimal(value) if i == 7 else ("" if value is None else str(value))
                row.cell(text, align="RIGHT" if i in right else "LEFT")
            if progress:
                progress(n)


def _closing(pdf, results, rows, first: int, sign, progress: Progress | None) -> None:
    from diklat.io.letterhead import draw_signature
    from diklat.io.pdf import FONT

    if rows:
        _pdf_table(pdf, rows, first, progress)
    pdf.set_font(FONT, "", 8)
    pdf.ln(2)
    pdf.multi_cell(0, 4, summary_line(results), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 4, rules_line(results), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    draw_signature(pdf, sign, width=90)


def _pdf(
    results,
    path: Path,
    signature: Signature,
    progress: Progress | None,
    number: str = "",
    draft: bool = False,
) -> int:
    from diklat.io.letterhead import draw_letterhead
    from diklat.io.pdf import FONT

    meta = results.meta
    pdf = ListPDF(footer_text=f"{meta.code} · {t('graduation.title')}", orientation="L")
    pdf.watermark = t("graduation.draft_mark") if draft else ""
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(f"{t('graduation.title')} {meta.name}")
    pdf.set_author(meta.institution or "")
    pdf.set_subject(list_number(results, number))
    pdf.add_page()
    draw_letterhead(pdf, getattr(meta, "letterhead", None))
    lines = title_lines(results)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, lines[0].upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    number_line = t("graduation.number", number=list_number(results, number))
    pdf.multi_cell(0, 5, number_line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, lines[1], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for line in lines[2:]:
        if line != getattr(getattr(meta, "letterhead", None), "name", None):
            pdf.multi_cell(0, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    rows = human_rows(results)
    head, tail = rows[:-KEEP_WITH_SIGNATURE], rows[-KEEP_WITH_SIGNATURE:]
    if head:
        _pdf_table(pdf, head, 1, progress)
    sign = signer(results, signature)
    # The last rows, the summary and the signature block move to a new page together
    # when they do not fit below the rest (the table's header is repeated there).
    with pdf.offset_rendering() as trial:
        _closing(trial, results, tail, len(head) + 1, sign, None)
    if trial.page_break_triggered:
        pdf.add_page()
    _closing(pdf, results, tail, len(head) + 1, sign, progress)
    with replacing(path) as tmp:
        pdf.output(str(tmp))
    return path.stat().st_size
