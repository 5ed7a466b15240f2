"""Schema migrations: empty to head; a database at EVERY revision (found in the
migration scripts, so a new revision is covered without new code), filled with rows
in every table, upgraded one revision at a time to head without losing a row, a value
or a JSON document; the first revision's hand-written data still usable by the app;
a newer database refused untouched; and the SQLite settings every session gets."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import backends
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from cli_runner import run_cli
from factories import SYSTEM, snapshot
from migration_support import ROWS, Written, fill, read_back, reflect
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from diklat.db.engine import Database
from diklat.db.migrate import MIGRATIONS, current_revision, head_revision, upgrade
from diklat.db.models import Base
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.domain.workflow import Stage, State
from diklat.services import auth, cohorts, homes, stages

# One worker runs the whole file: its figures in .reliability/ are counted whole.
pytestmark = pytest.mark.xdist_group("migrations")

FUTURE = "9999_from_a_newer_diklat"
FIGURES = Path(__file__).resolve().parents[1] / ".reliability" / "migrations.json"


def revisions_oldest_first() -> list[str]:
    script = ScriptDirectory(str(MIGRATIONS))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _file_digest(db: Database) -> str:
    db.checkpoint()
    db.dispose()
    return hashlib.sha256(db.path.read_bytes()).hexdigest()


def test_revisions_form_one_line_from_base_to_head():
    script = ScriptDirectory(str(MIGRATIONS))
    assert len(script.get_bases()) == 1
    assert len(script.get_heads()) == 1
    revs = revisions_oldest_first()
    assert revs[-1] == head_revision()
    assert len(set(revs)) == len(revs)


def test_an_empty_file_is_upgraded_to_head(backend, tmp_path):
    db = Database.open(backends.empty(backend, tmp_path / "kosong.db"))
    assert current_revision(db) is None
    assert upgrade(db) == (None, head_revision())
    assert current_revision(db) == head_revision()
    assert set(Base.metadata.tables) <= _tables(db)
    # Running it again is harmless.
    assert upgrade(db) == (head_revision(), head_revision())
    db.dispose()


def test_the_migrations_build_exactly_the_models(db: Database):
    """Every model change has its migration (autogenerate would find nothing to do)."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


