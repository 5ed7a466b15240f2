"""Evidence attachments in the app (issue 16 part 9), driven with Pilot: the participant
attaches a real file by its path in a terminal, a photo called a PDF is refused in
words and stores nothing, Del and Ctrl+Z take a file off and bring it back, a submitted
stage offers no such keys; when served no path is ever read: the dialog opens an
upload ticket in a new browser tab and waits for the file the upload page stores; the
reviewer sees the files the version was sent with and saves one, byte for byte."""

from __future__ import annotations

import attachment_files as files
import pytest
from factories import World, complete, count, snapshot, submitted
from textual.widgets import Input, Select

from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.services import attachments, stages
from diklat.tui.app import DiklatApp

IMPL = Stage.IMPLEMENTATION


async def _settle(app, pilot, turns: int = 2) -> None:
    for _ in range(turns):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()


def _design(world: World) -> None:
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, Stage.DESIGN, complete(Stage.DESIGN))


async def _open(app, pilot, world: World, stage: Stage = IMPL, who: str = "P1", **kw) -> None:
    from diklat.tui.screens.participant import open_stage

    app.logged_in(world.actor(who))
    await _settle(app, pilot)
    open_stage(app, world.actor(who), world.enrolments["P1"], stage, **kw)
    await _settle(app, pilot)


def _rows(app) -> list[list[str]]:
    table = app.screen.query_one("#attachments-table")
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


def _shown_keys(app) -> set[str]:
    return {
        b.description
        for _, b, enabled, _ in app.screen.active_bindings.values()
        if b.show and enabled
    }


def _offered(app) -> set[str]:
    """The keys the footer names, enabled or not."""
    return {b.description for _, b, _, _ in app.screen.active_bindings.values() if b.show}


def _listed(world: World, stage: Stage = IMPL) -> list[str]:
    return [
        a.filename
        for a in attachments.list_attachments(
            world.db, world.actor("P1"), world.enrolments["P1"], stage
        )
    ]


async def _wait_for(app, pilot, check, turns: int = 40) -> None:
    for _ in range(turns):
        if check():
            return
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
    assert check()


async def test_a_participant_attaches_a_pdf_by_its_path_and_sees_it_listed(
    world: World, tmp_path
) -> None:
    _design(world)
    pdf = files.pdf("SK Tim Efektif")
    (tmp_path / "SK tim.pdf").write_bytes(pdf)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world)
        assert app.screen.query_one("#sec-attachments")
        await pilot.press("f3")  # to the list of files
        await _settle(app, pilot)
        assert app.screen.focused.id == "attachments-table"
        assert {t("key.attach_add"), t("key.attach_jump")} <= _shown_keys(app)
        assert t("key.attach_remove") not in _offered(app)  # nothing to remove yet
        await pilot.press("a")
        await _settle(app, pilot)
        assert app.screen.query_one("#attach-slot", Select).value == "M1"
        path = app.screen.query_one("#attach-path", Input)
        assert app.screen.focused is path
        path.value = str(tmp_path / "SK tim.pdf")
        await pilot.press("enter")
        await _settle(app, pilot, 3)
        assert not app.screen.query("#attach-path")  # the dialog closed
        rows = _rows(app)
        assert rows == [["Formulir daring", "SK tim.pdf", "PDF", rows[0][3], rows[0][4]]]
        assert rows[0][3].endswith("kB") and len(rows[0][4]) == 10  # DD-MM-YYYY
        assert _listed(world) == ["SK tim.pdf"]
        got = attachments.fetch(world.db, world.actor("C1"), _ids(world)[0])
        assert got.data == pdf
        assert t("key.attach_remove") in _shown_keys(app)


def _ids(world: World, stage: Stage = IMPL) -> list[int]:
    return [
        a.id
        for a in attachments.list_attachments(
            world.db, world.actor("P1"), world.enrolments["P1"], stage
        )
    ]


