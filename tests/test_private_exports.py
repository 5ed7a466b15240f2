"""Every file diklat writes for a person is created owner-only (0600) whatever the umask,
written whole under a temporary name first, and leaves nothing else in the folder: the
files carry NIPs (birth date and sex), marks and, on the slips, one-time passwords."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import World

from diklat.io import atomic
from diklat.services.exports import Slip, Slips

A = "ANGK-A"


@pytest.fixture(autouse=True)
def _open_umask():
    old = os.umask(0o002)  # a umask that would make new files 0664
    yield
    os.umask(old)


def _graduation(fmt: str) -> Callable[[World, Path], int]:
    def write(w: World, path: Path) -> int:
        from diklat.io.graduation import write_graduation
        from diklat.services.graduation import cohort_results

        return write_graduation(cohort_results(w.db, w.actor("K1"), A), fmt, path)

    return write


def _recap(fmt: str) -> Callable[[World, Path], int]:
    def write(w: World, path: Path) -> int:
        from diklat.io.recap import write_recap
        from diklat.services.exports import recap

        return write_recap(recap(w.db, w.actor("K1"), A), fmt, path)

    return write


def _worksheet(fmt: str) -> Callable[[World, Path], int]:
    def write(w: World, path: Path) -> int:
        from diklat.io.worksheet import write_worksheet
        from diklat.services.exports import worksheet

        return write_worksheet(worksheet(w.db, w.actor("K1"), A, "rancangan"), path, fmt)

    return write


def _document(fmt: str) -> Callable[[World, Path], int]:
    def write(w: World, path: Path) -> int:
        from diklat.io.documents import write as write_document
        from diklat.services.documents import project_document

        return write_document(project_document(w.db, w.actor("P1"), w.enrolments["P1"]), fmt, path)

    return write


def _slips(w: World, path: Path) -> int:
    from diklat.io.slips import write_slips

    return write_slips(
        Slips(A, "Angkatan A", "", [Slip(1, "Peserta", "1980", "abcdefghjk")], 0), path
    )


def _all_cohorts(w: World, path: Path) -> int:
    from diklat.io.graduation import write_graduation_all
    from diklat.services.graduation import all_results

    return write_graduation_all(all_results(w.db, w.actor("ADMIN")).results, "csv", path)


WRITERS: dict[str, Callable[[World, Path], int]] = {
    **{f"graduation.{f}": _graduation(f) for f in ("csv", "xlsx", "pdf")},
    "graduation-all.csv": _all_cohorts,
    **{f"recap.{f}": _recap(f) for f in ("csv", "xlsx")},
    **{f"worksheet.{f}": _worksheet(f) for f in ("csv", "xlsx")},
    **{f"document.{f}": _document(f) for f in ("pdf", "docx")},
    "slips.pdf": _slips,
}


@pytest.mark.parametrize("name", WRITERS)
def test_an_export_is_private_and_leaves_nothing_beside_it(world: World, tmp_path, name) -> None:
    folder = tmp_path / "ekspor"
    folder.mkdir()
    target = folder / name
    target.write_text("older, readable by all")
    os.chmod(target, 0o644)
    size = WRITERS[name](world, target)
    assert size == target.stat().st_size > 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [name]


def test_the_temporary_file_is_private_before_a_byte_is_written(tmp_path) -> None:
    with atomic.replacing(tmp_path / "daftar.csv") as tmp:
        assert stat.S_IMODE(tmp.stat().st_mode) == 0o600 and tmp.stat().st_size == 0
        tmp.write_text("no,nama\n")
    assert stat.S_IMODE((tmp_path / "daftar.csv").stat().st_mode) == 0o600
