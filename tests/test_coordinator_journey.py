"""The coordinator runs a cohort from the app, from nothing to the graduation list, with
no command-line call (issue 14, "Done when"): a new institution and cohort, participants
and staff enrolled by pasting from a spreadsheet, assignments, deadlines and a rule
changed in Pengaturan, stages done on paper approved, progress and missing marks
followed, reminders previewed, a difference moderated, results released and the
graduation list exported. The markers' marks are what the markers enter in their own
sessions (services, as their screens call them); everything else is keys and fields."""

from __future__ import annotations

from pathlib import Path

from factories import World
from openpyxl import load_workbook
from sqlalchemy import select
from textual.widgets import Button, DataTable, Input, Select, TextArea

from diklat.db.models import Account, Cohort, Deadline, Enrolment, Institution, Person
from diklat.domain.roles import Role
from diklat.domain.workflow import STAGES
from diklat.services import marking
from diklat.services.actor import Actor
from diklat.services.graduation import cohort_results

CODE = "JRN-2026"
SIZE = (80, 24)  # the smallest terminal: what fits there fits everywhere
PARTICIPANTS = {  # NIP: name
    "19860303 201101 1 003": "Budi Santoso",
    "198704042012022004": "Sri Wahyuni",
    "19880505 201203 1 005": "Andi Pratama",
}
COACH, MENTOR, EXAMINER = (
    "19710202 199603 1 002",
    "19690303 199403 1 003",
    "19650404 199003 2 004",
)


async def settle(app, pilot) -> None:
    for _ in range(5):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def fill(app, values: dict[str, str]) -> None:
    for selector, value in values.items():
        app.screen.query_one(selector, Input).value = value


async def paste_import(app, pilot, kind: str, text: str, rows: int) -> None:
    """The import tab: kind, cells pasted, Ctrl+S checks, Ctrl+S and Y import."""
    app.screen.query_one("#imp-kind", Select).value = kind
    await settle(app, pilot)
    paste = app.screen.query_one("#imp-paste", TextArea)
    paste.focus()
    paste.text = text
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    report = shown(app, "#imp-report")
    assert f"{rows} baris sah" in report, report
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    await pilot.press("y")
    await settle(app, pilot)
    assert f"{rows} baris diimpor" in shown(app, "#imp-report")


def actor_of(world: World, nip: str, role: Role) -> Actor:
    login = nip.replace(" ", "")
    with world.db.read() as s:
        pid = s.scalar(select(Account.person_id).where(Account.login == login))
    return Actor(person_id=pid, login=login, name=login, role=role)


def enrolment_ids(world: World) -> dict[str, int]:
    with world.db.read() as s:
        return dict(
            s.execute(
                select(Person.nip, Enrolment.id)
                .join(Enrolment, Enrolment.person_id == Person.id)
                .join(Cohort, Cohort.id == Enrolment.cohort_id)
                .where(Cohort.code == CODE)
            ).all()
        )


