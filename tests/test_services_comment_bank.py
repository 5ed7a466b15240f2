"""The comment bank: own comments only, CSV round trip, all-or-nothing import."""

from __future__ import annotations

import pytest
from review_support import rw, rworld_template  # noqa: F401

from diklat.io.comment_bank_csv import CsvInvalid
from diklat.services import comment_bank as bank
from diklat.services.actor import Actor
from diklat.services.errors import Forbidden, Invalid


def test_crud_and_section_order(rw):
    c1 = rw.actor("C1")
    general = bank.add_comment(rw.db, c1, "Bagus, lanjutkan.")
    specific = bank.add_comment(rw.db, c1, "Sertakan data pendukung.", "problem_statement")
    assert [e.id for e in bank.list_bank(rw.db, c1, section="problem_statement")] == [
        specific.id,
        general.id,
    ]
    bank.update_comment(rw.db, c1, general.id, "Bagus sekali, lanjutkan.")
    assert {e.text for e in bank.list_bank(rw.db, c1)} == {
        "Bagus sekali, lanjutkan.",
        "Sertakan data pendukung.",
    }
    bank.delete_comment(rw.db, c1, specific.id)
    assert len(bank.list_bank(rw.db, c1)) == 1
    with pytest.raises(Invalid):
        bank.add_comment(rw.db, c1, "   ")
    with pytest.raises(Invalid):
        bank.add_comment(rw.db, c1, "x", "bukan_bagian")


@pytest.mark.parametrize("who", ["C2", "K1", "ADMIN", "M1"])
def test_nobody_else_reads_or_changes_my_bank(rw, who):
    entry = bank.add_comment(rw.db, rw.actor("C1"), "Milik coach satu.")
    assert bank.list_bank(rw.db, rw.actor(who)) == []
    with pytest.raises(Forbidden):
        bank.update_comment(rw.db, rw.actor(who), entry.id, "diubah")
    with pytest.raises(Forbidden):
        bank.delete_comment(rw.db, rw.actor(who), entry.id)


def test_participants_and_system_have_no_bank(rw):
    for actor in (rw.actor("P1"), Actor.system()):
        with pytest.raises(Forbidden):
            bank.list_bank(rw.db, actor)
        with pytest.raises(Forbidden):
            bank.add_comment(rw.db, actor, "x")
        with pytest.raises(Forbidden):
            bank.import_csv(rw.db, actor, "section,text\n,x\n")


def test_csv_round_trip_between_two_reviewers(rw):
    c1, c2 = rw.actor("C1"), rw.actor("C2")
    bank.add_comment(rw.db, c1, "=1+1 bukan rumus", "background")
    bank.add_comment(rw.db, c1, "Baris satu\nbaris dua, dengan koma")
    exported = bank.export_csv(rw.db, c1)
    report = bank.import_csv(rw.db, c2, exported)
    assert (report.added, report.skipped) == (2, 0)
    assert {(e.section, e.text) for e in bank.list_bank(rw.db, c2)} == {
        (e.section, e.text) for e in bank.list_bank(rw.db, c1)
    }
    # importing the same file again adds nothing
    assert bank.import_csv(rw.db, c2, exported).added == 0
    assert bank.export_csv(rw.db, c2) == exported


def test_bad_csv_rejected_with_row_numbers_and_nothing_written(rw):
    c1 = rw.actor("C1")
    bank.add_comment(rw.db, c1, "Sudah ada.")
    bad = "section,text\n,Baik\nmilestones,Tambahkan tanggal\ntidak_ada,Teks\nbackground,\n"
    with pytest.raises(CsvInvalid) as err:
        bank.import_csv(rw.db, c1, bad)
    assert [(p.row, p.column) for p in err.value.problems] == [(4, "section"), (5, "text")]
    message = err.value.message()
    assert "baris 4" in message and "baris 5" in message and "tidak ada yang diimpor" in message
    assert [e.text for e in bank.list_bank(rw.db, c1)] == ["Sudah ada."]