async def test_a_photo_called_a_pdf_is_refused_in_words_and_nothing_is_stored(
    world: World, tmp_path
) -> None:
    _design(world)
    (tmp_path / "sk.pdf").write_bytes(files.image("PNG"))
    before = snapshot(world.db)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world)
        await pilot.press("f3", "a")
        await _settle(app, pilot)
        app.screen.query_one("#attach-path", Input).value = str(tmp_path / "sk.pdf")
        await pilot.press("enter")
        await _settle(app, pilot, 3)
        said = str(app.screen.query_one("#attach-status").render())
        assert "sk.pdf: isinya gambar PNG, tidak sesuai dengan akhiran namanya" in said
        assert app.screen.query("#attach-path")  # still open, to choose another file
        app.screen.query_one("#attach-path", Input).value = str(tmp_path / "tidak-ada.pdf")
        await pilot.press("enter")
        await _settle(app, pilot, 3)
        assert "bukan berkas" in str(app.screen.query_one("#attach-status").render())
        await pilot.press("escape")
        await _settle(app, pilot)
        assert _rows(app) == []
    assert count(world.db, "attachments") == 0
    after = snapshot(world.db)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }


async def test_del_removes_a_file_and_ctrl_z_brings_it_back(world: World) -> None:
    _design(world)
    photo = files.image("JPEG")
    attachments.add(world.db, world.actor("P1"), world.enrolments["P1"], IMPL, "M1",
                    "foto kegiatan.jpg", photo)  # fmt: skip
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world)
        assert [r[1] for r in _rows(app)] == ["foto kegiatan.jpg"]
        await pilot.press("f3", "delete")
        await _settle(app, pilot)
        assert "foto kegiatan.jpg" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("y")
        await _settle(app, pilot, 3)
        assert _rows(app) == [] and _listed(world) == []
        assert t("key.attach_undo") in _shown_keys(app)
        await pilot.press("ctrl+z")
        await _settle(app, pilot, 3)
        assert [r[1] for r in _rows(app)] == ["foto kegiatan.jpg"]
        assert t("key.attach_undo") not in _shown_keys(app)
    (back,) = attachments.list_attachments(
        world.db, world.actor("C1"), world.enrolments["P1"], IMPL
    )
    assert back.slot == "M1" and attachments.fetch(world.db, world.actor("C1"), back.id).data == (
        photo
    )


async def test_a_submitted_stage_lists_its_files_without_add_or_remove(
    world: World, tmp_path
) -> None:
    _design(world)
    pdf = files.pdf()
    attachments.add(world.db, world.actor("P1"), world.enrolments["P1"], IMPL, "M1", "sk.pdf",
                    pdf)  # fmt: skip
    submitted(world, "P1", IMPL)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world)
        await pilot.press("f3")
        await _settle(app, pilot)
        assert [r[1] for r in _rows(app)] == ["sk.pdf"]
        assert t("key.attach_save") in _shown_keys(app)
        assert not {t("key.attach_add"), t("key.attach_remove"), t("key.attach_undo")} & (
            _offered(app)
        )
        before = snapshot(world.db)
        await pilot.press("a", "delete", "ctrl+z")
        await _settle(app, pilot)
        assert app.screen.query("#attachments-table")  # no dialog opened
        assert snapshot(world.db) == before
        # Enter saves the file where the person says
        await pilot.press("enter")
        await _settle(app, pilot)
        target = tmp_path / "salinan.pdf"
        app.screen.query_one("#attach-save-path", Input).value = str(target)
        await pilot.press("enter")
        await _settle(app, pilot, 3)
        assert target.read_bytes() == pdf
        assert "salinan.pdf" in str(app.screen.query_one("#attach-save-status").render())


@pytest.fixture
def served_app(monkeypatch):
    """The app as `diklat serve` runs it: Textual's web driver would hand open_url and
    deliver_binary to the browser; here they are recorded."""
    monkeypatch.setattr(DiklatApp, "is_web", property(lambda self: True))
    opened: list[str] = []
    delivered: list[tuple[str, bytes]] = []

    def make(world: World) -> DiklatApp:
        app = DiklatApp(world.db)
        app.open_url = lambda url, *, new_tab=True: opened.append((url, new_tab))
        app.deliver_binary = lambda f, *, save_filename=None, **kw: delivered.append(
            (save_filename, f.read())
        )
        return app

    make.opened = opened
    make.delivered = delivered
    return make