# Rows written with plain SQL against the FIRST revision's schema: the data a user of
# the first release has. Foreign keys point where they should, so that later
# migrations that rebuild tables (SQLite batch mode) meet real references.
FIRST_REVISION_ROWS = """
INSERT INTO institutions (id, code, name, city) VALUES (1, 'PUSDIKLAT-1', 'Pusdiklat Satu', 'Bogor');
INSERT INTO people (id, nip, nrp, name, pangkat_golongan, jabatan, instansi, email, created_at) VALUES
 (1, '198001012005011001', NULL, 'Peserta Lama', 'Penata (III/c)', 'Kepala Seksi', 'Dinas X', 'p@example.org', '2025-01-02 03:04:05'),
 (2, '197005051995051001', NULL, 'Coach Lama', '', '', '', '', '2025-01-02 03:04:05'),
 (3, NULL, '1234567', 'Mentor Lama', '', '', '', '', '2025-01-02 03:04:05'),
 (4, NULL, NULL, 'Koordinator Lama', '', '', '', '', '2025-01-02 03:04:05');
INSERT INTO accounts (id, person_id, login, role, password_hash, must_change_password, active, failed_logins,
                      last_failed_at, last_login_at, created_at) VALUES
 (1, 1, '198001012005011001', 'participant', :hash, 0, 1, 2, '2025-02-01 08:00:00', '2025-02-01 09:00:00', '2025-01-02 03:04:05'),
 (2, 2, '197005051995051001', 'coach', :hash, 1, 1, 0, NULL, NULL, '2025-01-02 03:04:05'),
 (3, 4, 'koordinator.lama', 'coordinator', :hash, 0, 0, 0, NULL, NULL, '2025-01-02 03:04:05');
INSERT INTO rubrics (id, code, version, component, definition, created_at) VALUES
 (1, 'rubrik-rancangan', 1, 'rancangan', '{"criteria": []}', '2025-01-03 00:00:00');
INSERT INTO cohorts (id, code, name, program_name, project_term, angkatan, year, start_date, end_date, institution_id,
                     rules, status, results_released_at, locked_at, created_at, version) VALUES
 (1, 'LAMA-1', 'Diklatpim IV Angkatan Lama', 'Diklatpim IV', 'proyek perubahan', 'XII', 2025,
  '2025-03-03', '2025-07-25', 1, :rules, 'open', NULL, NULL, '2025-01-04 00:00:00', 3);
INSERT INTO audit_log (id, at, actor_id, on_behalf_of, action, entity, entity_id, cohort_id, old, new) VALUES
 (1, '2025-03-11 10:00:00', 4, 2, 'stage_approve', 'stage_record', 1, 1, '{"state": "submitted"}', '{"state": "approved", "version": 1}');
INSERT INTO attendance_sessions (id, cohort_id, held_on, title) VALUES (1, 1, '2025-03-03', 'Pembukaan');
INSERT INTO cohort_staff (id, cohort_id, person_id, role) VALUES (1, 1, 4, 'coordinator'), (2, 1, 2, 'coach'), (3, 1, 3, 'mentor');
INSERT INTO deadlines (id, cohort_id, stage, due) VALUES (1, 1, 'self_assessment', '2025-03-14');
INSERT INTO enrolments (id, cohort_id, person_id, ndh, coach_id, mentor_id, status, status_reason, recap_scheduled,
                        recap_attended, version) VALUES (1, 1, 1, 7, 2, 3, 'active', '', 20, 19, 2);
INSERT INTO attendance (id, session_id, enrolment_id, present) VALUES (1, 1, 1, 1);
INSERT INTO enrolment_examiners (id, enrolment_id, person_id) VALUES (1, 1, 2);
INSERT INTO extensions (id, enrolment_id, stage, due, reason) VALUES (1, 1, 'diagnosis', '2025-04-01', 'Sakit');
INSERT INTO marks (id, enrolment_id, component, marker_id, marker_role, score, rubric_code, rubric_version, recorded_by,
                   created_at, updated_at, version) VALUES
 (1, 1, 'sikap', 2, 'coach', 85.25, NULL, NULL, 2, '2025-05-01 00:00:00', '2025-05-01 00:00:00', 1);
INSERT INTO mark_criteria (id, mark_id, criterion, level, score) VALUES (1, 1, 'disiplin', 'baik', 85.25);
INSERT INTO stage_records (id, enrolment_id, stage, state, draft, draft_saved_at, state_changed_at, version) VALUES
 (1, 1, 'self_assessment', 'approved', '{"strengths": "Teliti"}', '2025-03-09 00:00:00', '2025-03-11 10:00:00', 4),
 (2, 1, 'diagnosis', 'draft', '{"problem_statement": "Antrean"}', '2025-03-12 00:00:00', '2025-03-12 00:00:00', 1);
INSERT INTO submissions (id, enrolment_id, stage, number, content, submitted_at, submitted_by) VALUES
 (1, 1, 'self_assessment', 1, '{"strengths": "Teliti"}', '2025-03-10 09:00:00', 1);
INSERT INTO reviews (id, submission_id, reviewer_id, recorded_by, decision, decided_at) VALUES
 (1, 1, 2, 4, 'approved', '2025-03-11 10:00:00');
INSERT INTO comments (id, submission_id, author_id, section, text, created_at) VALUES
 (1, 1, 4, 'strengths', 'Bagus.', '2025-03-11 10:00:00');
"""
OLD_PASSWORD = "sandi-lama-2025"


def _insert_first_revision_rows(db: Database) -> None:
    import json

    from diklat.domain.rules import default_ruleset

    params = {
        "hash": auth.hash_password(OLD_PASSWORD),
        "rules": json.dumps(default_ruleset().model_dump(mode="json")),
    }
    with db.engine.begin() as conn:
        for statement in FIRST_REVISION_ROWS.split(";"):
            if statement.strip():
                conn.execute(
                    text(statement), {k: v for k, v in params.items() if f":{k}" in statement}
                )


def _columns(db: Database) -> dict[str, list[str]]:
    with db.engine.connect() as conn:
        insp = inspect(conn)
        return {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names()}


def _rows(db: Database, table: str, columns: list[str]) -> list[tuple]:
    cols = ", ".join(f'"{c}"' for c in columns)
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f'SELECT {cols} FROM "{table}" ORDER BY id'))]


