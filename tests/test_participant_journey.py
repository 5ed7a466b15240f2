"""A participant's whole journey in the app (Pilot, 120x40, a real SQLite file):
log in, fill every stage from the keyboard, submit; a coach (and the mentor for the
agreement) decides in between through the services; one revision round shows the
coach's comment next to its section, the resubmission is a new version, the earlier
version stays readable and a submitted version cannot be edited."""

from __future__ import annotations

import pytest
from factories import PEOPLE, World, password_for
from textual.widgets import Checkbox, DataTable, Input, Select, SelectionList, Static, TextArea

from diklat.domain.errors import DomainError
from diklat.domain.workflow import Stage, State
from diklat.services import stages

SIZE = (120, 40)


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def text_of(widget) -> str:
    return str(widget.render())


async def write(app, pilot, selector: str, text: str, *, keys: bool = False) -> None:
    """Focus the field and put ``text`` in place of what it holds: key by key with
    ``keys``, otherwise as one insertion (a paste: the same Changed path, much faster)."""
    w = app.screen.query_one(selector)
    w.focus()
    await pilot.pause()
    if isinstance(w, Input) and w.value:
        w.clear()
    elif isinstance(w, TextArea) and w.text:
        await pilot.press("f7", "backspace")
    if keys or len(text) == 1:
        await pilot.press(*text)
    elif isinstance(w, TextArea):
        w.insert(text)
    else:
        w.insert_text_at_cursor(text)
    await pilot.pause()


async def tick(app, pilot, selector: str) -> None:
    w = app.screen.query_one(selector, Checkbox)
    w.focus()
    await pilot.press("space")


async def choose(app, pilot, selector: str, value: str) -> None:
    """Pick a value in a Select (as the overlay's Enter would)."""
    w = app.screen.query_one(selector, Select)
    w.focus()
    w.value = value
    await pilot.pause()


async def add_item(app, pilot, list_name: str) -> None:
    app.screen.query_one(f"#list-{list_name}-table").focus()
    await pilot.press("a")
    await pilot.pause()


async def submit(app, pilot) -> None:
    await pilot.press("ctrl+g")
    await pilot.pause()
    from diklat.tui.widgets.confirm import ConfirmScreen, MessageScreen

    if isinstance(
        app.screen, MessageScreen
    ):  # pragma: no cover - shows what is missing when a test goes wrong
        raise AssertionError(text_of(app.screen.query(".dialog-text").first()))
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("y")
    await settle(app, pilot)


