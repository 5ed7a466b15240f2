"""``diklat rubric``: editing a rubric through the command line makes a new version."""

from __future__ import annotations

import json

from cli_runner import run_cli

from diklat.db.engine import Database
from diklat.db.migrate import upgrade


def run(db_path, *args):
    return run_cli("--db", str(db_path), *args, env={"DIKLAT_LANG": "en"}, columns=200)


def test_export_edit_import_makes_a_new_version(tmp_path):
    db_path = tmp_path / "cli.db"
    db = Database.open(db_path)
    upgrade(db)
    db.dispose()
    listed = run(db_path, "rubric", "list")
    assert listed.returncode == 0 and "rancangan-default v1" in listed.stdout
    exported = run(db_path, "rubric", "export", "rancangan-default", str(tmp_path / "r.json"))
    assert exported.returncode == 0, exported.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    data["criteria"][0]["weight"] = "25"
    (tmp_path / "r.json").write_text(json.dumps(data), encoding="utf-8")
    imported = run(db_path, "rubric", "import", str(tmp_path / "r.json"))
    assert imported.returncode == 0 and "version 2" in imported.stdout, imported
    listed = run(db_path, "rubric", "list").stdout
    assert "rancangan-default v2" in listed and "rancangan-default v1" in listed
    old = run(
        db_path,
        "rubric",
        "export",
        "rancangan-default",
        str(tmp_path / "v1.json"),
        "--version",
        "1",
    )
    assert old.returncode == 0
    assert json.loads((tmp_path / "v1.json").read_text())["criteria"][0]["weight"] == "20"


def test_invalid_rubric_refused_with_exit_code_1(tmp_path):
    db_path = tmp_path / "cli.db"
    db = Database.open(db_path)
    upgrade(db)
    db.dispose()
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"code": "x", "version": 1, "component": "sikap", "title": {"id": "X", "en": "X"}, "criteria": []}'
    )
    done = run(db_path, "rubric", "import", str(bad))
    assert done.returncode == 1 and "no criteria" in done.stderr
    assert "x v" not in run(db_path, "rubric", "list").stdout