# Its hand-written rows are SQLite's SQL (0/1 booleans); on PostgreSQL every revision is
# filled from the schema itself by the test below.
@pytest.mark.sqlite_only
def test_the_first_revision_with_data_upgrades_to_head_without_loss(backend, tmp_path):
    db = Database.open(backends.empty(backend, tmp_path / "lama.db"))
    revisions = revisions_oldest_first()
    upgrade(db, revisions[0])
    _insert_first_revision_rows(db)
    columns_then = _columns(db)
    data_then = {
        t: _rows(db, t, cols) for t, cols in columns_then.items() if t != "alembic_version"
    }
    assert all(data_then.values()), "every table of the first revision holds at least one row"

    # One revision at a time, so a loss is pinned to the migration that caused it.
    for revision in revisions[1:]:
        upgrade(db, revision)
        assert current_revision(db) == revision
        columns_now = _columns(db)
        for table, rows in data_then.items():
            assert table in columns_now, f"{revision} dropped table {table}"
            kept = [c for c in columns_then[table] if c in columns_now[table]]
            index = [columns_then[table].index(c) for c in kept]
            assert _rows(db, table, kept) == [tuple(r[i] for i in index) for r in rows], (
                f"{revision} changed {table}"
            )
        _intact(db, revision)
    assert current_revision(db) == head_revision()

    # The application works on the old data.
    actor = auth.login(db, "19800101 200501 1 001", OLD_PASSWORD)
    assert actor.name == "Peserta Lama"
    (mine,) = homes.home(db, actor).enrolments
    assert (mine.cohort.code, mine.ndh, mine.coach, mine.mentor) == (
        "LAMA-1",
        7,
        "Coach Lama",
        "Mentor Lama",
    )
    view = stages.get_stage(db, actor, 1, Stage.SELF_ASSESSMENT)
    assert view.state is State.APPROVED
    assert view.latest_review.reviewer == "Coach Lama"
    assert view.latest_review.recorded_by == "Koordinator Lama"
    assert stages.get_stage(db, actor, 1, Stage.DIAGNOSIS).draft["problem_statement"] == "Antrean"
    detail = cohorts.show_cohort(db, SYSTEM, "LAMA-1")
    assert detail.summary.institution == "Pusdiklat Satu"
    assert detail.deadlines == {Stage.SELF_ASSESSMENT: date(2025, 3, 14)}
    db.dispose()


# Columns or tables a migration removes on purpose, with their data ("table" or
# "table.column" -> why). Anything else that disappears is a loss.
DROPPED_ON_PURPOSE: dict[str, str] = {}


def _intact(db: Database, step: str) -> None:
    """SQLite's own checks of references and pages (PostgreSQL enforces foreign keys at
    every write and has no such after-the-fact check)."""
    if db.is_sqlite:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == [], step
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok", step


def _assert_kept(db: Database, written: Written, step: str) -> None:
    with db.engine.connect() as conn:
        schema = reflect(conn)
        tables = schema.tables
        for table, rows in written.items():
            if table in DROPPED_ON_PURPOSE:
                continue
            assert table in tables, f"{step} dropped table {table} and its {len(rows)} rows"
            now = {c.name for c in tables[table].columns}
            gone = [c for c in rows[0] if c not in now and f"{table}.{c}" not in DROPPED_ON_PURPOSE]
            assert gone == [], f"{step} dropped {table} columns {gone} holding data"
            kept = [c for c in rows[0] if c in now]
            assert conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one() == len(
                rows
            ), f"{step}: {table}"
            # Typed comparison: dates, timestamps, scores and parsed JSON documents.
            assert read_back(conn, table, kept, schema) == [
                {c: r[c] for c in kept} for r in rows
            ], f"{step} changed {table}"
    _intact(db, step)


@pytest.mark.parametrize("revision", revisions_oldest_first())
def test_a_database_at_every_revision_with_rows_everywhere_upgrades_without_loss(
    backend, tmp_path, revision
):
    db = Database.open(backends.empty(backend, tmp_path / f"pada-{revision}.db"))
    upgrade(db, revision)
    with db.engine.begin() as conn:
        written = fill(conn)
    with db.engine.connect() as conn:
        assert set(written) == set(reflect(conn).tables) - {"alembic_version"}, (
            "a table was left empty"
        )
    _intact(db, "the rows themselves are consistent")
    _assert_kept(db, written, revision)

    # One revision at a time, so a loss is pinned to the migration that caused it.
    revisions = revisions_oldest_first()
    for step in revisions[revisions.index(revision) + 1 :]:
        upgrade(db, step)
        assert current_revision(db) == step
        _assert_kept(db, written, step)
    assert upgrade(db) == (head_revision(), head_revision())

    # The application's own models read every row (types, dates, JSON all parse).
    with db.read() as s:
        for mapper in Base.registry.mappers:
            table = mapper.class_.__tablename__
            loaded = s.scalars(select(mapper.class_)).all()
            assert len(loaded) == (ROWS if table in written else 0), table
            for obj in loaded:
                for attr in mapper.column_attrs:
                    getattr(obj, attr.key)
    db.dispose()
    _record_figures(revision, written, steps=len(revisions) - 1 - revisions.index(revision))


def _record_figures(revision: str, written: Written, steps: int) -> None:
    """docs/reliability.md quotes these (one entry per revision, the last run's)."""
    import json

    path = FIGURES
    figures = json.loads(path.read_text()) if path.exists() else {}
    figures[revision] = {
        "tables": len(written),
        "rows": sum(len(rows) for rows in written.values()),
        "values": sum(len(rows) * len(rows[0]) for rows in written.values()),
        "json_documents": sum(
            isinstance(v, (dict, list))
            for rows in written.values()
            for r in rows
            for v in r.values()
        ),
        "upgrade_steps_checked": steps,
    }
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")


