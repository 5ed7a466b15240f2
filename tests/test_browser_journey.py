"""A cohort in the browser: ``diklat serve`` on a free loopback port, Debian's Chromium
driven by Playwright. A participant types into a stage and sees it saved, closes the
tab, finds the text in a new tab, gets the project PDF as a browser download and
submits; a coach in a second browser context sees the submission and asks for a
revision. The screen is read from the page (xterm.js's buffer); each wait is bounded."""

from __future__ import annotations

import io
import re
import time

import pytest
from browser_support import WAIT, Tab, browser, need_browser, serving
from factories import PEOPLE, approve_before, complete, password_for

from diklat.db.engine import Database
from diklat.domain.workflow import Stage, State
from diklat.services import stages

need_browser()


def login_of(key: str) -> str:
    return PEOPLE[key][0].replace(" ", "")


def wait_for_log(log_path, pattern: str, count: int = 1) -> None:
    deadline = time.monotonic() + WAIT
    while len(re.findall(pattern, log_path.read_text())) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{pattern!r} x{count} not in the log:\n{log_path.read_text()}")
        time.sleep(0.05)


SAVED = r"✓ Saved ((?:\d\d-\d\d-\d{4} )?\d\d:\d\d:\d\d)"


def open_design(tab: Tab) -> str:
    """The time of the last save the stage screen shows once it has read the stage."""
    tab.log_in(login_of("P1"), password_for("P1"), r"Finish & submit")
    tab.press("ArrowDown", "ArrowDown", "ArrowDown")
    tab.wait_for(r"█ Change-project design")
    tab.press("Enter")
    return re.search(SAVED, tab.wait_for(SAVED)).group(1)


@pytest.fixture
def design_world(world):
    approve_before(world, "P1", Stage.DESIGN)
    draft = complete(Stage.DESIGN, title="Layanan izin")
    stages.save_draft(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN, draft)
    world.db.checkpoint()
    world.db.dispose()
    return world


def design(world) -> stages.StageView:
    db = Database.open(world.path)
    try:
        return stages.get_stage(db, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN)
    finally:
        db.dispose()


def test_participant_and_coach_in_the_browser(design_world, tmp_path):
    world = design_world
    with serving(world.path) as (url, _), browser() as chromium:
        log = next(tmp_path.glob("serve-*.log"))
        participant = chromium.new_context(viewport={"width": 1280, "height": 800})

        # Types into the design's title and sees it saved.
        tab = Tab(participant, url)
        before = open_design(tab)
        # The title field has the focus, its text selected: typing replaces it.
        tab.type("Layanan izin daring")
        tab.wait_for(r"Layanan izin daring")
        tab.wait_for(rf"✓ Saved (?!{re.escape(before)})")
        assert design(world).draft["title"] == "Layanan izin daring"

        # Closing the tab ends its app process.
        tab.close()
        wait_for_log(log, r"session closed")

        # A new tab finds the text.
        tab = Tab(participant, url)
        open_design(tab)
        tab.wait_for(r"Layanan izin daring")

        # F4: the PDF arrives as a browser download, not a file on the server.
        tab.press("F4")
        tab.wait_for(r"sent to your browser")
        with tab.page.expect_download(timeout=WAIT * 1000) as arrival:
            tab.press("Enter")
        download = arrival.value
        assert download.suggested_filename.endswith(".pdf")
        pdf = tab_download_bytes(download, tmp_path)
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) >= 1
        assert "Layanan izin daring" in "".join(page.extract_text() for page in reader.pages)
        tab.wait_for(r"Sent to your browser")
        tab.press("Escape")
        tab.wait_gone(r"Export the document")

        # Submits.
        tab.press("Control+g")
        tab.wait_for(r"as version 1\?")
        tab.press("y")
        tab.wait_for(r"Submitted")
        assert design(world).state is State.SUBMITTED

        # The coach, in another browser context, sees it and asks for a revision.
        coach = Tab(chromium.new_context(viewport={"width": 1280, "height": 800}), url)
        coach.log_in(login_of("C1"), password_for("C1"), r"Peserta Satu.*Change-project design")
        coach.press("n")
        coach.wait_for(r"first version")
        # Keys typed right after a focus change can reach the widget that had the focus
        # (Textual routes each key to the focus of the moment it arrives): the focus is
        # moved by the screen's own answers here, each seen before the next key.
        coach.press("Control+s")  # no decision yet: the screen says so, focus on it
        coach.wait_for(r"Choose the decision first")
        coach.press("ArrowDown", "Enter")
        coach.wait_for(r"Decision: Request a revision")
        coach.press("Control+s")  # a revision needs a comment: focus on the comment
        coach.wait_for(r"needs at least one comment")
        coach.type("Sebutkan unit layanan.")
        coach.wait_for(r"Sebutkan unit layanan\.")
        coach.press("Control+s")
        coach.wait_for(r"revision requested")
        coach.page.screenshot(path=str(tmp_path / "coach.png"))
        view = design(world)
        assert view.state is State.REVISION_REQUESTED
        assert ("title", "Sebutkan unit layanan.") in [
            (c.section, c.text) for c in view.latest_review.comments
        ]


def tab_download_bytes(download, tmp_path) -> bytes:
    target = tmp_path / "downloads" / download.suggested_filename
    target.parent.mkdir()
    download.save_as(str(target))
    return target.read_bytes()


def test_closing_the_tab_right_after_typing_keeps_the_text(design_world, tmp_path):
    world = design_world
    with serving(world.path) as (url, _), browser() as chromium:
        log = next(tmp_path.glob("serve-*.log"))
        tab = Tab(chromium.new_context(viewport={"width": 1280, "height": 800}), url)
        open_design(tab)
        tab.type("Judul diketik lalu tab ditutup")
        tab.wait_for(r"Judul diketik lalu tab ditutup")
        tab.close()  # before the autosave is due (it waits for a pause in typing)
        wait_for_log(log, r"session closed")
        assert design(world).draft["title"] == "Judul diketik lalu tab ditutup"
