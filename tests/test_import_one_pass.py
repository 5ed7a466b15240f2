"""Every problem of an imported file in one pass (issue 13 part 12): the file's value
errors and the database's findings together (an unknown NDH is no longer said only
after the values are fixed), a duplicated worksheet line hides nothing, and a NIP kept
as a spreadsheet number is said once, without a misleading "sex digit 0". Through
``Importer.read_checked``, the one path of the import tab and ``diklat import``."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import World, snapshot
from test_fuzz_importers import VALID, nip, to_csv, to_xlsx

from diklat.domain.imports import ImportInvalid
from diklat.i18n import set_language, t
from diklat.services.importers import IMPORTERS


def _refusal(world: World, kind: str, rows: list[list[object]], tmp_path: Path, fmt="csv"):
    path = tmp_path / f"f.{fmt}"
    path.write_bytes(to_xlsx(rows) if fmt == "xlsx" else to_csv(rows, ",", False))
    before = snapshot(world.db)
    with pytest.raises(ImportInvalid) as caught:
        IMPORTERS[kind].read_checked(
            world.db, world.actor("K1"), world.cohort_codes["A"], path, None
        )
    assert snapshot(world.db) == before
    return [(p.row, p.column, p.reason) for p in caught.value.problems]


@pytest.fixture(autouse=True)
def _indonesian():
    set_language("id")
    yield
    set_language("id")


def test_participants_a_number_nip_a_value_error_and_a_taken_ndh_at_once(
    world: World, tmp_path: Path
) -> None:
    head, first, second = VALID["participants"][:3]
    ndh = head.index("NDH")
    as_number = list(first)
    as_number[0] = 1.9850505201001e17  # what a spreadsheet keeps of 198505052010011001
    as_number[ndh] = 7
    bad_value = list(second)
    bad_value[0], bad_value[ndh] = "19850505 201001 1 006", "x"
    taken = list(second)
    taken[0], taken[ndh] = "19850505 201001 1 007", 1  # P1's NDH
    problems = _refusal(
        world, "participants", [head, as_number, bad_value, taken], tmp_path, "xlsx"
    )
    # (the file's problems name the column as written, the database's by its field)
    assert [(row, column.lower()) for row, column, _ in problems] == [
        (2, "nip"),
        (3, "ndh"),
        (4, "ndh"),
    ]
    assert problems[0][2] == t("io.nip_as_number")  # and nothing about the sex digit
    assert "x" in problems[1][2]
    assert "1" in problems[2][2] and "Peserta Satu" in problems[2][2]


def test_assignments_a_value_error_and_a_participant_nobody_enrolled_at_once(
    world: World, tmp_path: Path
) -> None:
    head, first, second = VALID["assignments"]
    bad_value = list(first)
    bad_value[1] = "x"
    nobody = list(second)
    nobody[0], nobody[1] = "", 999
    problems = _refusal(world, "assignments", [head, bad_value, nobody], tmp_path)
    assert [(row, column.lower()) for row, column, _ in problems] == [(2, "ndh"), (3, "ndh")]
    assert "999" in problems[1][2]


def test_attendance_a_value_error_and_a_participant_nobody_enrolled_at_once(
    world: World, tmp_path: Path
) -> None:
    head, first, second = VALID["attendance"]
    bad_value = list(first)
    bad_value[4] = 11  # more than the 10 sessions
    nobody = list(second)
    nobody[0], nobody[1] = "", 999
    problems = _refusal(world, "attendance", [head, bad_value, nobody], tmp_path)
    assert [row for row, _, _ in problems] == [2, 3]
    assert "999" in problems[1][2]


def test_a_duplicated_worksheet_line_hides_no_other_problem(world: World, tmp_path: Path) -> None:
    head, first, second = VALID["marks"][:3]
    out_of_range = list(second)
    out_of_range[head.index("nilai")] = "150"
    bad_value = list(second)
    bad_value[head.index("ndh")], bad_value[head.index("nip")] = "x", nip("P3")
    rows = [head, first, list(first), out_of_range, bad_value]
    problems = _refusal(world, "marks", rows, tmp_path)
    rows_named = [row for row, _, _ in problems]
    assert rows_named == [3, 4, 5], problems  # the duplicate, the mark, the value
    assert "150" in problems[1][2]


@pytest.mark.sqlite_only  # the command line is given the database file
def test_the_command_line_says_every_problem_in_one_pass(world: World, tmp_path: Path) -> None:
    from cli_runner import run_cli

    head, first, second = VALID["assignments"]
    bad_value = list(first)
    bad_value[1] = "x"
    nobody = list(second)
    nobody[0], nobody[1] = "", 999
    path = tmp_path / "tugas.csv"
    path.write_bytes(to_csv([head, bad_value, nobody], ",", False))
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "DIKLAT_DB": str(world.path)}
    ran = run_cli("import", "assignments", str(path), "--cohort", world.cohort_codes["A"], env=env)
    assert ran.code != 0
    assert "'x'" in ran.both and "999" in ran.both, ran.both


def test_staff_a_value_error_and_a_participant_account_at_once(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "staf.csv"
    path.write_text(
        "NIP,Nama,Peran,Jabatan,login\n"
        "19750101 200001 1 001,Dr. Widya Iswara,bukan-peran,Widyaiswara,\n"
        "19800101 200501 1 001,Peserta Satu,coach,,\n",  # P1, a participant's account
        encoding="utf-8",
    )
    before = snapshot(world.db)
    with pytest.raises(ImportInvalid) as caught:
        IMPORTERS["staff"].read_checked(
            world.db, world.actor("K1"), world.cohort_codes["A"], path, None
        )
    assert snapshot(world.db) == before
    assert [p.row for p in caught.value.problems] == [2, 3]
    assert "Peserta" in caught.value.problems[1].reason


async def test_the_import_tab_lists_every_problem_at_once(world: World, tmp_path: Path) -> None:
    """The coordinator's Import tab checks a file through the same path: a value error
    and a taken NDH listed together."""
    from textual.widgets import Input

    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.coordinator.cohort import CohortScreen
    from diklat.tui.screens.coordinator.import_tab import ImportTab

    head, _, second = VALID["participants"][:3]
    ndh = head.index("NDH")
    bad_value = list(second)
    bad_value[0], bad_value[ndh] = "19850505 201001 1 006", "x"
    taken = list(second)
    taken[0], taken[ndh] = "19850505 201001 1 007", 1  # P1's NDH
    path = tmp_path / "peserta.csv"
    path.write_bytes(to_csv([head, bad_value, taken], ",", False))

    async def settle() -> None:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("K1"))
        await settle()
        app.push_screen(CohortScreen(world.cohort_codes["A"]))
        await settle()
        app.screen.action_tab("import")
        await settle()
        app.screen.query_one("#imp-path", Input).value = str(path)
        app.screen.query_one(ImportTab).check()
        await settle()
        strips = app.screen._compositor.render_strips()
        shown = "\n".join("".join(seg.text for seg in strip) for strip in strips)
        assert "'x'" in shown and "Peserta Satu" in shown, shown