async def test_a_coordinator_runs_a_new_cohort_from_the_app(world: World, tmp_path: Path) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.logged_in(world.actor("K1"))
        await settle(app, pilot)

        # An institution (home → I).
        await pilot.press("i")
        await settle(app, pilot)
        fill(
            app,
            {
                "#inst-code": "BPSDM-JRN",
                "#inst-name": "BPSDM Provinsi Contoh",
                "#inst-place": "Padang",
                "#inst-signatory_name": "Dr. Kepala Badan, M.Si.",
                "#inst-signatory_nip": "19680101 199003 1 001",
                "#inst-signatory_title": "Kepala Badan",
            },
        )
        app.screen.query_one("#inst-save", Button).press()
        await settle(app, pilot)
        with world.db.read() as s:
            assert s.scalar(select(Institution.name).where(Institution.code == "BPSDM-JRN"))
        await pilot.press("escape")
        await settle(app, pilot)

        # A cohort (home → C), on that institution: its screen opens.
        await pilot.press("c")
        await settle(app, pilot)
        fill(
            app,
            {
                "#nc-code": CODE,
                "#nc-name": "PKP Angkatan Uji 2026",
                "#nc-start": "02-03-2026",
                "#nc-end": "31-07-2026",
            },
        )
        app.screen.query_one("#nc-institution", Select).value = "BPSDM-JRN"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CohortScreen" and app.screen.code == CODE

        # Participants, staff and assignments, pasted from a spreadsheet (tab 3).
        await pilot.press("3")
        await settle(app, pilot)
        head = "NIP\tNama\tPangkat/Gol.\tJabatan\tInstansi\n"
        lines = "".join(
            f"{nip}\t{name}\tPenata (III/c)\tKepala Seksi\tDinas Contoh\n"
            for nip, name in PARTICIPANTS.items()
        )
        await paste_import(app, pilot, "participants", head + lines, 3)
        staff = (
            "NIP\tNama\tPeran\n"
            f"{COACH}\tDr. Coach Jurnal\tcoach\n"
            f"{MENTOR}\tIr. Mentor Jurnal\tmentor\n"
            f"{EXAMINER}\tDr. Penguji Jurnal\tpenguji\n"
        )
        await paste_import(app, pilot, "staff", staff, 3)
        assigned = "NIP\tcoach\tmentor\tpenguji\n" + "".join(
            f"{nip}\t{COACH}\t{MENTOR}\t{EXAMINER}\n" for nip in PARTICIPANTS
        )
        await paste_import(app, pilot, "assignments", assigned, 3)

        # Deadlines and a rule in Pengaturan (tab 9).
        await pilot.press("9")
        await settle(app, pilot)
        app.screen.query_one("#set-sections").active = "deadlines"
        await settle(app, pilot)
        for month, stage in enumerate(STAGES, 3):
            fill(app, {f"#dl-{stage.value}": f"{10 + month:02d}-{min(month, 7):02d}-2026"})
        app.screen.query_one("#dl-save", Button).press()
        await settle(app, pilot)
        assert "7" in shown(app, "#coord-status")
        app.screen.query_one("#set-sections").active = "rules"
        await settle(app, pilot)
        fill(app, {"#rule-tolerance": "12,5"})
        app.screen.query_one("#rule-save", Button).press()
        await settle(app, pilot)
        with world.db.read() as s:
            cohort = s.scalar(select(Cohort).where(Cohort.code == CODE))
            assert str(cohort.rules["double_marking_tolerance"]) in ("12.5", "12.50")
            dues = s.scalars(select(Deadline.due).where(Deadline.cohort_id == cohort.id)).all()
            assert len(dues) == len(STAGES)

        # Progress (tab 1): the stages were done on paper, approved all at once.
        await pilot.press("1")
        await settle(app, pilot)
        app.screen.query_one("#prog-matrix").focus()
        await pilot.press("p")
        await settle(app, pilot)
        for _ in STAGES:
            await pilot.press("space", "down")
        await pilot.press("ctrl+a", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert "21 tahapan disetujui" in shown(app, "#coord-status")
        assert "3/3" in shown(app, "#prog-summary") or "100" in shown(app, "#prog-summary")

        # Missing marks (tab 7) and who would be reminded of them (tab 8).
        await pilot.press("7")
        await settle(app, pilot)
        assert "belum masuk" in shown(app, "#mk-summary")
        await pilot.press("8")
        await settle(app, pilot)
        reminded = app.screen.query_one("#rem-table", DataTable)
        names = {str(reminded.get_row_at(n)[1]) for n in range(reminded.row_count)}
        assert "Dr. Penguji Jurnal" in names, names
        assert "Yth." in shown(app, "#rem-preview")

        # The markers mark in their own sessions; one report differs beyond the tolerance.
        ids = enrolment_ids(world)
        coach = actor_of(world, COACH, Role.COACH)
        examiner = actor_of(world, EXAMINER, Role.EXAMINER)
        mentor = actor_of(world, MENTOR, Role.MENTOR)
        for n, nip in enumerate(PARTICIPANTS):
            eid = ids[nip.replace(" ", "")]
            for who, component, score in (
                (coach, "sikap", "82"),
                (examiner, "rancangan", "84"),
                (examiner, "laporan", "60" if n == 0 else "85"),
                (mentor, "laporan", "90" if n == 0 else "86"),
            ):
                marking.save_mark(world.db, who, eid, component, score=score, expected_version=None)

        # Moderation from tab 7 (O): settle the difference, then release.
        await pilot.press("7")
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        app.screen.query_one("#mk-markers", DataTable).focus()
        await pilot.press("o")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ModerationScreen"
        app.screen.query_one("#mod-table", DataTable).focus()
        await pilot.pause()
        score = app.screen.query_one("#mod-score", Input)
        score.focus()
        await pilot.press(*"78")
        reason = app.screen.query_one("#mod-reason", TextArea)
        reason.focus()
        reason.text = "Disepakati penguji dan mentor."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        with world.db.read() as s:
            assert s.scalar(select(Cohort.results_released_at).where(Cohort.code == CODE))
        await pilot.press("escape")
        await settle(app, pilot)

        # The graduation list (tab 6), as the institution signs it.
        assert type(app.screen).__name__ == "CohortScreen"
        await pilot.press("6")
        await settle(app, pilot)
        app.screen.query_one("#exp-kind", Select).value = "graduation-xlsx"
        await settle(app, pilot)
        target = tmp_path / "daftar-kelulusan.xlsx"
        fill(app, {"#exp-path": str(target)})
        app.screen.query_one("#exp-write", Button).press()
        await settle(app, pilot)
    sheet = load_workbook(target, read_only=True).worksheets[0]
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert all(name in text for name in PARTICIPANTS.values()), text[:500]
    assert "DRAF" not in text
    # Every stage approved (on paper), every mark in, the difference settled: all graduate.
    results = cohort_results(world.db, world.actor("K1"), CODE)
    assert [r.passed for r in results.rows] == [True, True, True]
    budi = next(r for r in results.rows if r.name == "Budi Santoso")
    assert budi.moderated == ("laporan",)