async def test_served_the_dialog_opens_an_upload_page_and_waits_for_the_file(
    world: World, served_app, monkeypatch
) -> None:
    _design(world)
    png = files.image("PNG")
    attachments.add(world.db, world.actor("P1"), world.enrolments["P1"], Stage.REPORT, "",
                    "dokumentasi.pdf", files.pdf())  # fmt: skip
    app = served_app(world)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world, Stage.REPORT)
        assert _rows(app)[0][:2] == ["Laporan (keseluruhan)", "dokumentasi.pdf"]
        await pilot.press("f3", "a")
        await _settle(app, pilot)
        dialog = app.screen
        assert not dialog.query("#attach-path")  # no path is ever asked for
        assert dialog.query_one("#attach-slot", Select).value == ""  # the report as a whole
        dialog.query_one("#attach-slot", Select).value = "M1"
        await pilot.pause()
        await pilot.press("enter")  # on "Buka halaman unggah"
        await _settle(app, pilot)
        ((url, new_tab),) = served_app.opened
        token = url.removeprefix("/upload/")
        assert url.startswith("/upload/") and new_tab and len(token) > 30
        assert "Pilih berkas di tab peramban yang terbuka" in str(
            dialog.query_one("#attach-status").render()
        )
        assert attachments.ticket_target(world.db, token)[1:3] == ("report", "M1")
        # the upload page refuses a photo called a PDF: the dialog says so and waits on
        with pytest.raises(Exception):  # noqa: B017 - the page's refusal, recorded on the ticket
            attachments.upload(world.db, token, "foto.pdf", files.image("PNG"))
        await _wait_for(app, pilot, lambda: "isinya gambar PNG" in str(
            dialog.query_one("#attach-status").render()))  # fmt: skip
        assert app.screen is dialog
        attachments.upload(world.db, token, "foto.png", png)
        await _wait_for(app, pilot, lambda: app.screen is not dialog)
        await _settle(app, pilot)
        assert [r[:2] for r in _rows(app)] == [
            ["Laporan (keseluruhan)", "dokumentasi.pdf"],
            ["Formulir daring", "foto.png"],
        ]
        # Enter on a file: a browser download of its bytes
        await pilot.press("enter")
        await _settle(app, pilot)
        await _wait_for(app, pilot, lambda: bool(served_app.delivered))
        assert served_app.delivered == [("foto.png", png)]


