"""A stored stage draft that no longer validates (a fishbone category outside the list,
an item that is not an item) opens: what can be shown is shown, the status line says
where the unreadable values were, the stored draft is not rewritten until the
participant changes something. Before, the diagnosis screen ended the app with a
traceback that quoted the participant's text."""

from __future__ import annotations

import copy
import json
import sqlite3

from factories import World, approve_before, complete
from test_participant_ergonomics import _open

from diklat.domain.workflow import Stage
from diklat.i18n import t
from diklat.services import stages


def _store_raw(world: World, draft: dict) -> None:
    with sqlite3.connect(world.path) as con:
        con.execute(
            "UPDATE stage_records SET draft = ? WHERE enrolment_id = ? AND stage = 'diagnosis'",
            (json.dumps(draft), world.enrolments["P1"]),
        )


async def test_a_damaged_diagnosis_draft_opens_and_says_what_is_wrong(world: World) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.participant.diagnosis import DiagnosisScreen

    approve_before(world, "P1", Stage.DIAGNOSIS)
    doc = complete(Stage.DIAGNOSIS)
    stages.save_draft(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DIAGNOSIS, doc)
    damaged = copy.deepcopy(doc)
    damaged["causes"].append(
        {"key": "cx", "category": "cuaca", "text": "Rahasia peserta", "is_main": False}
    )
    _store_raw(world, damaged)
    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, world, Stage.DIAGNOSIS)
        screen = app.screen
        assert isinstance(screen, DiagnosisScreen) and screen.editable
        status = str(screen.query_one("#stage-status").render())
        assert f"{t('doc.diagnosis.causes')} 2" in status  # the second cause
        assert "Rahasia peserta" not in status
        # The readable causes are there to work with.
        assert [c["key"] for c in screen.doc["causes"]] == [c["key"] for c in doc["causes"]]
        await pilot.pause()
    assert app.return_code in (None, 0)
    # Opening it rewrote nothing.
    after = stages.get_stage(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DIAGNOSIS)
    assert after.draft["causes"][-1]["category"] == "cuaca"
