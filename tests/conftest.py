"""Shared fixtures: real SQLite files in tmp_path, never an in-memory database.

The world (two cohorts, eleven accounts) is built once per session with the
services, with real Argon2id hashing; each test gets its own copy of that file,
so tests are independent and no test pays for hashing eleven passwords.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import World, build_world, copy_demo

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.i18n import language, set_language


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """Messages are checked in the default language; a test that switches it is undone."""
    before = language()
    set_language("id")
    yield
    set_language(before)


@pytest.fixture
def db(tmp_path) -> Database:
    database = Database.open(tmp_path / "diklat.db")
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def world_template(tmp_path_factory) -> World:
    return build_world(tmp_path_factory.mktemp("world") / "template.db")


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
