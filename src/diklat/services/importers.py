"""The one importer registry: for every kind of file a coordinator imports, how it is
read, how it is checked without writing (the dry run) and how it is applied.

The coordinator's import tab and ``diklat import KIND FILE`` both go through
``IMPORTERS``: a dry run is always ``importer.plan`` (nothing written, every problem
said), an import is always ``importer.apply`` (all or nothing), and both say what
they did with ``importer.summary``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diklat.i18n import t
from diklat.services.actor import Actor

if TYPE_CHECKING:  # the registry is imported by the command line's start-up: no SQLAlchemy yet
    from diklat.db.engine import Database

Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class Importer:
    kind: str
    # the file's rows and the columns nobody knows (io; raises ImportInvalid); a
    # workbook's sheet by name as ``sheet=``
    read: Callable[..., tuple[list[Any], list[str]]]
    # the rows checked against the database, what would change; writes nothing
    plan: Callable[[Database, Actor, str, Sequence[Any], Sequence[str]], Any]
    # the rows written, all or nothing
    apply: Callable[..., Any]
    # what a plan (done=False) or an applied import (done=True) did, in words
    summary: Callable[[Any, bool, Actor], str]

    def read_checked(
        self, db: Database, actor: Actor, code: str, source: Any, sheet: str | None = None
    ) -> tuple[list[Any], list[str]]:
        """``read``, every problem in one pass: when the file refuses some rows, the rows
        it found valid are still checked against the database (``plan``), and the
        refusal lists both (a value error and an unknown NDH together; a duplicated
        worksheet line and a marker without the role). Writes nothing."""
        from diklat.domain.imports import ImportInvalid

        try:
            return self.read(source, sheet=sheet)
        except ImportInvalid as exc:
            if not exc.rows:
                raise
            try:
                self.plan(db, actor, code, exc.rows, exc.unknown)
            except ImportInvalid as later:
                problems = sorted([*exc.problems, *later.problems], key=lambda p: p.row or 0)
                raise ImportInvalid(problems, path=exc.path) from None
            raise


# --- participants ---------------------------------------------------------------------------


def _read_participants(path: Path, sheet: str | None = None):
    from diklat.io.participants_import import read_participants

    return read_participants(path, sheet)


def _plan_participants(db, actor, code, rows, unknown):
    from diklat.services.enrolment import plan_participants

    return plan_participants(db, actor, code, rows, unknown)


def _apply_participants(db, actor, code, rows, unknown, *, progress: Progress = None):
    from diklat.services.enrolment import import_participants

    return import_participants(db, actor, code, rows, unknown, progress=progress)


def _participants_summary(result, done: bool, actor: Actor) -> str:
    plan = result.plan if done else result
    counts = dict(
        rows=len(plan.rows),
        new=plan.new_people,
        updated=plan.updated_people,
        enrolled=plan.new_enrolments,
        ndh=plan.changed_enrolments,
        cohort=plan.cohort_code,
    )
    if done:
        return t("admin.cli.participants_done", **counts, accounts=result.accounts)
    return t("admin.cli.participants_plan", **counts)


# --- staff (coaches, mentors, examiners) --------------------------------------------------


def _read_staff(path: Path, sheet: str | None = None):
    from diklat.io.staff_import import read_staff

    return read_staff(path, sheet)


def _plan_staff(db, actor, code, rows, unknown):
    from diklat.services.staff import plan_staff

    return plan_staff(db, actor, code, rows, unknown)


def _apply_staff(db, actor, code, rows, unknown, *, progress: Progress = None):
    from diklat.services.staff import import_staff

    return import_staff(db, actor, code, rows, unknown, progress=progress)


def _staff_summary(result, done: bool, actor: Actor) -> str:
    plan = result.plan if done else result
    counts = dict(
        rows=len(plan.rows),
        new=plan.new_people,
        updated=plan.updated_people,
        accounts=plan.accounts,
        added=plan.added,
        cohort=plan.cohort_code,
    )
    return t("staff.done" if done else "staff.plan", **counts)


# --- assignments ----------------------------------------------------------------------------


def _read_assignments(path: Path, sheet: str | None = None):
    from diklat.io.assignments_import import read_assignments

    return read_assignments(path, sheet)


def _plan_assignments(db, actor, code, rows, unknown):
    from diklat.services.assignments import plan_assignments

    return plan_assignments(db, actor, code, rows, unknown)


def _apply_assignments(db, actor, code, rows, unknown, *, progress: Progress = None):
    from diklat.services.assignments import import_assignments

    return import_assignments(db, actor, code, rows, unknown, progress=progress)


def _assignments_summary(result, done: bool, actor: Actor) -> str:
    key = "admin.cli.assignments_done" if done else "admin.cli.assignments_plan"
    return t(key, rows=result.rows, changed=result.changed, cohort=result.cohort_code)


# --- attendance recap -----------------------------------------------------------------------


def _read_recap(path: Path, sheet: str | None = None):
    from diklat.io.attendance_import import read_recap

    return read_recap(path, sheet)


def _plan_recap(db, actor, code, rows, unknown):
    from diklat.services.attendance import import_recap

    return import_recap(db, actor, code, rows, unknown, dry_run=True)


def _apply_recap(db, actor, code, rows, unknown, *, progress: Progress = None):
    from diklat.services.attendance import import_recap

    return import_recap(db, actor, code, rows, unknown, progress=progress)


def _recap_summary(result, done: bool, actor: Actor) -> str:
    key = "admin.cli.attendance_done" if done else "admin.cli.attendance_plan"
    return t(key, rows=result.rows, changed=result.changed, cohort=result.cohort_code)


# --- marking worksheet ----------------------------------------------------------------------


def _read_worksheet(path: Path, sheet: str | None = None):
    from diklat.io.worksheet import read_worksheet

    return read_worksheet(path, sheet)


def _plan_marks(db, actor, code, rows, unknown):
    from diklat.services.mark_import import import_marks

    return import_marks(db, actor, code, rows, unknown, dry_run=True)


def _apply_marks(db, actor, code, rows, unknown, *, progress: Progress = None):
    from diklat.services.mark_import import import_marks

    return import_marks(db, actor, code, rows, unknown, progress=progress)


def _marks_summary(result, done: bool, actor: Actor) -> str:
    return t(
        "admin.cli.marks_done" if done else "admin.cli.marks_plan",
        lines=result.lines,
        saved=result.saved,
        unchanged=result.unchanged,
        empty=result.empty,
        component=result.component,
        cohort=result.cohort_code,
        name=actor.name,
    )


IMPORTERS: dict[str, Importer] = {
    imp.kind: imp
    for imp in (
        Importer(
            "participants",
            _read_participants,
            _plan_participants,
            _apply_participants,
            _participants_summary,
        ),
        Importer("staff", _read_staff, _plan_staff, _apply_staff, _staff_summary),
        Importer(
            "assignments",
            _read_assignments,
            _plan_assignments,
            _apply_assignments,
            _assignments_summary,
        ),
        Importer("attendance", _read_recap, _plan_recap, _apply_recap, _recap_summary),
        Importer("marks", _read_worksheet, _plan_marks, _apply_marks, _marks_summary),
    )
}
KINDS = tuple(IMPORTERS)
