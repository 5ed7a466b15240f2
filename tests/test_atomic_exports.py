"""An export that fails half-way leaves no file (and no .part) under the asked-for name,
and an older file of that name is kept as it was: the all-cohorts list computes while it
writes, so a refused rule set or a full disk must not leave a truncated list behind."""

from __future__ import annotations

import pytest

from diklat.domain.errors import DomainError
from diklat.io.tabular import write_csv
from diklat.io.xlsx import Sheet, write_sheets


def rows_failing_after(n: int):
    for i in range(n):
        yield [i, f"baris {i}"]
    raise DomainError("perm.denied")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_failed_export_leaves_no_half_file(tmp_path, kind):
    target = tmp_path / f"daftar.{kind}"

    def write(rows):
        if kind == "csv":
            return write_csv(target, ["No", "Nama"], rows)
        return write_sheets(target, [Sheet(title="A", headers=["No", "Nama"], rows=rows)])

    with pytest.raises(DomainError):
        write(rows_failing_after(500))
    assert list(tmp_path.iterdir()) == []
    size = write([[1, "utuh"]])
    before = target.read_bytes()
    assert size == len(before)
    with pytest.raises(DomainError):
        write(rows_failing_after(500))
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [
        target.name
    ]
