"""docs/security.md shows the permission matrix the tests check (issue 7, part 1).

The tables are generated from the matrices of the permission tests by
tools/permission_matrix.py; this test fails when the document shows anything else
(a matrix changed and the document was not regenerated, or the document was edited by
hand), so the document cannot go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import permission_matrix  # noqa: E402


def test_docs_security_md_shows_the_tested_matrix() -> None:
    doc = permission_matrix.DOC.read_text(encoding="utf-8")
    assert permission_matrix.current(doc) == "\n" + permission_matrix.render() + "\n", (
        "docs/security.md does not show the permission matrix the tests check; "
        "run: python3 tools/permission_matrix.py --write"
    )


def test_every_cell_of_the_matrix_is_tested() -> None:
    """No "·" (untested) cell: every operation is tried by every relation."""
    tables = permission_matrix.render()
    rows = [
        line
        for line in tables.splitlines()
        if line.startswith("| ") and not line.startswith("| operation")
    ]
    assert rows and all(permission_matrix.UNTESTED not in row.split("|", 2)[2] for row in rows), [
        row for row in rows if permission_matrix.UNTESTED in row.split("|", 2)[2]
    ]


def test_a_changed_matrix_makes_the_document_stale() -> None:
    """The check can fail: flipping one tested verdict gives other tables."""
    import test_services_permissions as services

    op = services.OPS["save_draft"]
    original = permission_matrix.render()
    services.OPS["save_draft"] = services.Op(
        call=op.call, allowed=op.allowed | {"C1"}, prepare=op.prepare
    )
    try:
        assert permission_matrix.render() != original
    finally:
        services.OPS["save_draft"] = op
