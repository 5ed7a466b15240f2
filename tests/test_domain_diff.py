"""Changes since the previous version, per section (domain/diff.py)."""

from __future__ import annotations

from diklat.domain.diff import changed_sections, diff_documents, word_diff
from diklat.domain.workflow import Stage


def _diag(**kw):
    base = {
        "issues": [
            {"key": "I1", "title": "Antrian panjang", "description": "Loket lambat"},
            {"key": "I2", "title": "Arsip hilang"},
        ],
        "problem_statement": "Pelayanan lambat.",
    }
    base.update(kw)
    return base


def by_section(diffs):
    return {d.section: d for d in diffs}


def test_identical_versions_have_no_changes():
    diffs = diff_documents(Stage.DIAGNOSIS, _diag(), _diag())
    assert changed_sections(diffs) == []
    assert [d.section for d in diffs][:2] == ["issues", "core_issue"]


def test_items_compared_by_key_not_position():
    old = _diag()
    new = _diag(
        issues=[
            {"key": "I2", "title": "Arsip hilang"},  # moved: not a change
            {
                "key": "I1",
                "title": "Antrian panjang",
                "description": "Loket lambat sekali",
            },  # edited
            {"key": "I3", "title": "Data ganda"},  # added
        ]
    )
    d = by_section(diff_documents(Stage.DIAGNOSIS, old, new))["issues"]
    assert d.status == "changed"
    kinds = {(c.kind, c.key) for c in d.items}
    assert kinds == {("changed", "I1"), ("added", "I3")}
    changed = next(c for c in d.items if c.kind == "changed")
    assert [f.name for f in changed.fields] == ["description"]
    assert (
        changed.fields[0].old == "Loket lambat" and changed.fields[0].new == "Loket lambat sekali"
    )


def test_removed_item_and_emptied_section():
    new = _diag(
        issues=[{"key": "I1", "title": "Antrian panjang", "description": "Loket lambat"}],
        problem_statement="",
    )
    diffs = by_section(diff_documents(Stage.DIAGNOSIS, _diag(), new))
    assert [(c.kind, c.key, c.title) for c in diffs["issues"].items] == [
        ("removed", "I2", "Arsip hilang")
    ]
    assert diffs["problem_statement"].status == "removed"


def test_text_is_compared_word_by_word():
    d = by_section(
        diff_documents(Stage.DIAGNOSIS, _diag(), _diag(problem_statement="Pelayanan izin lambat."))
    )
    ps = d["problem_statement"]
    assert ps.status == "changed"
    assert ps.text == (("=", "Pelayanan "), ("+", "izin "), ("=", "lambat."))


def test_first_filled_section_is_added_and_mapping_entries_listed():
    old = {"answers": {"b1": 3}}
    new = {"answers": {"b1": 4, "b2": 5}, "strengths": "Tekun"}
    d = by_section(diff_documents(Stage.SELF_ASSESSMENT, old, new))
    assert d["strengths"].status == "added"
    assert [(e.name, e.old, e.new) for e in d["answers"].entries] == [
        ("b1", "3", "4"),
        ("b2", "", "5"),
    ]


def test_items_without_key_compared_by_position():
    old = {"risks": [{"description": "Anggaran terlambat"}]}
    new = {"risks": [{"description": "Anggaran terlambat cair"}]}
    d = by_section(diff_documents(Stage.DESIGN, old, new))["risks"]
    assert [(c.kind, c.key) for c in d.items] == [("changed", "#1")]


def test_word_diff_keeps_all_text():
    segments = word_diff("satu dua tiga", "satu empat tiga")
    assert "".join(t for op, t in segments if op != "+") == "satu dua tiga"
    assert "".join(t for op, t in segments if op != "-") == "satu empat tiga"
