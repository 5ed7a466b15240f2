"""A password reset in the browser (issue 14 part 3): the coordinator, in a served
session, finds the participant's account (home → U), gives a new one-time password and
receives the log-in slip as a browser download, not a file on the server; the slip
holds the password the screen shows, and it logs in. ``diklat serve`` on a free
loopback port, Debian's Chromium driven by Playwright; the screen is read from the page."""

from __future__ import annotations

import io
import re

import pytest
from browser_support import WAIT, Tab, browser, need_browser, serving
from factories import PEOPLE, password_for

from diklat.db.engine import Database
from diklat.services import auth

need_browser()
pytestmark = pytest.mark.sqlite_only  # the server is given the database's file


def test_a_reset_slip_arrives_as_a_download(world, tmp_path):
    world.db.dispose()
    with serving(world.path) as (url, _), browser() as chromium:
        tab = Tab(chromium.new_context(viewport={"width": 1280, "height": 800}), url)
        tab.log_in("koordinator.a", password_for("K1"), r"ANGK-A")
        tab.press("u")
        tab.wait_for(r"Accounts: 7\b")  # cohort A's people
        tab.type("peserta dua")
        tab.wait_for(r"Accounts: 1\b")
        tab.press("Enter")  # from the search to the list
        tab.wait_for(r"Peserta Dua \(")
        tab.press("Enter")
        tab.wait_for(r"new one-time password\?")
        with tab.page.expect_download(timeout=WAIT * 1000) as arrival:
            tab.press("y")
        download = arrival.value
        assert download.suggested_filename.startswith("slip-masuk-")
        screen = tab.wait_for(r"Password of Peserta Dua reset: \w+ \(slip sent to the browser")
        otp = re.search(r"Password of Peserta Dua reset: (\w+)", screen).group(1)
        target = tmp_path / "downloads" / download.suggested_filename
        target.parent.mkdir()
        download.save_as(str(target))
        from pypdf import PdfReader

        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(target.read_bytes())).pages
        )
        assert "Peserta Dua" in text and otp in text
    db = Database.open(world.path)
    try:
        assert auth.login(db, PEOPLE["P2"][0], otp).must_change_password
    finally:
        db.dispose()
