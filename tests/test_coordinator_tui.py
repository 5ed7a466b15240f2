"""Pilot-driven journeys through the coordinator's cohort screen, on a copy of the
sample database: from the home's cohort list to the progress matrix, an import
previewed then confirmed, the release and the lock. No wall-clock waits: each
step waits for the app's workers."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from factories import copy_demo
from sqlalchemy import func, select
from textual.widgets import Button, DataTable, Input, Static

from diklat.db.engine import Database
from diklat.db.models import Cohort, Enrolment
from diklat.services import cohorts
from diklat.services.actor import Actor
from diklat.services.cohort_admin import acting_as
from diklat.tui.widgets.matrix import Matrix

RUNNING = "PKP-II-2026"
NEW = "BARU-2027"


@pytest.fixture(scope="module")
def sample_db(demo_template, tmp_path_factory) -> Path:
    path = copy_demo(demo_template, tmp_path_factory.mktemp("sample-tui") / "sample.db")
    db = Database.open(path)
    coordinator = acting_as(db, Actor.system(), "penyelenggara", RUNNING)
    cohorts.create_cohort(
        db,
        coordinator,
        code=NEW,
        name="Diklatpim IV Angkatan I Tahun 2027",
        start=date(2027, 3, 1),
        end=date(2027, 7, 30),
    )
    db.checkpoint()
    db.dispose()
    return path


@pytest.fixture
def db(sample_db: Path, tmp_path: Path):
    target = tmp_path / "tui.db"
    shutil.copyfile(sample_db, target)
    database = Database.open(target)
    yield database
    database.dispose()


async def settle(app, pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def text_of(app) -> str:
    parts = [str(w.render()) for w in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.extend(str(c) for c in table.get_row_at(row))
    for matrix in app.screen.query(Matrix):
        for row in range(matrix.row_count):
            parts.extend(str(c) for c in matrix.row(row))
    return "\n".join(parts)


async def open_cohort(app, pilot, db, code: str) -> None:
    """Log in as the demo coordinator (the password check is tested elsewhere), then Enter on the cohort's row."""
    await settle(app, pilot)
    app.logged_in(acting_as(db, Actor.system(), "penyelenggara", code))
    await settle(app, pilot)
    table = app.screen.query_one("#cohorts", DataTable)
    table.focus()
    for _ in range(10):
        if table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == code:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "CohortScreen"


def count_enrolments(db, code: str) -> int:
    with db.read() as s:
        return s.scalar(
            select(func.count())
            .select_from(Enrolment)
            .join(Cohort, Cohort.id == Enrolment.cohort_id)
            .where(Cohort.code == code)
        )


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_progress_matrix_shows_states_in_words(db, size) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=size) as pilot:
        await open_cohort(app, pilot, db, RUNNING)
        matrix = app.screen.query_one("#prog-matrix", Matrix)
        assert matrix.row_count == 36
        shown = text_of(app)
        assert "Disetujui" in shown and "Belum mulai" in shown
        assert "disetujui ·" in shown  # the stage chart, with numbers next to the bars
        assert "36 peserta" in shown
        # The matrix has the keyboard: ↓ moves its row cursor; Enter opens nothing (as before).
        assert app.screen.focused is matrix
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert matrix.cursor_row == 2 and type(app.screen).__name__ == "CohortScreen"
        await pilot.press("f1")
        await settle(app, pilot)
        assert "Kemajuan angkatan" in text_of(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        assert app.screen.active == "tab-results"
        assert app.screen.query_one("#res-table", DataTable).row_count == 36


async def test_import_is_previewed_then_confirmed(db, tmp_path: Path) -> None:
    from diklat.tui.app import DiklatApp

    source = tmp_path / "peserta.csv"
    source.write_text(
        "NIP;Nama;Pangkat/Gol.;Jabatan;Instansi\n"
        "19800101 200501 1 001;Budi Santoso;Penata (III/c);Kepala Seksi A;Dinas X\n"
        "198102022006022002;Sri Wahyuni;Penata (III/c);Kepala Subbagian B;Dinas Y\n",
        encoding="utf-8",
    )
    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, NEW)
        await pilot.press("3")
        await settle(app, pilot)
        path = app.screen.query_one("#imp-path", Input)
        path.focus()
        path.value = str(source)
        await pilot.press("enter")
        await settle(app, pilot)
        report = text_of(app)
        assert "2 baris sah" in report and "2 orang baru" in report
        assert app.screen.query_one("#imp-preview", DataTable).row_count == 2
        assert count_enrolments(db, NEW) == 0  # the preview wrote nothing
        confirm = app.screen.query_one("#imp-confirm", Button)
        assert not confirm.disabled
        confirm.press()
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert count_enrolments(db, NEW) == 2
        assert "2 baris diimpor" in text_of(app)


