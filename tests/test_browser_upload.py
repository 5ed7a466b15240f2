"""The upload page in a real browser (issue 16 part 9): Debian's Chromium, driven by
Playwright, opens the page a participant's session points it to, chooses a file from
memory (as if from the participant's own disk) and sends it: a file over the limit is
refused in words with the form again, then a photo is stored and the page says so."""

from __future__ import annotations

import attachment_files as files
import pytest
from browser_support import WAIT, browser, need_browser, serving
from factories import complete

from diklat.domain import attachments as rules
from diklat.domain.workflow import Stage
from diklat.services import attachments, stages

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
