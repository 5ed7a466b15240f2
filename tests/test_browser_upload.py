"""The upload page in a real browser (issue 16 part 9): Debian's Chromium, driven by
Playwright, opens the page a participant's session points it to, chooses a file from
memory (as if from the participant's own disk) and sends it: a file over the limit is
refused in words with the form again, then a photo is stored and the page says so.
And the whole way from the app: the demo participant, in a served session, asks to
attach a file, the app opens the page in a new tab, and the app's list shows the file
sent there (and, before it, says why a wrong one was refused)."""

from __future__ import annotations

import attachment_files as files
import pytest
from browser_support import WAIT, Tab, browser, need_browser, serving
from factories import actor_for, complete
from sqlalchemy import select

from diklat.db.engine import Database
from diklat.db.models import Enrolment
from diklat.domain import attachments as rules
from diklat.domain.workflow import Stage
from diklat.services import attachments, auth, stages
from diklat.services.demo import DEMO_PASSWORD

need_browser()
pytestmark = pytest.mark.sqlite_only  # the server is given the database's file

IMPL = Stage.IMPLEMENTATION


def test_a_file_chosen_in_the_browser_is_stored(world, tmp_path):
    stages.save_draft(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN,
                      complete(Stage.DESIGN))  # fmt: skip
    token = attachments.open_ticket(world.db, world.actor("P1"), world.enrolments["P1"], IMPL, "M1")
    photo = files.image("JPEG", (1200, 800))
    with serving(world.path) as (url, _), browser() as chromium:
        page = chromium.new_context(viewport={"width": 1000, "height": 700}).new_page()
        page.set_default_timeout(WAIT * 1000)
        page.goto(url + "upload/" + token)
        page.get_by_text("For Peserta Satu").wait_for()
        page.screenshot(path=str(tmp_path / "upload-form.png"))

        # Too big: the page says so, and offers the form again.
        big = b"%PDF-1.7\n" + bytes(rules.MAX_BYTES + 300 * 1024)
        page.set_input_files(
            "#file", {"name": "pindaian.pdf", "mimeType": "application/pdf", "buffer": big}
        )
        page.get_by_role("button", name="Upload").click()
        refusal = page.locator("#refusal")
        refusal.wait_for()
        assert "pindaian.pdf: it is 10.3 MB, more than the limit of 10.0 MB" in refusal.inner_text()
        page.screenshot(path=str(tmp_path / "upload-refused.png"))

        page.set_input_files(
            "#file",
            {"name": "Foto kegiatan Mei–Juni.jpg", "mimeType": "image/jpeg", "buffer": photo},
        )
        page.get_by_role("button", name="Upload").click()
        stored = page.locator("#stored")
        stored.wait_for()
        assert "Foto kegiatan Mei–Juni.jpg — JPEG image" in stored.inner_text()
        assert "Return to the diklat tab" in stored.inner_text()
        assert page.locator("#file").count() == 0
        page.screenshot(path=str(tmp_path / "upload-stored.png"))

    (added,) = attachments.list_attachments(
        world.db, world.actor("P1"), world.enrolments["P1"], IMPL
    )
    assert (added.filename, added.kind, added.slot) == ("Foto kegiatan Mei–Juni.jpg", "jpeg", "M1")
    assert attachments.fetch(world.db, world.actor("P1"), added.id).data == photo


@pytest.mark.parametrize("popups", ["allowed", "blocked"])
def test_the_demo_participant_attaches_a_file_from_the_served_app(demo_db, tmp_path, popups):
    """The whole way: the demo participant, in the served app, opens the implementation's
    attachments and asks to attach a file; the app opens the upload page in a new tab,
    the file is chosen there, and the app's list shows it. Where the browser blocks the
    tab (it is asked for by a websocket message, not a click: Safari's blocker refuses
    that), the app's page offers it as a link."""
    db = Database.open(demo_db)
    try:
        # The demo participant has not designed yet: a design draft gives the milestones
        # files are attached to (M1 "Formulir daring").
        info = auth.login(db, "peserta", DEMO_PASSWORD)
        actor = actor_for(info)
        with db.read() as s:
            enrolment_id = s.scalar(
                select(Enrolment.id).where(Enrolment.person_id == info.person_id)
            )
        stages.save_draft(db, actor, enrolment_id, Stage.DESIGN, complete(Stage.DESIGN))
        db.checkpoint()
    finally:
        db.dispose()
    sop = files.docx("SOP pelayanan izin daring")
    with serving(demo_db) as (url, _), browser() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        if popups == "blocked":  # as a blocker answers a window.open it refuses
            context.add_init_script("window.open = () => null;")
        tab = Tab(context, url)
        tab.log_in("peserta", DEMO_PASSWORD, r"Welcome, Fitria")
        # the stages read and the first highlighted: a key sent before is lost
        tab.wait_for(r"█ Self-assessment")
        for stage in ("Problem diagnosis", "Innovation ideas", "Change-project design",
                      "Mentor agreement", "Leadership laboratory"):  # fmt: skip
            tab.press("ArrowDown")
            tab.wait_for(rf"█ {stage}")  # the highlighted stage, told under the table
        tab.press("Enter")
        tab.wait_for(r"Formulir daring")
        tab.press("F3")
        tab.wait_for(r"No attachments yet")
        tab.press("a")
        tab.wait_for(r"Open the upload page")
        if popups == "allowed":
            with context.expect_page(timeout=WAIT * 1000) as opened:
                tab.press("Enter")
        else:
            tab.press("Enter")
            offer = tab.page.locator("#popup-blocked")
            offer.wait_for(timeout=WAIT * 1000)
            assert "did not open the new tab" in offer.inner_text()
            tab.page.screenshot(path=str(tmp_path / "app-tab-blocked.png"))
            with context.expect_page(timeout=WAIT * 1000) as opened:
                offer.get_by_role("link", name="Open it").click()
            offer.wait_for(state="hidden", timeout=WAIT * 1000)
        upload = opened.value
        upload.set_default_timeout(WAIT * 1000)
        upload.wait_for_load_state()
        assert "/upload/" in upload.url
        upload.get_by_text("Formulir daring").wait_for()

        # A photo called a PDF: the page and the app both say why; the app waits on.
        upload.set_input_files(
            "#file", {"name": "SK.pdf", "mimeType": "application/pdf", "buffer": files.image()}
        )
        upload.get_by_role("button", name="Upload").click()
        upload.locator("#refusal").wait_for()
        tab.wait_for(r"SK\.pdf: its content is a PNG image")

        upload.set_input_files(
            "#file",
            {"name": "SOP izin daring.docx", "mimeType": "application/octet-stream",
             "buffer": sop},
        )  # fmt: skip
        upload.get_by_role("button", name="Upload").click()
        upload.locator("#stored").wait_for()
        # The dialog closes by itself and the list shows the file, on its milestone.
        tab.wait_for(r"Formulir daring +SOP izin daring\.docx +Word document")
        tab.page.screenshot(path=str(tmp_path / "app-after-upload.png"))
    db = Database.open(demo_db)
    try:
        (added,) = attachments.list_attachments(db, actor, enrolment_id, IMPL)
        assert attachments.fetch(db, actor, added.id).data == sop
    finally:
        db.dispose()
