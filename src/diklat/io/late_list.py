"""Who is late (``services.reminders.LateList``) as CSV or XLSX, one row per late item,
for a coordinator to share (a WhatsApp group, a printed list). Dates read DD-MM-YYYY."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from diklat.i18n import t
from diklat.io.tabular import write_csv

COLUMNS = (
    "jenis",
    "nama",
    "surel",
    "tahapan_atau_komponen",
    "peserta",
    "ndh",
    "tanggal",
    "hari",
    "tindakan",
    "sudah_diingatkan",
)
FORMATS = ("csv", "xlsx")


def late_rows(late) -> list[list[object]]:
    return [
        [
            t(f"remind.kind.{item.kind}"),
            r.name,
            r.email,
            item.subject,
            item.participant,
            item.ndh,
            item.on.strftime("%d-%m-%Y"),
            item.days,
            item.todo,
            t("coord.yes") if item.key in r.reminded else t("coord.no"),
        ]
        for r in late.reminders
        for item in r.items
    ]


def write_late(late, fmt: str, path: Path, *, progress: Callable[[int], None] | None = None) -> int:
    """Write the list; returns the file's size in bytes."""
    rows = late_rows(late)
    if fmt == "csv":
        return write_csv(Path(path), COLUMNS, rows, progress=progress)
    if fmt != "xlsx":
        raise ValueError(fmt)
    from diklat.io.xlsx import Sheet, write_sheets

    sheet = Sheet(
        title=t("remind.sheet"),
        headers=[t(f"remind.col.{key}") for key in COLUMNS],
        rows=rows,
        lines_before=[
            t("remind.title", code=late.code, name=late.name),
            t("remind.as_of", date=late.today.strftime("%d-%m-%Y"), days=late.review_days),
        ],
        text_columns=frozenset({2}),
        wrap_columns=frozenset({8}),
    )
    return write_sheets(Path(path), [sheet], progress=progress)
