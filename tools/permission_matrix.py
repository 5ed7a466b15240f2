"""The permission matrix of docs/security.md, made from the tests' own data.

Every cell comes from a matrix a test runs (so the table says what is checked, not what
was meant): ✓ the call succeeds, ✗ it is refused (``Forbidden``, nothing changed), ·
no test tries it. Sources:

- tests/test_services_permissions.py ``OPS`` (every actor of the shared world);
- tests/test_coordinator_permissions.py ``OPS``/``PREPARED`` with ``ALLOWED``/``REFUSED``;
- tests/test_services_review.py ``MATRIX`` and tests/test_services_marking.py
  ``SHEET_MATRIX`` and the coordinator-only marking operations (the review world);
- tests/test_documents_export.py, who may export a participant's project;
- tests/test_permission_coverage.py, every service operation and the matrix files
  that call it.

The two test worlds name people differently (an unassigned coach of cohort A is C3 in
one and C2 in the other): the columns are relations, each mapped to the right person.

    python3 tools/permission_matrix.py           # print the tables
    python3 tools/permission_matrix.py --write   # put them into docs/security.md

tests/test_security_doc.py fails when docs/security.md is not what this prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"
BEGIN = "<!-- permission-matrix:begin (tools/permission_matrix.py --write; checked by tests/test_security_doc.py) -->"
END = "<!-- permission-matrix:end -->"

# (column heading, person in the shared world, person in the review world)
COLUMNS: list[tuple[str, str | None, str | None]] = [
    ("own", "P1", "P1"),
    ("coach (assigned)", "C1", "C1"),
    ("mentor (assigned)", "M1", "M1"),
    ("examiner (assigned)", "X1", "X1"),
    ("same cohort: participant", "P2", "P2"),
    ("same cohort: coach, not assigned", "C3", "C2"),
    ("coordinator of the cohort", "K1", "K1"),
    ("other cohort: coordinator", "K2", "K2"),
    ("other cohort: coach", "C2", "C3"),
    ("other cohort: participant", "P3", "P3"),
    ("admin", "ADMIN", "ADMIN"),
    ("command line", "SYSTEM", "SYSTEM"),
    ("not logged in", None, None),
]
YES, NO, UNTESTED = "✓", "✗", "·"


def _tests():
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import test_coordinator_permissions as coordinator
    import test_documents_export as documents
    import test_services_marking as marking
    import test_services_permissions as services
    import test_services_review as review

    return services, coordinator, review, marking, documents


def _params(fn) -> list[tuple]:
    """The argument rows of a test's ``pytest.mark.parametrize``."""
    (mark,) = [m for m in fn.pytestmark if m.name == "parametrize"]
    return [tuple(p) for p in mark.args[1]]


def _row(label: str, verdicts: dict[str, bool], *, review_world: bool = False) -> str:
    cells = []
    for _, shared, rworld in COLUMNS:
        who = rworld if review_world else shared
        if shared is None and rworld is None:
            cells.append(NO)  # not logged in: no actor, no operation (see the note)
        elif who is None or who not in verdicts:
            cells.append(UNTESTED)
        else:
            cells.append(YES if verdicts[who] else NO)
    return f"| {label} | " + " | ".join(cells) + " |"


def _table(rows: list[str]) -> list[str]:
    head = "| operation | " + " | ".join(c for c, _, _ in COLUMNS) + " |"
    rule = "|---|" + "---|" * len(COLUMNS)
    return [head, rule, *rows]


def render() -> str:
    services, coordinator, review, marking, documents = _tests()
    out: list[str] = []

    out.append(
        "Stage, account and backup operations on participant P1's enrolment in cohort A "
        "(tests/test_services_permissions.py `OPS`):"
    )
    out.append("")
    out.extend(
        _table(
            [
                _row(f"`{name}`", {who: who in op.allowed for who in services.ACTORS})
                for name, op in services.OPS.items()
            ]
        )
    )
    out.append("")

    out.append("Cohort A's administration (tests/test_coordinator_permissions.py):")
    out.append("")
    verdict = {**{w: True for w in coordinator.ALLOWED}, **{w: False for w in coordinator.REFUSED}}
    rows = [_row(f"`{name}`", verdict) for name in [*coordinator.OPS, *coordinator.PREPARED]]
    rows.append(
        _row(
            "`import_marks` ¹",
            {"K1": True, "ADMIN": True, "SYSTEM": False, **{w: False for w in coordinator.REFUSED}},
        )
    )
    out.extend(_table(rows))
    out.append("")

    out.append(
        "Reviewing, marking and documents (tests/test_services_review.py, tests/test_services_marking.py, "
        "tests/test_documents_export.py):"
    )
    out.append("")
    rows = [
        _row(
            "open P1's self-assessment for review",
            {w: r for w, r, _ in review.MATRIX},
            review_world=True,
        ),
        _row(
            "decide it from the review screen",
            {w: d for w, _, d in review.MATRIX},
            review_world=True,
        ),
        _row("read P1's mark sheet", {w: r for w, r, _ in marking.SHEET_MATRIX}, review_world=True),
        _row(
            "mark the design seminar as oneself",
            {w: m for w, _, m in marking.SHEET_MATRIX},
            review_world=True,
        ),
    ]
    coord_only = dict(_params(marking.test_on_behalf_moderation_and_release_need_the_coordinator))
    for label in (
        "mark on a marker's behalf",
        "moderation list",
        "release information",
        "release results",
        "withdraw the release",
    ):
        rows.append(_row(label, coord_only, review_world=True))
    rows.append(_row("settle a flagged component", dict(marking.SETTLE_MATRIX), review_world=True))
    rows.append(
        _row("read P1's marks and result ²", dict(marking.RESULTS_MATRIX), review_world=True)
    )
    rows.append(
        _row(
            "export P1's project document",
            dict(_params(documents.test_who_may_export_a_participants_project)),
        )
    )
    out.extend(_table(rows))
    out.append("")
    out.append(
        "² the participant sees them once the coordinator has released them (before that: nothing)."
    )
    out.append("")

    import test_permission_coverage as coverage

    where = coverage.covered()
    out.append(
        f"Every service operation that takes an actor ({len(coverage.operations())}, found by "
        "tests/test_permission_coverage.py) and the tests that call it in a permission matrix:"
    )
    out.append("")
    out.append("| operation | checked in |")
    out.append("|---|---|")
    for op in sorted(coverage.operations()):
        files = ", ".join(sorted(where.get(op, ()))) or "**none**"
        out.append(f"| `{op}` | {files} |")
    return "\n".join(out) + "\n"


def current(doc: str) -> str:
    """What docs/security.md shows between the markers."""
    return doc[doc.index(BEGIN) + len(BEGIN) : doc.index(END)]


def updated(doc: str, tables: str) -> str:
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    return doc[:start] + "\n" + tables + "\n" + doc[end:]


def main(argv: list[str]) -> int:
    tables = render()
    if "--write" in argv:
        DOC.write_text(updated(DOC.read_text(encoding="utf-8"), tables), encoding="utf-8")
    else:
        sys.stdout.write(tables)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
