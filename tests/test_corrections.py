"""A participant's request to correct their name, jabatan or instansi: asked, listed
for the cohort's coordinator, approved (the person changes, once) or refused (nothing
changes), each step audited; bad input refused with a message and nothing stored."""

from __future__ import annotations

import pytest
from factories import World, snapshot
from sqlalchemy import select

from diklat.db.models import AuditEntry, DetailCorrection, Person
from diklat.services import corrections
from diklat.services.errors import Forbidden, Invalid


def _person(world: World, key: str) -> Person:
    with world.db.read() as s:
        person = s.get(Person, world.users[key].person_id)
        s.expunge(person)
        return person


def _audit(world: World, action: str) -> list[AuditEntry]:
    with world.db.read() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        for r in rows:
            s.expunge(r)
        return rows


def test_an_approved_request_changes_the_person_and_is_audited(world: World) -> None:
    asked = corrections.request_correction(
        world.db, world.actor("P1"), "name", "  Peserta   Satu, S.Kom.\u202e ", "Gelar belum ada"
    )
    assert (asked.state, asked.old_value, asked.new_value) == (
        "pending",
        "Peserta Satu",
        "Peserta Satu, S.Kom.",
    )
    assert _person(world, "P1").name == "Peserta Satu"  # not before the coordinator's yes

    waiting = corrections.pending_corrections(world.db, world.actor("K1"), "ANGK-A")
    assert [r.id for r in waiting] == [asked.id]
    assert corrections.pending_corrections(world.db, world.actor("K2"), "ANGK-B") == []

    decided = corrections.decide_correction(
        world.db, world.actor("K1"), asked.id, True, "Sesuai ijazah"
    )
    assert (decided.state, decided.decided_by, decided.note) == (
        "approved",
        "Koordinator A",
        "Sesuai ijazah",
    )
    assert decided.decided_at is not None
    assert _person(world, "P1").name == "Peserta Satu, S.Kom."
    assert corrections.pending_corrections(world.db, world.actor("K1"), "ANGK-A") == []

    (requested,) = _audit(world, "correction_request")
    assert requested.actor_id == world.users["P1"].person_id
    assert requested.old == {"name": "Peserta Satu"}
    (approved,) = _audit(world, "correction_approve")
    assert approved.actor_id == world.users["K1"].person_id
    assert approved.cohort_id == world.cohort_ids["A"]
    assert approved.old["name"] == "Peserta Satu"
    assert approved.new["name"] == "Peserta Satu, S.Kom."
    assert approved.new["state"] == "approved"

    # Decided once: a second decision is refused and changes nothing.
    before = snapshot(world.db)
    with pytest.raises(Invalid):
        corrections.decide_correction(world.db, world.actor("K1"), asked.id, False)
    assert snapshot(world.db) == before


def test_a_refused_request_leaves_the_person_as_it_was(world: World) -> None:
    asked = corrections.request_correction(
        world.db, world.actor("P2"), "instansi", "Dinas Pendidikan", "Mutasi"
    )
    before = _person(world, "P2").instansi
    decided = corrections.decide_correction(
        world.db, world.actor("ADMIN"), asked.id, False, "Belum ada SK"
    )
    assert decided.state == "refused"
    assert _person(world, "P2").instansi == before
    (refused,) = _audit(world, "correction_refuse")
    assert refused.new["state"] == "refused"
    mine = corrections.my_details(world.db, world.actor("P2"))
    assert [(r.field, r.state, r.note) for r in mine.requests] == [
        ("instansi", "refused", "Belum ada SK")
    ]
    assert mine.pending == []


def test_the_coordinator_of_another_cohort_may_not_decide(world: World) -> None:
    asked = corrections.request_correction(
        world.db, world.actor("P3"), "jabatan", "Kepala Seksi Data", "Salah ketik"
    )
    before = snapshot(world.db)
    with pytest.raises(Forbidden):
        corrections.decide_correction(world.db, world.actor("K1"), asked.id, True)
    assert snapshot(world.db) == before
    corrections.decide_correction(world.db, world.actor("K2"), asked.id, True)
    assert _person(world, "P3").jabatan == "Kepala Seksi Data"


@pytest.mark.parametrize(
    ("field", "value", "reason", "key"),
    [
        ("nip", "1", "x", "correction.bad_field"),
        ("name", "   ", "x", "correction.value_empty"),
        ("name", "\u200b\u200b", "x", "correction.value_empty"),
        ("name", "A" * 201, "x", "correction.value_too_long"),
        ("jabatan", "Kepala Seksi", "  ", "correction.reason_empty"),
        ("name", "Peserta Satu", "x", "correction.unchanged"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_stored(
    world: World, field: str, value: str, reason: str, key: str
) -> None:
    before = snapshot(world.db)
    with pytest.raises(Invalid) as caught:
        corrections.request_correction(world.db, world.actor("P1"), field, value, reason)
    assert caught.value.key == key
    assert snapshot(world.db) == before


def test_one_pending_request_per_field(world: World) -> None:
    p1 = world.actor("P1")
    corrections.request_correction(world.db, p1, "jabatan", "Kepala Seksi A", "SK baru")
    with pytest.raises(Invalid) as caught:
        corrections.request_correction(world.db, p1, "jabatan", "Kepala Seksi B", "Lagi")
    assert caught.value.key == "correction.already_pending"
    # Another field is its own request.
    corrections.request_correction(world.db, p1, "instansi", "Dinas B", "Mutasi")
    with world.db.read() as s:
        assert len(list(s.scalars(select(DetailCorrection)))) == 2
    assert {r.field for r in corrections.my_details(world.db, p1).pending} == {
        "jabatan",
        "instansi",
    }


# --- the command line --------------------------------------------------------------------


def test_the_command_line_lists_and_decides_requests(world: World) -> None:
    from cli_runner import run_cli

    asked = corrections.request_correction(
        world.db, world.actor("P1"), "jabatan", "Kepala Seksi Pelayanan", "SK baru"
    )
    other = corrections.request_correction(
        world.db, world.actor("P2"), "instansi", "Dinas Kominfo", "Nama dinas berubah"
    )
    db = ("--db", str(world.path))
    listed = run_cli(*db, "correction", "list", "--cohort", "ANGK-A")
    assert listed.code == 0, listed.err
    assert "Kepala Seksi Pelayanan" in listed.out and "Dinas Kominfo" in listed.out
    assert str(asked.id) in listed.out

    approved = run_cli(*db, "correction", "approve", str(asked.id), "--note", "Sesuai SK")
    assert approved.code == 0, approved.err
    assert approved.out.strip() == "Koreksi Jabatan Peserta Satu disetujui."
    assert _person(world, "P1").jabatan == "Kepala Seksi Pelayanan"
    refused = run_cli(*db, "correction", "refuse", str(other.id), "--note", "Lampirkan SK")
    assert refused.code == 0, refused.err
    assert _person(world, "P2").instansi != "Dinas Kominfo"

    again = run_cli(*db, "correction", "approve", str(asked.id))
    assert again.code != 0 and "sudah diputuskan" in again.err  # one line, no traceback
    assert "Traceback" not in again.err
    empty = run_cli(*db, "correction", "list", "--cohort", "ANGK-A")
    assert empty.out.strip() == "Tidak ada permintaan koreksi yang menunggu."
    (entry,) = _audit(world, "correction_approve")
    assert entry.new["note"] == "Sesuai SK"
