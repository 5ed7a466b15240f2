"""Evidence attachments: a file's type read from its content (real files made by the
libraries that write them), limits, names; the service's life of a file (added while
the stage is editable, held by the versions sent, removed, fetched) and browser upload
tickets (spent once, refusals recorded, expiry)."""

from __future__ import annotations

from datetime import timedelta

import attachment_files as files
import pytest
from factories import World, complete, count, snapshot, submitted
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from diklat.db.models import AuditEntry, UploadTicket, utcnow
from diklat.domain import attachments as rules
from diklat.domain.errors import DomainError
from diklat.domain.workflow import Stage
from diklat.services import attachments, stages
from diklat.services.errors import Forbidden, Invalid

IMPL = Stage.IMPLEMENTATION


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("sk.pdf", files.pdf, "pdf"),
        ("foto.png", lambda: files.image("PNG"), "png"),
        ("foto.JPG", lambda: files.image("JPEG"), "jpeg"),
        ("foto.jpeg", lambda: files.image("JPEG"), "jpeg"),
        ("sop.docx", files.docx, "docx"),
        ("data.xlsx", files.xlsx, "xlsx"),
        ("catatan.odt", files.odt, "odt"),
        ("lama.doc", lambda: files.OLE2, "office97"),
        ("lama.xls", lambda: files.OLE2, "office97"),
    ],
)
def test_real_files_are_known_by_their_content(name, make, kind) -> None:
    checked = rules.check(name, make())
    assert (checked.name, checked.kind.key) == (name, kind)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("laporan.pdf", files.HTML, "attach.unknown_type"),
        ("program.exe", files.ELF, "attach.unknown_type"),
        ("arsip.zip", files.plain_zip(), "attach.unknown_type"),
        ("sk.pdf", files.image("PNG"), "attach.name_mismatch"),  # a photo called a PDF
        ("foto.png", files.pdf(), "attach.name_mismatch"),
        ("sop.xlsx", files.docx(), "attach.name_mismatch"),
        ("kosong.pdf", b"", "attach.empty"),
        ("/", files.pdf(), "attach.no_name"),
        ("besar.pdf", b"%PDF-1.7\n" + bytes(rules.MAX_BYTES), "attach.too_big"),
    ],
    # Named by file name, not by the bytes: a PDF's or ZIP's bytes hold the time they were
    # made, so each xdist worker would collect a different test (-n 2 refused to run).
    ids=lambda v: "data" if isinstance(v, bytes) else None,
)
def test_files_that_are_not_what_they_say_are_refused(name, data, key) -> None:
    with pytest.raises(DomainError) as refused:
        rules.check(name, data)
    assert refused.value.key == key
    assert refused.value.message()  # says it in words, with the file's name


def test_a_name_loses_its_folders_and_controls_and_gains_the_extension_it_lacks() -> None:
    assert rules.check("C:\\Users\\budi\\SK\u202e 01.pdf", files.pdf()).name == "SK 01.pdf"
    assert rules.check("../../etc/sk", files.pdf()).name == "sk.pdf"
    long = rules.clean_name("x" * 300 + ".docx")
    assert len(long) == rules.MAX_NAME and long.endswith(".docx")


def test_the_words_for_a_refusal_name_the_file_and_the_content() -> None:
    with pytest.raises(DomainError) as refused:
        rules.check("sk.pdf", files.image("JPEG"))
    assert refused.value.message() == (
        "sk.pdf: isinya gambar JPEG, tidak sesuai dengan akhiran namanya. "
        "Ganti nama berkasnya atau pilih berkas yang benar."
    )
    assert rules.megabytes(2_516_582) == "2,4 MB"


@given(st.binary(max_size=600))
def test_sniffing_any_bytes_never_fails(data: bytes) -> None:
    assert rules.sniff(data) in (None, *rules.KINDS)
    assert rules.sniff(b"PK\x03\x04" + data) in (None, *rules.KINDS)


# --- the service -------------------------------------------------------------------------


def _design(world: World) -> None:
    stages.save_draft(world.db, world.actor("P1"), world.enrolments["P1"], Stage.DESIGN,
                      complete(Stage.DESIGN))  # fmt: skip


