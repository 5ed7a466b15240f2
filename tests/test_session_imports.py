"""A participant's served session does not load what only exports and migrations need
(issue 11 part 6: each browser tab is a process of its own, so every module it imports
is paid 40 times). In a fresh interpreter, the app as ``diklat serve`` runs it: log in,
open the change-project design, type, let it autosave; openpyxl, XlsxWriter, fpdf2,
python-docx, pypdf and Alembic must still be absent. The figure itself (RSS per session
against a minimal served Textual app) is measured by bench/load.py, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from factories import PEOPLE, approve_before, password_for

from diklat.domain.workflow import Stage

HEAVY = ("openpyxl", "xlsxwriter", "fpdf", "docx", "pypdf", "alembic")

CHILD = textwrap.dedent(
    """
    import asyncio, json, sys

    from diklat.db.engine import Database
    from diklat.tui.app import DiklatApp, Served

    HEAVY = tuple(json.loads(sys.argv[4]))

    def loaded():
        return sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))

    async def main():
        seen = {}
        app = DiklatApp(open_db=lambda: Database.open(sys.argv[1]), served=Served(idle_minutes=30))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press(*sys.argv[2], "tab", *sys.argv[3], "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("down", "down", "down", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen["screen"] = type(app.screen).__name__
            await pilot.press(*"Layanan")
            app.flush_pending()
            await app.workers.wait_for_complete()
            seen["loaded"] = loaded()
        # The scan sees a module once it is loaded (as a PDF export loads it).
        import fpdf  # noqa: F401
        seen["after_export_import"] = loaded()
        print("RESULT " + json.dumps(seen))

    asyncio.run(main())
    """
)


def test_a_participants_served_session_loads_no_export_or_migration_library(world):
    approve_before(world, "P1", Stage.DESIGN)
    world.db.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(world.path),
            PEOPLE["P1"][0].replace(" ", ""),
            password_for("P1"),
            json.dumps(HEAVY),
        ],
        env={**env, "DIKLAT_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done
    seen = json.loads(lines[-1][len("RESULT ") :])
    assert seen["screen"] == "DesignScreen"
    assert seen["loaded"] == []
    assert seen["after_export_import"] == ["fpdf"]