async def test_a_bad_file_lists_its_problems_and_cannot_be_imported(db, tmp_path: Path) -> None:
    from diklat.tui.app import DiklatApp

    source = tmp_path / "salah.csv"
    source.write_text(
        "nip,nama,pangkat_golongan,jabatan,instansi\n19801301 200501 1 001,Ani,x,y,z\n",
        encoding="utf-8",
    )
    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, NEW)
        await pilot.press("3")
        await settle(app, pilot)
        app.screen.query_one("#imp-path", Input).value = str(source)
        app.screen.query_one("#imp-check", Button).press()
        await settle(app, pilot)
        shown = text_of(app)
        assert "baris 2, kolom nip" in shown and "Tanggal lahir" in shown
        assert app.screen.query_one("#imp-confirm", Button).disabled
        assert count_enrolments(db, NEW) == 0


async def test_release_then_lock_and_unlock_with_a_reason(db) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, NEW)
        await pilot.press("5")
        await settle(app, pilot)
        app.screen.query_one("#res-release", Button).press()
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        with db.read() as s:
            cohort = s.scalar(select(Cohort).where(Cohort.code == NEW))
            assert cohort.results_released_at is not None
        assert "Hasil BARU-2027 dirilis" in text_of(app)
        app.screen.query_one("#res-lock", Button).press()
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen.query_one("#res-unlock", Button).disabled is False
        app.screen.query_one("#res-unlock", Button).press()
        await settle(app, pilot)
        await pilot.press(*"salah kunci")
        await pilot.press("enter")
        await settle(app, pilot)
        with db.read() as s:
            assert s.scalar(select(Cohort.locked_at).where(Cohort.code == NEW)) is None


async def test_exports_run_in_the_background_and_write_the_file(db, tmp_path: Path) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, RUNNING)
        await pilot.press("6")
        await settle(app, pilot)
        target = tmp_path / "lulus.xlsx"
        path = app.screen.query_one("#exp-path", Input)
        assert app.focused is path  # the tab puts the keyboard where it is needed
        path.value = str(target)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert target.exists() and target.stat().st_size > 0
        assert "36 baris" in text_of(app)
        # Esc leaves the text field (digits switch tabs again); a second Esc goes home.
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.focused is app.screen.query_one("#coord-tabbar")  # the tab bar: ←/→ switch tabs
        await pilot.press("left")
        await settle(app, pilot)
        assert (
            app.screen.active == "tab-results"
            and app.screen.query_one("#res-table", DataTable).row_count == 36
        )
        await pilot.press("1")
        await settle(app, pilot)
        assert app.screen.active == "tab-progress"
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"


async def test_the_session_pick_can_be_cleared_again(db) -> None:
    """The blank choice of the session pick is Select.NULL in Textual 8 (Select.BLANK is
    False): compared with BLANK, clearing the pick ran int() on it and the app ended."""
    from textual.widgets import Select

    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, RUNNING)
        await pilot.press("4")
        await settle(app, pilot)
        pick = app.screen.query_one("#sess-pick", Select)
        pick.focus()
        await pilot.press("enter", "down", "enter")  # the first session, below the blank
        await settle(app, pilot)
        assert app.screen.query_one("#tab-attendance").session_id is not None
        pick.clear()
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen"
        assert app.screen.query_one("#tab-attendance").session_id is None
    assert app.return_code in (None, 0)