def _add(world: World, name: str = "sk.pdf", data: bytes | None = None, slot: str = "M1"):
    return attachments.add(
        world.db, world.actor("P1"), world.enrolments["P1"], IMPL, slot, name,
        files.pdf() if data is None else data,
    )  # fmt: skip


def test_a_participant_attaches_evidence_that_every_reader_can_fetch(world: World) -> None:
    _design(world)
    photo = files.image("JPEG")
    added = _add(world, "foto kegiatan.jpg", photo)
    assert (added.slot, added.filename, added.kind, added.size) == (
        "M1", "foto kegiatan.jpg", "jpeg", len(photo)
    )  # fmt: skip
    assert added.added_by == "Peserta Satu"
    for reader in ("P1", "C1", "M1", "X1", "K1", "ADMIN"):
        listed = attachments.list_attachments(
            world.db, world.actor(reader), world.enrolments["P1"], IMPL
        )
        assert [a.id for a in listed] == [added.id]
        got = attachments.fetch(world.db, world.actor(reader), added.id)
        assert (got.filename, got.mime, got.data) == ("foto kegiatan.jpg", "image/jpeg", photo)
    (entry,) = _audit(world, "attachment_added")
    assert entry.new["sha256"] == added.sha256 and entry.actor_id == world.pid("P1")


def _audit(world: World, action: str):
    with world.db.read() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        for r in rows:
            s.expunge(r)
        return rows


def test_a_version_keeps_the_files_it_was_sent_with(world: World) -> None:
    _design(world)
    kept = _add(world, "sk.pdf")
    gone = _add(world, "foto.png", files.image("PNG"))
    never_sent = _add(world, "draf.docx", files.docx())
    attachments.remove(world.db, world.actor("P1"), never_sent.id)
    assert count(world.db, "attachments") == 2  # never in a version: deleted outright
    submitted(world, "P1", IMPL)
    assert stages.get_stage(world.db, world.actor("P1"), world.enrolments["P1"], IMPL).versions
    # sent back for revision: the participant removes the photo and adds a decree
    stages.decide(world.db, world.actor("C1"), world.enrolments["P1"], IMPL, approve=False,
                  comments=[("progress", "Foto kurang jelas.")])  # fmt: skip
    undo = attachments.remove(world.db, world.actor("P1"), gone.id)
    assert undo.filename == "foto.png" and undo.data == files.image("PNG")
    later = _add(world, "sk-baru.pdf", files.pdf("SK baru"))
    assert count(world.db, "attachments") == 3  # the removed photo is kept for version 1

    def names(version):
        return [a.filename for a in attachments.list_attachments(
            world.db, world.actor("C1"), world.enrolments["P1"], IMPL, version=version)]  # fmt: skip

    assert names(1) == ["sk.pdf", "foto.png"]
    assert names(None) == ["sk.pdf", "sk-baru.pdf"]
    assert attachments.fetch(world.db, world.actor("C1"), gone.id).data == files.image("PNG")
    assert kept.id != later.id


def test_a_submitted_stage_takes_no_files_and_changes_nothing(world: World) -> None:
    _design(world)
    added = _add(world)
    submitted(world, "P1", IMPL)
    before = snapshot(world.db)
    with pytest.raises(DomainError):
        _add(world, "lain.pdf")
    with pytest.raises(DomainError):
        attachments.remove(world.db, world.actor("P1"), added.id)
    assert snapshot(world.db) == before


@pytest.mark.parametrize(
    ("stage", "slot", "key"),
    [
        (Stage.DESIGN, "M1", "attach.wrong_stage"),
        (IMPL, "M2", "attach.no_such_slot"),  # a medium-term milestone
        (IMPL, "", "attach.no_such_slot"),  # the implementation has no whole-document slot
    ],
)
def test_files_go_only_where_the_rules_say(world: World, stage, slot, key) -> None:
    _design(world)
    before = snapshot(world.db)
    with pytest.raises(Invalid) as refused:
        attachments.add(world.db, world.actor("P1"), world.enrolments["P1"], stage, slot,
                        "sk.pdf", files.pdf())  # fmt: skip
    assert refused.value.key == key
    assert snapshot(world.db) == before


