"""The marks recap: every component mark and its marker, as CSV or XLSX.

CSV: one row per mark (machine-readable column names). XLSX: the same on a first
sheet with human headers, and a second sheet with one row per participant: the
component scores, final score, qualification, status, rank, certificate number
and attendance. ``recap`` is a ``services.exports.Recap``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from diklat.i18n import t
from diklat.io.graduation import FAILED, PASSED, title_lines
from diklat.io.tabular import write_csv

MARK_COLUMNS = (
    "ndh",
    "nip",
    "nama",
    "komponen",
    "nama_komponen",
    "peran_penilai",
    "penilai",
    "nip_penilai",
    "nilai",
    "rubrik",
    "kriteria",
    "dicatat_oleh",
    "diperbarui",
    "nilai_moderasi",
)
FORMATS = ("csv", "xlsx")


def mark_rows(recap) -> list[list[object]]:
    return [
        [
            m.ndh,
            m.nip,
            m.participant,
            m.component,
            m.component_label,
            m.role,
            m.marker,
            m.marker_ident,
            m.score,
            m.rubric,
            m.criteria,
            m.recorded_by,
            m.updated_at.strftime("%Y-%m-%d %H:%M"),
            m.settled,
        ]
        for m in recap.marks
    ]


def _csv_row(row: list[object]) -> list[object]:
    return [f"{v:.2f}" if hasattr(v, "quantize") else v for v in row]


def write_recap(
    recap, fmt: str, path: Path, *, progress: Callable[[int], None] | None = None
) -> int:
    path = Path(path)
    if fmt == "csv":
        return write_csv(
            path, MARK_COLUMNS, (_csv_row(r) for r in mark_rows(recap)), progress=progress
        )
    if fmt != "xlsx":
        raise ValueError(fmt)
    from diklat.io.xlsx import Sheet, write_sheets

    results = recap.results
    comps = results.rules.components
    marks = Sheet(
        title=t("recap.sheet_marks"),
        headers=[t(f"recap.col.{key}") for key in MARK_COLUMNS],
        rows=mark_rows(recap),
        lines_before=[t("recap.title"), *title_lines(results)[1:]],
        decimal_columns=frozenset({8, 13}),
        text_columns=frozenset({1, 7}),
    )
    summary_rows = [
        [
            r.no,
            r.ndh,
            r.nip,
            r.name,
            r.status and t(f"recap.status.{r.status}"),
            *(r.components.get(c.code) for c in comps),
            r.final,
            r.qualification_text(),
            r.rank,
            PASSED if r.passed else FAILED,
            r.certificate_no or "",
            r.scheduled,
            r.attended,
            ", ".join(r.moderated),
        ]
        for r in results.rows
    ]
    n = len(comps)
    summary = Sheet(
        title=t("recap.sheet_summary"),
        headers=[
            t("graduation.col.no"),
            t("graduation.col.ndh"),
            t("graduation.col.nip"),
            t("graduation.col.nama"),
            t("recap.col.participant_status"),
            *(c.text() for c in comps),
            t("graduation.col.nilai_akhir"),
            t("graduation.col.kualifikasi"),
            t("graduation.col.peringkat"),
            t("recap.col.result"),
            t("recap.col.certificate"),
            t("recap.col.scheduled"),
            t("recap.col.attended"),
            t("recap.col.moderated"),
        ],
        rows=summary_rows,
        lines_before=[t("recap.summary_title"), *title_lines(results)[1:]],
        decimal_columns=frozenset(range(5, 6 + n)),
        text_columns=frozenset({2}),
    )
    return write_sheets(path, [marks, summary], progress=progress)