async def test_served_an_expired_page_is_said_and_can_be_opened_again(
    world: World, served_app
) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from diklat.db.models import UploadTicket, utcnow

    _design(world)
    app = served_app(world)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world)
        await pilot.press("f3", "a")
        await _settle(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        with world.db.write() as s:
            s.execute(update(UploadTicket).values(expires_at=utcnow() - timedelta(minutes=1)))
        dialog = app.screen
        await _wait_for(app, pilot, lambda: "kedaluwarsa" in str(
            dialog.query_one("#attach-status").render()))  # fmt: skip
        await pilot.press("enter")
        await _settle(app, pilot)
        assert len(served_app.opened) == 2
    assert count(world.db, "attachments") == 0


async def test_the_reviewer_sees_the_versions_files_and_saves_one_byte_for_byte(
    world: World, tmp_path
) -> None:
    _design(world)
    pdf, photo = files.pdf("SK Kepala Dinas"), files.image("JPEG")
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    attachments.add(world.db, p1, eid, IMPL, "M1", "sk.pdf", pdf)
    attachments.add(world.db, p1, eid, IMPL, "M1", "foto.jpg", photo)
    submitted(world, "P1", IMPL)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        from diklat.tui.navigation import open_screen

        app.logged_in(world.actor("C1"))
        await _settle(app, pilot)
        open_screen(app, "review", eid, IMPL)
        await _settle(app, pilot, 3)
        options = app.screen.query_one("#review-sections")
        index = options.get_option_index("#attachments")
        assert "Lampiran (2)" in str(options.get_option_at_index(index).prompt)
        # the milestone's section names its files
        content = str(app.screen.query_one("#review-content").render())
        assert "sk.pdf" in content and "foto.jpg" in content
        options.highlighted = index
        await _settle(app, pilot)
        await pilot.press("enter")  # into the list of files
        await _settle(app, pilot)
        assert app.screen.focused.id == "review-attachments-table"
        # two lines a file in the narrower pane: its name, then milestone, type, size, date
        rows = [r[0].split("\n") for r in _rows_of(app, "#review-attachments-table")]
        assert [r[0] for r in rows] == ["sk.pdf", "foto.jpg"]
        assert rows[1][1].startswith("Formulir daring · gambar JPEG · ")
        assert t("key.attach_save") in _shown_keys(app)
        assert not {t("key.attach_add"), t("key.attach_remove")} & _offered(app)
        await pilot.press("down", "enter")
        await _settle(app, pilot)
        target = tmp_path / "foto-bukti.jpg"
        app.screen.query_one("#attach-save-path", Input).value = str(target)
        await pilot.press("enter")
        await _settle(app, pilot, 3)
        assert target.read_bytes() == photo


def _rows_of(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector)
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def test_a_mentor_reading_the_draft_sees_and_saves_its_files(world: World, tmp_path) -> None:
    _design(world)
    sop = files.docx()
    attachments.add(world.db, world.actor("P1"), world.enrolments["P1"], IMPL, "M1", "sop.docx",
                    sop)  # fmt: skip
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world, who="M1", read_only=True)
        await pilot.press("f3")
        await _settle(app, pilot)
        assert [r[1:3] for r in _rows(app)] == [["sop.docx", "dokumen Word (DOCX)"]]
        assert t("key.attach_save") in _shown_keys(app)
        assert t("key.attach_add") not in _offered(app)
        await pilot.press("enter")
        await _settle(app, pilot)
        target = tmp_path / "sop.docx"
        app.screen.query_one("#attach-save-path", Input).value = str(target)
        await pilot.press("enter")
        await _settle(app, pilot, 3)
        assert target.read_bytes() == sop


async def test_f3_then_a_typed_in_a_burst_opens_the_dialog(world: World) -> None:
    # As a terminal delivers them: both keys queued before the app handles the first
    # (found in tmux, where "a" reached the field F3 left).
    from textual import events

    _design(world)
    app = DiklatApp(world.db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, world)
        app.post_message(events.Key("f3", None))
        app.post_message(events.Key("a", "a"))
        await _settle(app, pilot)
        assert app.screen.query("#attach-path")


async def test_an_examiner_reads_the_reports_files_from_the_marking_sheet(world: World) -> None:
    from diklat.tui.navigation import open_screen

    _design(world)
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    attachments.add(world.db, p1, eid, Stage.REPORT, "", "dokumentasi.pdf", files.pdf())
    submitted(world, "P1", Stage.REPORT)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.logged_in(world.actor("X1"))
        await _settle(app, pilot)
        open_screen(app, "marking", eid)
        await _settle(app, pilot, 3)
        options = app.screen.query_one("#mark-components")
        options.focus()
        options.highlighted = options.get_option_index("laporan")
        await _settle(app, pilot)
        await pilot.press("f3")
        await _settle(app, pilot, 3)
        assert app.screen.stage is Stage.REPORT
        options = app.screen.query_one("#review-sections")
        options.highlighted = options.get_option_index("#attachments")
        await _settle(app, pilot)
        rows = [r[0].split("\n") for r in _rows_of(app, "#review-attachments-table")]
        assert rows[0][0] == "dokumentasi.pdf"
        assert rows[0][1].startswith("Laporan (keseluruhan) · PDF · ")