def test_the_report_takes_files_for_itself_as_a_whole(world: World) -> None:
    _design(world)
    added = attachments.add(world.db, world.actor("P1"), world.enrolments["P1"], Stage.REPORT,
                            rules.REPORT_WHOLE, "dokumentasi.pdf", files.pdf())  # fmt: skip
    assert added.slot == "" and added.stage is Stage.REPORT


def test_a_stage_holds_at_most_the_limit(world: World, monkeypatch) -> None:
    _design(world)
    monkeypatch.setattr(rules, "MAX_FILES_PER_STAGE", 2)
    _add(world, "a.pdf")
    _add(world, "b.pdf")
    with pytest.raises(Invalid) as refused:
        _add(world, "c.pdf")
    assert refused.value.key == "attach.too_many"


# --- browser uploads ---------------------------------------------------------------------


def _ticket(world: World, slot: str = "M1") -> str:
    return attachments.open_ticket(world.db, world.actor("P1"), world.enrolments["P1"], IMPL, slot)


def test_a_ticket_is_spent_on_one_file_and_the_session_sees_it(world: World) -> None:
    _design(world)
    token = _ticket(world)
    assert attachments.ticket_state(world.db, world.actor("P1"), token).waiting
    target = attachments.ticket_target(world.db, token)
    assert (target.name, target.stage, target.slot) == ("Peserta Satu", "implementation", "M1")
    assert target.milestone == complete(Stage.DESIGN)["milestones"][0]["title"]
    with pytest.raises(DomainError) as refused:
        attachments.upload(world.db, token, "foto.pdf", files.image("PNG"))
    state = attachments.ticket_state(world.db, world.actor("P1"), token)
    assert state.waiting and state.refusal.key == "attach.name_mismatch"
    assert refused.value.key == "attach.name_mismatch"
    added = attachments.upload(world.db, token, "foto.png", files.image("PNG"))
    state = attachments.ticket_state(world.db, world.actor("P1"), token)
    assert not state.waiting and state.added == added and state.refusal is None
    with pytest.raises(Forbidden):  # spent
        attachments.upload(world.db, token, "lagi.png", files.image("PNG"))
    assert attachments.ticket_target(world.db, token) is None
    # only its own participant learns what became of it
    with pytest.raises(Forbidden):
        attachments.ticket_state(world.db, world.actor("P2"), token)
    with world.db.read() as s:
        assert s.scalar(select(UploadTicket.token_hash)) != token  # only the hash is kept


def test_a_stale_or_made_up_ticket_stores_nothing(world: World) -> None:
    _design(world)
    token = _ticket(world)
    with world.db.write() as s:
        s.execute(update(UploadTicket).values(expires_at=utcnow() - timedelta(minutes=1)))
    for t in (token, "made-up", "", "x" * 5000):
        with pytest.raises(Forbidden):
            attachments.upload(world.db, t, "sk.pdf", files.pdf())
    assert count(world.db, "attachments") == 0
    assert attachments.ticket_state(world.db, world.actor("P1"), token).expired


def test_a_ticket_is_refused_to_anyone_but_the_participant(world: World) -> None:
    _design(world)
    for other in ("C1", "K1", "ADMIN", "P2"):
        with pytest.raises(Forbidden):
            attachments.open_ticket(world.db, world.actor(other), world.enrolments["P1"], IMPL,
                                    "M1")  # fmt: skip


def test_a_refusal_before_the_upload_is_recorded_on_an_open_ticket_only(world: World) -> None:
    _design(world)
    token = _ticket(world)
    too_big = DomainError("attach.too_big", name="sk.pdf", size="12.0 MB", limit="10.0 MB")
    attachments.refuse(world.db, token, too_big)
    state = attachments.ticket_state(world.db, world.actor("P1"), token)
    assert state.waiting and state.refusal.key == "attach.too_big"
    assert state.refusal.message() == too_big.message()
    attachments.upload(world.db, token, "sk.pdf", files.pdf())
    attachments.refuse(world.db, token, too_big)  # spent: nothing to say any more
    state = attachments.ticket_state(world.db, world.actor("P1"), token)
    assert state.added is not None and state.refusal is None
    attachments.refuse(world.db, "made-up", too_big)
