"""Shared fixtures: real databases, never an in-memory one.

The database-level tests run twice, on a SQLite file (``[sqlite]``) and on a
PostgreSQL server (``[pg]``, see tests/backends.py): every synchronous test that
asks for ``db``, ``world`` (or another fixture built on ``backend``) is run on both.
Pilot-driven (async), snapshot, PTY and process-killing tests exercise the screen or
the file, not the database engine, and run on SQLite only; so does a test marked
``sqlite_only``.

The world (two cohorts, eleven accounts) is built once per session and database
with the services, with real Argon2id hashing; each test gets its own copy of it,
so tests are independent and no test pays for hashing eleven passwords.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import backends
import pytest
from factories import World, build_world, copy_demo

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.i18n import language, set_language

# Modules about the screen, the terminal or the SQLite file itself.
SQLITE_ONLY_MODULES = (
    "_tui",  # test_tui_*, test_*_tui
    "snapshot",
    "_pty",
    "terminal",
    "journey",
    "ergonomics",
    "app_memory",
    "crash_safety",
    "startup",
    "test_backup",
)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "sqlite_only: run on SQLite only (the file is the point)")


def _sqlite_only(metafunc) -> bool:
    module = metafunc.module.__name__
    return (
        inspect.iscoroutinefunction(metafunc.function)
        or any(part in module for part in SQLITE_ONLY_MODULES)
        or "snap_compare" in metafunc.fixturenames
        or metafunc.definition.get_closest_marker("sqlite_only") is not None
    )


def pytest_generate_tests(metafunc) -> None:
    if "backend" in metafunc.fixturenames and not _sqlite_only(metafunc):
        metafunc.parametrize("backend", backends.BACKENDS, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request) -> str:
    """ "sqlite" or "pg" (skipped without a server, failed under CI)."""
    name = getattr(request, "param", "sqlite")
    if name == "pg":
        backends.require_pg()
    return name


@pytest.fixture(scope="session", autouse=True)
def _pg_templates():
    yield
    if backends.pg_admin_url():
        backends.drop_kept()


@pytest.fixture(autouse=True)
def _pg_databases(request):
    """The PostgreSQL databases a test made are dropped when it ends (its fixtures'
    engines are disposed first: this fixture is set up first, torn down last)."""
    callspec = getattr(request.node, "callspec", None)
    backends.current = callspec.params.get("backend", "sqlite") if callspec else "sqlite"
    yield
    backends.drop_made()
    backends.current = "sqlite"


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """Messages are checked in the default language; a test that switches it is undone."""
    before = language()
    set_language("id")
    yield
    set_language(before)


@pytest.fixture(scope="session")
def migrated_template(backend: str, tmp_path_factory) -> backends.Location:
    """An empty database at the newest revision, to copy (migrating costs a second on
    PostgreSQL)."""
    location = backends.empty(backend, tmp_path_factory.mktemp("migrated") / "empty.db")
    backends.keep(location)
    database = Database.open(location)
    upgrade(database)
    database.checkpoint()
    database.dispose()
    return location


@pytest.fixture
def db(backend: str, tmp_path, request) -> Database:
    if backend == "sqlite":
        # Made by the engine and migrated here, as `diklat` makes a new database file.
        database = Database.open(tmp_path / "diklat.db")
        upgrade(database)
    else:
        template = request.getfixturevalue("migrated_template")
        database = Database.open(backends.clone(template, tmp_path / "diklat.db"))
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def world_template(backend: str, tmp_path_factory) -> World:
    location = backends.empty(backend, tmp_path_factory.mktemp("world") / "template.db")
    backends.keep(location)
    return build_world(location)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The sample database ``diklat demo`` makes (seeding it takes seconds), made once;
    every test works on a copy (``demo_db``, ``copy_demo``)."""
    from diklat.services.demo import prepare_demo

    return prepare_demo(tmp_path_factory.mktemp("demo") / "template.db")


@pytest.fixture
def demo_db(demo_template: Path, tmp_path) -> Path:
    return copy_demo(demo_template, tmp_path / "demo.db")


@pytest.fixture
def world(world_template: World, tmp_path) -> World:
    copy = world_template.copy_to(tmp_path / "world.db")
    yield copy
    copy.db.dispose()