# A revision as a later release might add: a new table with a self-reference and
# column types no current table has, a column added to a full table, an index.
EXTRA_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = {head!r}


def upgrade():
    op.create_table("catatan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("catatan.id"), nullable=True),
        sa.Column("isi", sa.Text(), nullable=False),
        sa.Column("bobot", sa.Float(), nullable=False),
        sa.Column("jam", sa.Time(), nullable=True),
        sa.Column("lampiran", sa.LargeBinary(), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.UniqueConstraint("person_id", "isi"))
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("panggilan", sa.String(40), nullable=False, server_default=""))
    with op.batch_alter_table("comments") as batch:
        batch.create_index("ix_comments_created_at_9000", ["created_at"])


def downgrade():
    pass
"""


def test_a_revision_added_later_is_filled_and_checked_without_new_test_code(tmp_path, monkeypatch):
    """What happens when someone adds a revision: the filler and the checks above take
    it as it is (new table, new column types, a column added to a table with rows)."""
    import shutil

    from diklat.db import migrate

    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_later.py").write_text(
        EXTRA_REVISION.format(head=head_revision()), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    migrate.head_fast.cache_clear()
    try:
        db = Database.open(tmp_path / "sekarang.db")
        upgrade(db, revisions_oldest_first()[-1])  # today's head
        with db.engine.begin() as conn:
            written = fill(conn)
        upgrade(db)
        assert current_revision(db) == "9000"
        _assert_kept(db, written, "9000")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT DISTINCT panggilan FROM people")).scalars().all() == [
                ""
            ]

        later = Database.open(tmp_path / "nanti.db")
        upgrade(later)
        with later.engine.begin() as conn:
            rows = fill(conn)["catatan"]
        assert [r["parent_id"] for r in rows] == [1, 2, None]
        assert all(isinstance(r["lampiran"], bytes) for r in rows[:-1])
        _assert_kept(later, {"catatan": rows}, "9000")
        db.dispose()
        later.dispose()
    finally:
        monkeypatch.undo()
        migrate.head_fast.cache_clear()


def _future_database(tmp_path) -> Database:
    db = Database.open(tmp_path / "baru.db")
    upgrade(db)
    auth.add_user(db, SYSTEM, "admin", name="Admin", role=Role.ADMIN, password="sandi-admin-123")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE})
    return db


def test_a_database_from_a_newer_version_is_refused_and_left_unchanged(tmp_path):
    db = _future_database(tmp_path)
    digest = _file_digest(db)
    before = snapshot(db)
    db.dispose()

    again = Database.open(db.path)
    with pytest.raises(DomainError) as info:
        upgrade(again)
    assert info.value.key == "db.newer_than_app"
    assert info.value.params["revision"] == FUTURE
    assert FUTURE in info.value.message()
    assert current_revision(again) == FUTURE
    assert snapshot(again) == before
    assert _file_digest(again) == digest


@pytest.mark.parametrize(
    "command",
    [["db", "upgrade"], ["cohort", "list"], []],
    ids=["db-upgrade", "any-command", "the-app"],
)
def test_the_command_line_refuses_a_newer_database_without_a_traceback(tmp_path, command):
    db = _future_database(tmp_path)
    digest = _file_digest(db)
    if command:
        done = run_cli(*command, env={"DIKLAT_DB": str(db.path)})
    else:  # the app itself: a real process, as it starts the terminal interface
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
        env.update(DIKLAT_DB=str(db.path), COLUMNS="250")
        done = subprocess.run(
            [sys.executable, "-m", "diklat"], env=env, capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 1, done
    assert FUTURE in done.stderr
    assert "lebih baru" in done.stderr  # the Indonesian message, not a key
    assert "Traceback" not in done.stderr + done.stdout
    assert _file_digest(Database.open(db.path)) == digest


@pytest.mark.sqlite_only  # PostgreSQL's settings: tests/test_postgres_engine.py
def test_sessions_use_wal_foreign_keys_and_a_busy_timeout(db: Database):
    for opened in (db.read, db.write):
        with opened() as s:
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert s.execute(text("PRAGMA busy_timeout")).scalar() > 0


def test_foreign_keys_are_enforced(db: Database):
    with pytest.raises(IntegrityError):
        with db.write() as s:
            s.execute(
                text(
                    "INSERT INTO enrolments (cohort_id, person_id, ndh, status, status_reason, version) VALUES (99, 99, 1, 'active', '', 1)"
                )
            )
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM enrolments")).scalar() == 0
