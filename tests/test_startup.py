"""Start-up draws the log-in screen before the database layer is even imported (issue 6).

Plain ``diklat`` runs here through ``cli.main`` in a fresh interpreter (headless, so no
terminal is needed): the log-in screen must be composed while SQLAlchemy, Alembic, the
models, the services and click (plain ``diklat`` needs no command parsing) are still
absent from ``sys.modules``; the database is opened
behind it, and what depends on it (the first-run hint, a refused database) still shows.
No timing is asserted: the benchmark (bench/measures.py::startup) measures time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.i18n import t
from diklat.services import auth
from diklat.services.actor import Actor

FUTURE = "ffffffffffff"

# Run in the child: plain ``diklat --db PATH`` through cli.main, headless; the log-in
# screen ends the app once it has shown a message (or after its first-run check).
CHILD = textwrap.dedent(
    """
    import json, sys

    def heavy():
        return sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic", "pydantic", "argon2", "click")
                      or m.startswith(("diklat.db", "diklat.services")))

    from textual.app import App
    from diklat.tui import app as app_module
    from diklat.tui.screens import login

    seen = {}
    compose = login.LoginScreen.compose

    def composing(self):
        seen.setdefault("composed", heavy())
        yield from compose(self)

    def show_message(self, message):
        seen["message"] = message
        self.app.exit()

    login.LoginScreen.compose = composing
    login.LoginScreen.show_message = show_message
    app_module.DiklatApp.run = lambda self, **kw: App.run(self, headless=True, size=(120, 40))

    from diklat.cli import main

    try:
        main(["--db", *sys.argv[1:]])
        code = 0
    except SystemExit as exc:
        code = exc.code
    seen["after"] = heavy()
    seen["code"] = code
    print("RESULT " + json.dumps(seen))
    """
)


def _run(path, *args: str) -> tuple[dict, subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
    env.update(COLUMNS="250")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done
    return json.loads(lines[-1][len("RESULT ") :]), done


def test_the_login_screen_is_composed_before_the_database_layer_is_imported(tmp_path):
    path = tmp_path / "baru.db"  # does not exist yet: created and migrated behind the screen
    seen, done = _run(path)
    assert seen["composed"] == [], seen
    # ... and then opened behind it: a fresh database says how to create the first admin
    assert seen["message"] == t("login.no_accounts")
    assert "sqlalchemy" in seen["after"] and "diklat.services.auth" in seen["after"]
    assert seen["code"] == 0
    assert (
        Database.open(path)
        .engine.connect()
        .exec_driver_sql("SELECT version_num FROM alembic_version")
        .scalar()
    )
    assert "Traceback" not in done.stderr


def test_the_language_option_works_without_click(tmp_path):
    seen, done = _run(tmp_path / "baru.db", "--lang", "en")
    assert seen["composed"] == []
    assert "This database has no accounts yet" in seen["message"]  # English, not the default
    assert seen["code"] == 0


def test_an_unknown_language_is_still_refused_by_click_with_a_usage_error(tmp_path):
    seen, done = _run(tmp_path / "baru.db", "--lang", "fr")
    assert seen["code"] == 2
    assert "fr" in done.stderr
    assert "composed" not in seen
    assert not (tmp_path / "baru.db").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (None,)),
        (["--db", "a.db"], ("a.db",)),
        (["--db=a.db", "--lang", "en"], ("a.db",)),
        (
            ["--lang=id", "--db", "a.db", "--db", "b.db"],
            ("b.db",),
        ),  # the last one wins, as in click
        (["--db"], None),
        (["--db="], None),
        (["--lang", "fr"], None),
        (["--db", "--help"], None),
        (["-h"], None),
        (["--version"], None),
        (["cohort", "list"], None),
        (["--db", "a.db", "user", "list"], None),
    ],
)
def test_only_plain_app_arguments_skip_click(args, expected):
    from diklat.cli import _app_only

    assert _app_only(args) == expected


def test_a_newer_database_still_ends_the_app_with_the_clear_message_and_exit_code_1(tmp_path):
    db = Database.open(tmp_path / "baru.db")
    upgrade(db)
    auth.add_user(
        db, Actor.system(), "admin", name="Admin", role=Role.ADMIN, password="sandi-admin-123"
    )
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE})
    db.dispose()
    seen, done = _run(db.path)
    assert seen["composed"] == []
    assert seen["code"] == 1
    assert "message" not in seen  # no log-in form left waiting on a database it cannot use
    assert FUTURE in done.stderr
    assert "lebih baru" in done.stderr  # the Indonesian message, not a key
    assert "Traceback" not in done.stderr + done.stdout


def test_an_unreadable_file_ends_the_app_with_one_line_and_exit_code_1(tmp_path):
    path = tmp_path / "rusak.db"
    path.write_bytes(b"this is not a database\n" * 400)
    before = path.read_bytes()
    seen, done = _run(path)
    assert seen["code"] == 1
    # The catalogue's line, not SQLite's "file is not a database" with SQL and a link.
    assert done.stderr.strip().splitlines() == [
        f"Galat: {path} bukan berkas basis data SQLite; tidak ada yang diubah."
    ]
    assert path.read_bytes() == before


@pytest.fixture()
def accounts_db(tmp_path):
    db = Database.open(tmp_path / "akun.db")
    upgrade(db)
    auth.add_user(
        db, Actor.system(), "admin", name="Admin Sistem", role=Role.ADMIN, password="rahasia123"
    )
    yield db
    db.dispose()


async def test_logging_in_opens_the_database_if_it_is_not_open_yet(accounts_db):
    """The opener runs once, whether the first-run check or the log-in gets there first."""
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.home import HomeScreen

    calls = []

    def open_db():
        calls.append(1)
        return accounts_db

    app = DiklatApp(open_db=open_db)
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.db_ready or calls
        await pilot.click("#login-user")
        await pilot.press(*"admin", "enter", *"rahasia123", "enter")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert isinstance(app.screen, HomeScreen)
    assert calls == [1]


async def test_an_opening_error_ends_the_app_and_is_kept_for_the_command_line():
    from diklat.tui.app import DiklatApp

    def open_db():
        raise DomainError("db.newer_than_app", revision=FUTURE, path="x.db")

    app = DiklatApp(open_db=open_db)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
    assert isinstance(app.open_error, DomainError)
    assert app.open_error.key == "db.newer_than_app"


# ``diklat demo`` in the child: the log-in screen with the demo accounts is composed
# before the database layer is imported; the app ends once the demo database is open.
DEMO_CHILD = textwrap.dedent(
    """
    import json, sys

    def heavy():
        return sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic", "pydantic", "argon2", "click")
                      or m.startswith(("diklat.db", "diklat.services.seeding", "diklat.io")))

    from textual.app import App
    from diklat.tui import app as app_module
    from diklat.tui.screens import login

    seen = {}
    compose, mount = login.LoginScreen.compose, login.LoginScreen.on_mount

    def composing(self):
        seen.setdefault("composed", heavy())
        yield from compose(self)

    def mounting(self):
        mount(self)

        def opened():
            if self.app.db_ready:
                seen["demo_rows"] = self.query_one("#demo-accounts").row_count
                self.app.exit()

        self.set_interval(0.05, opened)

    login.LoginScreen.compose = composing
    login.LoginScreen.on_mount = mounting
    app_module.DiklatApp.run = lambda self, **kw: App.run(self, headless=True, size=(120, 40))

    from diklat.cli import main

    try:
        main(sys.argv[1:])
        code = 0
    except SystemExit as exc:
        code = exc.code
    seen["code"] = code
    print("RESULT " + json.dumps(seen))
    """
)


def test_the_demo_draws_its_login_screen_before_preparing_the_database(tmp_path):
    path = tmp_path / "demo.db"  # first use: seeded from sample_data/ behind the screen
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
    done = subprocess.run(
        [sys.executable, "-c", DEMO_CHILD, "--lang", "en", "demo", "--db", str(path)],
        env={**env, "COLUMNS": "250"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done
    seen = json.loads(lines[-1][len("RESULT ") :])
    assert seen["composed"] == [], seen
    assert seen["demo_rows"] == 6
    assert seen["code"] == 0
    assert str(path) in done.stdout  # where the demo lives, said once the app has ended
    db = Database.open(path)
    try:
        assert auth.has_accounts(db)
    finally:
        db.dispose()
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["demo"], (None, False)),
        (["demo", "--reset"], (None, True)),
        (["--db", "a.db", "demo"], ("a.db", False)),
        (["demo", "--db", "a.db", "--reset"], ("a.db", True)),
        (["--lang", "en", "demo", "--db=a.db"], ("a.db", False)),
        (["demo", "--serve"], None),
        (["demo", "--no-app"], None),
        (["demo", "--help"], None),
        (["demo", "--db"], None),
        (["demo", "--db", "--reset"], None),
        (["--lang", "fr", "demo"], None),
        (["cohort", "demo"], None),
        ([], None),
    ],
)
def test_only_plain_demo_arguments_skip_click(args, expected):
    from diklat.cli import _demo_only

    assert _demo_only(args) == expected