async def open_stage_from_home(app, pilot, row: int) -> None:
    from diklat.tui.screens.home import HomeScreen

    assert isinstance(app.screen, HomeScreen)
    table = app.screen.query_one(".stages", DataTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.press("enter")
    await settle(app, pilot)


async def back_home(app, pilot) -> None:
    await pilot.press("escape")
    await settle(app, pilot)


def state_of(world: World, stage: Stage) -> State:
    return stages.get_stage(world.db, world.actor("P1"), world.enrolments["P1"], stage).state


def approve(world: World, stage: Stage, who: str = "C1") -> None:
    stages.decide(world.db, world.actor(who), world.enrolments["P1"], stage, approve=True)


async def test_participant_walks_every_stage_to_a_submitted_report(world: World, tmp_path) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.home import HomeScreen
    from diklat.tui.screens.participant.base import StageScreen
    from diklat.tui.screens.participant.history import HistoryScreen

    eid = world.enrolments["P1"]
    app = DiklatApp(world.db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.click("#login-user")
        await pilot.press(*PEOPLE["P1"][0].replace(" ", ""), "enter", *password_for("P1"), "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)

        # --- 1. self-assessment: 21 answers from the keyboard, reflections, result chart
        await open_stage_from_home(app, pilot, 0)
        screen = app.screen
        assert isinstance(screen, StageScreen) and screen.STAGE is Stage.SELF_ASSESSMENT
        assert app.focused is screen.query_one("#sa-items")
        await pilot.press(*"545443332545443332521")
        assert len(screen.doc["answers"]) == 21
        chart = text_of(screen.query_one("#sa-chart"))
        assert "21" in chart and "Kekuatan" in chart and "Perlu dikembangkan" in chart
        await write(app, pilot, "#f-strengths", "Teliti dan tekun", keys=True)
        await write(app, pilot, "#f-development_areas", "Delegasi tugas")
        await write(app, pilot, "#f-development_plan", "Ikut pelatihan coaching tim")
        await submit(app, pilot)
        assert state_of(world, Stage.SELF_ASSESSMENT) is State.SUBMITTED
        assert not screen.editable
        assert screen.query_one("#f-strengths", TextArea).disabled

        # The coach asks for a revision with a comment on one section.
        stages.decide(
            world.db,
            world.actor("C1"),
            eid,
            Stage.SELF_ASSESSMENT,
            approve=False,
            comments=[("strengths", "Beri contoh nyata dari pekerjaan Anda.")],
        )
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        note = screen.query_one("#sec-strengths .review-note", Static)
        assert "Beri contoh nyata" in text_of(note)
        assert "Coach Satu" in text_of(note)
        assert screen.editable
        await write(app, pilot, "#f-strengths", "Teliti: laporan bulanan selalu tepat waktu")
        await submit(app, pilot)
        view = stages.get_stage(world.db, world.actor("P1"), eid, Stage.SELF_ASSESSMENT)
        assert view.state is State.SUBMITTED and [v.number for v in view.versions] == [1, 2]
        # The earlier version stays readable, unchanged; the new one has the revision.
        assert (
            stages.get_version(world.db, world.actor("P1"), eid, Stage.SELF_ASSESSMENT, 1)[
                "strengths"
            ]
            == "Teliti dan tekun"
        )
        assert (
            "laporan bulanan"
            in stages.get_version(world.db, world.actor("P1"), eid, Stage.SELF_ASSESSMENT, 2)[
                "strengths"
            ]
        )
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one(DataTable).row_count == 2
        await pilot.press("escape")
        await pilot.pause()
        # A submitted version cannot be edited: the screen is read-only and the service refuses.
        assert not screen.editable
        with pytest.raises(DomainError):
            stages.save_draft(
                world.db, world.actor("P1"), eid, Stage.SELF_ASSESSMENT, {"strengths": "diam-diam"}
            )
        approve(world, Stage.SELF_ASSESSMENT)
        await back_home(app, pilot)

        # --- 2. diagnosis: issues, APKL, USG ranking, core issue with a reason, fishbone
        await open_stage_from_home(app, pilot, 1)
        screen = app.screen
        assert screen.STAGE is Stage.DIAGNOSIS
        for title, usg in (("Antrean izin panjang", "544"), ("Arsip tidak tertata", "333")):
            await add_item(app, pilot, "issues")
            await write(app, pilot, "#list-issues-title", title, keys=title.startswith("Antrean"))
            for c in ("aktual", "problematik", "kekhalayakan", "layak"):
                await tick(app, pilot, f"#list-issues-apkl-{c}")
            for c, v in zip(("urgency", "seriousness", "growth"), usg):
                await write(app, pilot, f"#list-issues-usg-{c}", v)
        await add_item(app, pilot, "issues")
        await write(app, pilot, "#list-issues-title", "Parkir sempit")
        ranking = text_of(screen.query_one("#diag-ranking"))
        assert ranking.index("Antrean izin panjang") < ranking.index("Arsip tidak tertata")
        assert "Parkir sempit" not in ranking  # it does not pass APKL
        assert "Antrean izin panjang" in text_of(screen.query_one("#diag-proposal"))
        # Choosing another issue than proposed asks for a reason.
        assert not screen.query_one("#sec-core_issue_reason").display
        await choose(app, pilot, "#f-core_issue", "i2")
        assert screen.query_one("#sec-core_issue_reason").display
        await write(app, pilot, "#f-core_issue_reason", "Arsip menghambat semua layanan")
        await add_item(app, pilot, "causes")
        await write(app, pilot, "#list-causes-text", "Tidak ada SOP arsip")
        await tick(app, pilot, "#list-causes-is_main")
        await add_item(app, pilot, "causes")
        await choose(app, pilot, "#list-causes-category", "mesin")
        await write(app, pilot, "#list-causes-text", "Lemari arsip penuh")
        assert "Tidak ada SOP arsip" in text_of(screen.query_one("#diag-fishbone"))
        await write(app, pilot, "#f-problem_statement", "Arsip sulit ditemukan")
        await write(app, pilot, "#f-ideal_condition", "Arsip ditemukan dalam 5 menit")
        await submit(app, pilot)
        assert state_of(world, Stage.DIAGNOSIS) is State.SUBMITTED
        approve(world, Stage.DIAGNOSIS)
        await back_home(app, pilot)

        # --- 3. innovation: benchmarking note, idea linked to causes, scores, chosen idea
        await open_stage_from_home(app, pilot, 2)
        screen = app.screen
        assert screen.STAGE is Stage.INNOVATION
        assert "Arsip tidak tertata" in text_of(screen.query_one("#sec-context .live-view"))
        await add_item(app, pilot, "benchmarks")
        await write(app, pilot, "#list-benchmarks-host", "DPMPTSP Kota Bogor", keys=True)
        await write(app, pilot, "#list-benchmarks-visit_date", "2026-09-20")
        await write(app, pilot, "#list-benchmarks-adopt", "Arsip digital terpadu")
        await add_item(app, pilot, "ideas")
        await write(app, pilot, "#list-ideas-title", "Arsip digital")
        await choose(app, pilot, "#list-ideas-source", "benchmark")
        await choose(app, pilot, "#list-ideas-benchmark", "b1")
        causes = screen.query_one("#list-ideas-causes", SelectionList)
        causes.focus()
        await pilot.press("space")
        for c, v in zip(("impact", "feasibility", "cost", "speed", "support"), "54344"):
            await write(app, pilot, f"#list-ideas-scores-{c}", v)
        assert "20" in text_of(screen.query_one("#inno-ranking"))
        await choose(app, pilot, "#f-chosen_idea", "g1")
        await submit(app, pilot)
        assert state_of(world, Stage.INNOVATION) is State.SUBMITTED
        approve(world, Stage.INNOVATION)
        await back_home(app, pilot)

        # --- 4. design: carried-over parts, the rest typed, milestones in three horizons
        await open_stage_from_home(app, pilot, 3)
        screen = app.screen
        assert screen.STAGE is Stage.DESIGN
        assert screen.query_one("#f-title", Input).value == "Arsip digital"
        assert (
            screen.query_one("#f-development_plan", TextArea).text == "Ikut pelatihan coaching tim"
        )
        for name in (
            "description",
            "background",
            "goals",
            "outputs",
            "outcomes",
            "benefits_org",
            "benefits_public",
            "scope",
            "key_success_factors",
        ):
            await write(app, pilot, f"#f-{name}", f"Isi {name}")
        for horizon, title in (
            ("short", "Digitalisasi arsip 2025"),
            ("medium", "Integrasi layanan"),
            ("long", "Arsip tanpa kertas"),
        ):
            await add_item(app, pilot, "milestones")
            await choose(app, pilot, "#list-milestones-horizon", horizon)
            await write(app, pilot, "#list-milestones-title", title)
            await write(app, pilot, "#list-milestones-deliverable", "Laporan")
            await write(app, pilot, "#list-milestones-due", "2026-11-30", keys=horizon == "short")
        await add_item(app, pilot, "stakeholders")
        await write(app, pilot, "#list-stakeholders-name", "Kepala Dinas")
        await choose(app, pilot, "#list-stakeholders-influence", "high")
        await choose(app, pilot, "#list-stakeholders-interest", "high")
        await write(app, pilot, "#list-stakeholders-strategy", "Rapat mingguan")
        assert "Kepala Dinas" in text_of(screen.query_one("#design-quadrants"))
        await add_item(app, pilot, "team")
        await write(app, pilot, "#list-team-name", "Budi")
        await write(app, pilot, "#list-team-role", "Operator")
        await add_item(app, pilot, "risks")
        await write(app, pilot, "#list-risks-description", "Server lambat")
        await write(app, pilot, "#list-risks-mitigation", "Pusat data daerah")
        await submit(app, pilot)
        assert state_of(world, Stage.DESIGN) is State.SUBMITTED
        # F4 exports the design.
        target = tmp_path / "rancangan.pdf"
        await pilot.press("f4")
        await pilot.pause()
        await write(app, pilot, "#export-path", str(target))
        await pilot.press("enter")
        await settle(app, pilot)
        assert target.exists() and target.read_bytes().startswith(b"%PDF")
        await pilot.press("escape")
        await pilot.pause()
        approve(world, Stage.DESIGN)
        await back_home(app, pilot)

        # --- 5. mentor agreement: filled from the design; the mentor decides
        await open_stage_from_home(app, pilot, 4)
        screen = app.screen
        assert screen.STAGE is Stage.MENTOR_AGREEMENT
        assert "Arsip digital" in screen.query_one("#f-area", TextArea).text
        await submit(app, pilot)
        approve(world, Stage.MENTOR_AGREEMENT, who="M1")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "Mentor Satu" in text_of(screen.query_one("#sec-agreement .live-view"))
        await back_home(app, pilot)

        # --- 6. implementation: one row per short-term milestone
        await open_stage_from_home(app, pilot, 5)
        screen = app.screen
        assert screen.STAGE is Stage.IMPLEMENTATION
        table = screen.query_one("#list-progress-table", DataTable)
        assert table.row_count == 1
        table.focus()
        await pilot.press("enter")
        await choose(app, pilot, "#list-progress-status", "done")
        await write(app, pilot, "#list-progress-on", "2026-11-20")
        await write(app, pilot, "#list-progress-evidence", "Berita acara uji coba", keys=True)
        await submit(app, pilot)
        approve(world, Stage.IMPLEMENTATION)
        await back_home(app, pilot)

        # --- 7. report, submitted
        await open_stage_from_home(app, pilot, 6)
        screen = app.screen
        assert screen.STAGE is Stage.REPORT
        screen.query_one("#list-achievements-table").focus()
        await pilot.press("enter")
        await write(
            app, pilot, "#list-achievements-achieved", "Seribu berkas terdigitalisasi", keys=True
        )
        for name in ("outcomes", "obstacles", "lessons", "sustainability"):
            await write(app, pilot, f"#f-{name}", f"Isi {name}")
        await submit(app, pilot)
        assert state_of(world, Stage.REPORT) is State.SUBMITTED
        await back_home(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(".stages", DataTable)
        assert "Diajukan" in str(table.get_cell(Stage.REPORT.value, "state"))
    report = stages.get_version(world.db, world.actor("P1"), eid, Stage.REPORT, 1)
    assert report["achievements"][0]["achieved"] == "Seribu berkas terdigitalisasi"
