"""Field visits: planned by the coordinator (hosts, date, groups, programme), read by
everyone in the cohort, one report per group written by its members, request letters
on the letterhead read back with pypdf; refusals name what is wrong and change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from factories import World, snapshot

from diklat.services import visits
from diklat.services.errors import Forbidden, Invalid
from diklat.services.visits import HostPlan, VisitPlan

A = "ANGK-A"
PLAN = VisitPlan(
    held_on=date(2026, 4, 15),
    title="Benchmarking Kota Bogor",
    programme="08.00 pemaparan; 10.00 diskusi; 13.00 kunjungan loket",
    hosts=(
        HostPlan(
            key="dpmptsp",
            institution="DPMPTSP Kota Bogor",
            address="Jl. Pemuda No. 1, Bogor",
            contact="Kepala Bidang Pelayanan",
            practice="Perizinan daring satu pintu",
            ndh=(1,),
        ),
        HostPlan(key="bappeda", institution="Bappeda Kota Bogor", ndh=(2,)),
    ),
)


def test_the_coordinator_plans_a_visit_and_the_cohort_reads_it(world: World) -> None:
    saved = visits.save_visit(world.db, world.actor("K1"), A, PLAN)
    assert [h.key for h in saved.hosts] == ["dpmptsp", "bappeda"]
    assert [m.ndh for m in saved.hosts[0].members] == [1] and saved.participants == 2
    for reader in ("P1", "P2", "C1", "M1", "X1", "K1", "ADMIN", "SYSTEM"):
        (seen,) = visits.visits(world.db, world.actor(reader), A)
        assert seen.hosts[0].practice == "Perizinan daring satu pintu"
    for outsider in ("K2", "C2", "P3"):
        with pytest.raises(Forbidden):
            visits.visits(world.db, world.actor(outsider), A)
    # P1's own group comes first among the hosts a benchmarking note may name.
    choices = visits.host_choices(world.db, world.actor("P2"), world.enrolments["P2"])
    assert [key for key, _, _ in choices] == ["bappeda", "dpmptsp"]


@pytest.mark.parametrize(
    "plan, key",
    [
        (VisitPlan(held_on=date(2027, 1, 1), hosts=PLAN.hosts), "visit.date_outside"),
        (VisitPlan(held_on=PLAN.held_on), "visit.no_hosts"),
        (
            VisitPlan(
                held_on=PLAN.held_on,
                hosts=(HostPlan("a", "X", ndh=(1,)), HostPlan("b", "Y", ndh=(1,))),
            ),
            "visit.two_groups",
        ),
        (
            VisitPlan(held_on=PLAN.held_on, hosts=(HostPlan("a", "X", ndh=(9,)),)),
            "visit.unknown_ndh",
        ),
        (VisitPlan(held_on=PLAN.held_on, hosts=(HostPlan("A B", "X"),)), "visit.bad_key"),
        (
            VisitPlan(held_on=PLAN.held_on, hosts=(HostPlan("a", "X"), HostPlan("a", "Y"))),
            "visit.key_taken",
        ),
        (VisitPlan(held_on=PLAN.held_on, hosts=(HostPlan("a", "  "),)), "visit.field_empty"),
    ],
)
def test_a_plan_that_does_not_hold_is_refused_and_nothing_changes(
    world: World, plan: VisitPlan, key: str
) -> None:
    before = snapshot(world.db)
    with pytest.raises(Invalid) as info:
        visits.save_visit(world.db, world.actor("K1"), A, plan)
    assert info.value.key == key
    assert snapshot(world.db) == before


def test_only_the_cohorts_coordinator_plans(world: World) -> None:
    for actor in ("K2", "C1", "P1", "M1", "X1", "P2", "C3", "C2", "P3"):
        with pytest.raises(Forbidden):
            visits.save_visit(world.db, world.actor(actor), A, PLAN)


def test_one_report_per_group_written_by_its_members(world: World) -> None:
    saved = visits.save_visit(world.db, world.actor("K1"), A, PLAN)
    dpmptsp, bappeda = saved.hosts
    host = visits.save_report(world.db, world.actor("P1"), dpmptsp.id, "Izin selesai satu hari.")
    assert host.report == "Izin selesai satu hari." and host.report_by
    with pytest.raises(Forbidden):
        visits.save_report(world.db, world.actor("P1"), bappeda.id, "bukan kelompok saya")
    with pytest.raises(Forbidden):
        visits.save_report(world.db, world.actor("C1"), dpmptsp.id, "coach")
    visits.save_report(world.db, world.actor("K1"), bappeda.id, "Dicatat penyelenggara.")
    # Replanning keeps the report of a host that stays (by its key).
    again = visits.save_visit(world.db, world.actor("K1"), A, PLAN, visit_id=saved.id)
    assert again.hosts[0].report == "Izin selesai satu hari."


def test_request_letters_one_per_host_on_the_letterhead(world: World, tmp_path) -> None:
    from pypdf import PdfReader

    from diklat.io.visit_letters import write_letters

    visits.save_visit(world.db, world.actor("K1"), A, PLAN)
    data = visits.letters(world.db, world.actor("K1"), A)
    path = tmp_path / "surat.pdf"
    write_letters(data, path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    flat = " ".join(text.split())
    assert "Permohonan Kunjungan Lapangan" in flat
    assert "Pimpinan DPMPTSP Kota Bogor" in flat and "Pimpinan Bappeda Kota Bogor" in flat
    assert "15 April 2026" in flat and "Perizinan daring satu pintu" in flat
    assert "01/SP/ANGK-A/2026" in flat and "02/SP/ANGK-A/2026" in flat
    with pytest.raises(Forbidden):
        visits.letters(world.db, world.actor("P1"), A)


def test_the_2018_sample_cohort_carries_its_visit_to_kota_bogor(demo_db, tmp_path) -> None:
    from cli_runner import run_cli
    from pypdf import PdfReader

    from diklat.db.engine import Database
    from diklat.domain.workflow import Stage
    from diklat.services.actor import Actor
    from diklat.services.participant import stage_contents

    path = demo_db
    db = Database.open(path)
    try:
        system = Actor.system()
        (visit,) = visits.visits(db, system, "DIKLATPIM-IV-III-2018")
        assert visit.held_on == date(2018, 9, 25)
        assert [h.key for h in visit.hosts] == ["dpmptsp", "bappeda", "bkpsda"]
        assert all("Kota Bogor" in h.institution and h.report for h in visit.hosts)
        assert [len(h.members) for h in visit.hosts] == [13, 13, 12]
        assert visit.participants == 38
        # Each participant's benchmarking notes name the visit's hosts, their own group's first.
        first = visit.hosts[0].members[0]
        notes = stage_contents(db, system, first.enrolment_id, (Stage.INNOVATION,))
        linked = [n["visit_host"] for n in notes[Stage.INNOVATION]["benchmarks"]]
        assert linked[0] == "dpmptsp" and set(linked) <= {"dpmptsp", "bappeda", "bkpsda"}
    finally:
        db.dispose()
    ran = run_cli("--db", path, "visit", "list", "--cohort", "DIKLATPIM-IV-III-2018")
    assert ran.code == 0, ran.both
    assert "25 September 2018" in ran.out and "(3 instansi, 38 peserta)" in ran.out
    assert "Peserta (NDH): 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36" in ran.out
    letters = tmp_path / "surat.pdf"
    ran = run_cli(
        "--db",
        path,
        "visit",
        "letters",
        "--cohort",
        "DIKLATPIM-IV-III-2018",
        "-o",
        letters,
        "--date",
        "2018-09-10",
    )
    assert ran.code == 0 and "3 surat" in ran.out, ran.both
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(letters).pages).split())
    assert "Banda Aceh, 10 September 2018" in text and "Kepala Pusat" in text
    assert "NIP. 19680512 199403 1 002" in text
    assert text.count("Permohonan Kunjungan Lapangan") == 3
    ran = run_cli("--db", path, "visit", "list", "--cohort", "PKP-II-2026")
    assert ran.code == 0 and "belum memiliki kunjungan" in ran.out


async def test_a_benchmarking_note_names_the_visit_host_picked_from_the_cohorts_visits(
    world: World,
) -> None:
    from factories import approve_before
    from textual.widgets import Select

    from diklat.domain.workflow import Stage
    from diklat.services import stages
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.participant import open_stage

    approve_before(world, "P1", Stage.INNOVATION)
    visits.save_visit(world.db, world.actor("K1"), A, PLAN)
    p1 = world.actor("P1")
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(p1)
        await pilot.pause()
        await app.workers.wait_for_complete()
        open_stage(app, p1, world.enrolments["P1"], Stage.INNOVATION)
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        screen = app.screen
        # P1's own group's host first, then the other; each with the visit's date.
        assert [key for _, key in screen.visit_hosts] == ["dpmptsp", "bappeda"]
        assert "15-04-2026" in screen.visit_hosts[0][0]
        screen.query_one("#list-benchmarks-table").focus()
        await pilot.press("a")
        await pilot.pause()
        picker = screen.query_one("#list-benchmarks Select", Select)
        assert [v for _, v in picker._options if isinstance(v, str)] == ["dpmptsp", "bappeda"]
        picker.value = "dpmptsp"
        await pilot.pause()
        # The group's report: its own section, saved on request, apart from the stage.
        assert screen.query_one("#sec-visit_report").display
        assert "DPMPTSP Kota Bogor" in str(screen.query_one("#visit-group").render())
        screen.query_one("#visit-report").load_text("Izin terbit di hari yang sama.")
        screen.query_one("#visit-report-save").press()
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("ctrl+s")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
    view = stages.get_stage(world.db, p1, world.enrolments["P1"], Stage.INNOVATION)
    assert view.draft["benchmarks"][0]["visit_host"] == "dpmptsp"
    (visit,) = visits.visits(world.db, p1, A)
    assert visit.hosts[0].report == "Izin terbit di hari yang sama."
