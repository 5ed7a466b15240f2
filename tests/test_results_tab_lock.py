"""The results tab says a cohort is locked (and closed) and unlocks a closed one only as
a reopening the coordinator answers for (issue 13 part 17, in the app): before, the
tab offered only "Unlock", which the service refused for a closed cohort with a
message naming a command-line flag, so the app had no way to reopen it."""

from __future__ import annotations

from sqlalchemy import select
from test_coordinator_tui import NEW, db, open_cohort, sample_db, settle, text_of  # noqa: F401
from textual.widgets import Button, Static

from diklat.db.models import AuditEntry, Cohort
from diklat.i18n import t
from diklat.services import cohort_admin, results
from diklat.services.actor import Actor
from diklat.services.cohort_admin import acting_as


def _closed(db) -> None:
    coordinator = acting_as(db, Actor.system(), "penyelenggara", NEW)
    with db.read() as s:
        cohort_id = s.scalar(select(Cohort.id).where(Cohort.code == NEW))
    results.release(db, coordinator, cohort_id)
    cohort_admin.close_cohort(db, coordinator, NEW)


async def test_a_closed_cohort_is_shown_locked_and_closed_and_reopened_with_a_reason(db) -> None:
    from diklat.tui.app import DiklatApp

    _closed(db)
    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, NEW)
        await pilot.press("5")
        await settle(app, pilot)
        state = str(app.screen.query_one("#res-state", Static).render())
        assert t("coord.locked") in state and t("cohort.status.closed") in state, state
        button = app.screen.query_one("#res-unlock", Button)
        assert not button.disabled and str(button.label) == t("coord.results.reopen")
        button.press()
        await settle(app, pilot)
        assert "ditutup" in text_of(app)  # the question says unlocking reopens it
        await pilot.press(*"nilai salah ketik")
        await pilot.press("enter")
        await settle(app, pilot)
        with db.read() as s:
            cohort = s.scalar(select(Cohort).where(Cohort.code == NEW))
            assert (cohort.status, cohort.locked_at) == ("open", None)
            reasons = s.scalars(
                select(AuditEntry.new).where(AuditEntry.action == "cohort_unlocked")
            ).all()
            assert any(r and r.get("reason") == "nilai salah ketik" for r in reasons)
        assert "--reopen" not in text_of(app)
        state = str(app.screen.query_one("#res-state", Static).render())
        assert t("coord.unlocked") in state and t("cohort.status.closed") not in state
        assert str(button.label) == t("coord.results.unlock") and button.disabled


async def test_escape_leaves_a_closed_cohort_closed(db) -> None:
    from diklat.tui.app import DiklatApp

    _closed(db)
    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, NEW)
        await pilot.press("5")
        await settle(app, pilot)
        app.screen.query_one("#res-unlock", Button).press()
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        with db.read() as s:
            assert s.scalar(select(Cohort.status).where(Cohort.code == NEW)) == "closed"


def _footer(app) -> str:
    from diklat.tui.compat import FooterKey

    return " | ".join(
        str(k.description) for k in app.screen.query(FooterKey) if k.display and k.description
    )


async def test_the_footer_names_what_each_key_does_to_this_cohort_now(db) -> None:
    """Ctrl+R releases or withdraws, Ctrl+O unlocks or reopens: the footer said
    "Rilis/tarik hasil" and "Buka kunci" whatever the cohort's state, and "Buka kunci"
    for a closed cohort whose key reopens it."""
    from diklat.tui.app import DiklatApp

    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, NEW)
        await pilot.press("5")
        await settle(app, pilot)
        footer = _footer(app)
        assert t("key.coord_release") in footer and t("key.coord_unlock") in footer, footer
        assert t("key.coord_withdraw") not in footer and t("key.coord_reopen") not in footer
    _closed(db)
    app = DiklatApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_cohort(app, pilot, db, NEW)
        await pilot.press("5")
        await settle(app, pilot)
        footer = _footer(app)
        assert t("key.coord_withdraw") in footer and t("key.coord_reopen") in footer, footer
        assert t("key.coord_release") not in footer and t("key.coord_unlock") not in footer
        await pilot.press("ctrl+o")  # the footer's word is what the key does
        await settle(app, pilot)
        assert "ditutup" in text_of(app)  # the reopening question
