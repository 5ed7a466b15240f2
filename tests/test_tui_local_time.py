"""The same moment reads the same on every screen: stored UTC, shown in local time
(issue 13 part 14). Before, the review screen showed a submission's time in UTC while
the participant's screens showed it in local time."""

from __future__ import annotations

import time
from datetime import UTC

import pytest
from review_support import rw, rworld_template, submit  # noqa: F401
from test_tui_review import SIZE, enter_as, settle, start
from textual.widgets import Static

from diklat.domain.workflow import Stage
from diklat.services import stages


@pytest.fixture
def jakarta(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Jakarta")  # UTC+7 all year
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_the_review_screen_shows_the_submission_in_local_time(rw, jakarta):
    from diklat.tui.screens.review.review import ReviewScreen

    eid = rw.enrolments["P1"]
    submit(rw, "P1", Stage.SELF_ASSESSMENT)
    stored = stages.get_stage(rw.db, rw.actor("P1"), eid, Stage.SELF_ASSESSMENT).versions[-1]
    at = stored.submitted_at  # naive UTC, as stored
    local = at.replace(tzinfo=UTC).astimezone().strftime("%d-%m-%Y %H:%M")
    utc = at.strftime("%d-%m-%Y %H:%M")
    assert local != utc
    app = await start(rw)
    async with app.run_test(size=SIZE) as pilot:
        await enter_as(app, pilot, rw, "C1")
        await app.push_screen(ReviewScreen(eid, Stage.SELF_ASSESSMENT))
        await settle(app, pilot)
        shown = "\n".join(str(w.render()) for w in app.screen.query(Static))
    assert local in shown and utc not in shown
