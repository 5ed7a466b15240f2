"""Evidence in seeds: an attachment described in a seed is made a PDF when the seed is
applied, checked as an upload is (stage, milestone, name), and held by the versions
sent after it; the demo's participants carry some, which reviewers can open."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from factories import complete, snapshot
from sqlalchemy import select
from test_fuzz_seed import ADMIN, valid_seed

from diklat.db.engine import Database
from diklat.db.migrate import upgrade
from diklat.db.models import Attachment, Enrolment
from diklat.domain.workflow import Stage
from diklat.io.seed import SeedInvalid, read_seed_dir
from diklat.services import attachments
from diklat.services.errors import Forbidden
from diklat.services.seeding import apply_seed

DECREE = {
    "slot": "M1",
    "name": "SK Tim Efektif.pdf",
    "title": "Keputusan Kepala Dinas Nomor 060/436/2026 tentang Tim Efektif",
    "lines": ["Menetapkan susunan tim efektif:", "1. Budi Santoso: ketua"],
    "added_at": "2026-05-02T09:00:00",
}


def _seed(implementation: list[dict], report: list[dict] | None = None) -> dict:
    seed = valid_seed()
    stages = seed["cohorts"][0]["enrolments"][0]["stages"]
    stages["design"] = {"draft": complete(Stage.DESIGN), "draft_saved_at": "2026-04-01T10:00:00"}
    stages["implementation"] = {
        "draft": complete(Stage.IMPLEMENTATION),
        "draft_saved_at": "2026-05-03T10:00:00",
        "attachments": implementation,
    }
    if report is not None:
        stages["report"] = {
            "draft": complete(Stage.REPORT),
            "draft_saved_at": "2026-06-03T10:00:00",
            "attachments": report,
        }
    return seed


def _apply(tmp_path: Path, seed: dict) -> Database:
    folder = tmp_path / "seed"
    folder.mkdir(exist_ok=True)
    (folder / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    db = Database.open(tmp_path / "d.db")
    upgrade(db)
    apply_seed(db, ADMIN, read_seed_dir(folder))
    return db


def test_described_evidence_becomes_a_real_pdf_on_its_milestone(tmp_path: Path) -> None:
    from pypdf import PdfReader

    # Latin-1 text is set in Helvetica, anything else in the bundled DejaVu: both read back.
    whole = {
        **DECREE,
        "slot": "",
        "name": "Dokumentasi.pdf",
        "title": "Peluncuran “SiCepat” — ≤ 1 hari",
    }
    db = _apply(tmp_path, _seed([DECREE], [whole]))
    try:
        with db.read() as s:
            rows = s.execute(
                select(Attachment, Enrolment.person_id)
                .join(Enrolment, Enrolment.id == Attachment.enrolment_id)
                .order_by(Attachment.id)
            ).all()
            found = [
                (a.stage, a.slot, a.filename, a.kind, a.added_at, a.added_by == person, a.data)
                for a, person in rows
            ]
            for a, _ in rows:
                assert a.sha256 == hashlib.sha256(a.data).hexdigest() and a.size == len(a.data)
    finally:
        db.dispose()
    assert [f[:6] for f in found] == [
        ("implementation", "M1", "SK Tim Efektif.pdf", "pdf", datetime(2026, 5, 2, 9), True),
        ("report", "", "Dokumentasi.pdf", "pdf", datetime(2026, 5, 2, 9), True),
    ]
    text = " ".join(PdfReader(io.BytesIO(found[0][6])).pages[0].extract_text().split())
    assert "Tim Efektif" in text and "1. Budi Santoso: ketua" in text
    text = " ".join(PdfReader(io.BytesIO(found[1][6])).pages[0].extract_text().split())
    assert "Peluncuran “SiCepat” — ≤ 1 hari" in text
    # the same seed makes the same bytes (the PDF is dated by added_at, not by the clock)
    (tmp_path / "lagi").mkdir()
    again = _apply(tmp_path / "lagi", _seed([DECREE]))
    try:
        with again.read() as s:
            assert s.scalar(select(Attachment.data)) == found[0][6]
    finally:
        again.dispose()


@pytest.mark.parametrize(
    ("where", "change", "words"),
    [
        ("implementation", {"slot": "M9"}, "Tonggak 'M9' tidak ada"),
        ("implementation", {"slot": "M2"}, "Tonggak 'M2' tidak ada"),  # medium term
        ("implementation", {"slot": ""}, "Tonggak '' tidak ada"),  # only the report has ""
        ("implementation", {"name": "foto.png"}, "tidak sesuai dengan akhiran namanya"),
        ("design", {}, "tidak menerima lampiran"),
    ],
)
def test_evidence_a_participant_could_not_attach_is_refused_whole(
    tmp_path: Path, where: str, change: dict, words: str
) -> None:
    seed = _seed([])
    seed["cohorts"][0]["enrolments"][0]["stages"][where]["attachments"] = [{**DECREE, **change}]
    db = Database.open(tmp_path / "d.db")
    upgrade(db)
    before = snapshot(db)
    folder = tmp_path / "seed"
    folder.mkdir()
    (folder / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    with pytest.raises(SeedInvalid) as refused:
        apply_seed(db, ADMIN, read_seed_dir(folder))
    (problem,) = refused.value.problems
    assert words in problem.reason and f"stages › {where} › attachments[1]" in problem.where
    assert snapshot(db) == before
    db.dispose()


@pytest.mark.parametrize("extra", [{"data": "JVBERi0x"}, {"path": "/etc/passwd"}])
def test_a_seed_carries_no_file_of_its_own(tmp_path: Path, extra: dict) -> None:
    with pytest.raises(SeedInvalid) as refused:
        _apply(tmp_path, _seed([{**DECREE, **extra}]))
    assert "isian tidak dikenal" in str(refused.value.problems[0])


def test_the_demo_coach_opens_the_evidence_of_a_participant(demo_db: Path) -> None:
    from diklat.db.models import Account
    from diklat.services.auth import _actor_of
    from diklat.services.documents import project_document

    db = Database.open(demo_db)
    try:
        with db.read() as s:
            coach = _actor_of(s.scalar(select(Account).where(Account.login == "coach")))
            eids = sorted(set(s.scalars(select(Attachment.enrolment_id))))
        shown = {}
        for eid in eids:
            try:
                listed = attachments.list_attachments(db, coach, eid, Stage.IMPLEMENTATION)
            except Forbidden:  # not the demo coach's participant
                continue
            shown[eid] = [(a.slot, a.filename) for a in listed]
            for a in listed:
                got = attachments.fetch(db, coach, a.id)
                assert got.data.startswith(b"%PDF-") and got.mime == "application/pdf"
        assert list(shown.values()) == [
            [("M1", "SK Tim Efektif.pdf"), ("M1", "Notulen rapat koordinasi.pdf")]
        ]
        # the finished cohort's first participant: the report's export lists both files
        doc = project_document(db, ADMIN, eids[0], "report")
        assert [(e.stage, e.filename) for e in doc.evidence] == [
            (Stage.IMPLEMENTATION, "SK Tim Efektif.pdf"),
            (Stage.REPORT, "Pernyataan keberlanjutan.pdf"),
        ]
        # and the versions sent hold them
        held = attachments.list_attachments(db, ADMIN, eids[0], Stage.IMPLEMENTATION, version=1)
        assert [a.filename for a in held] == ["SK Tim Efektif.pdf"]
    finally:
        db.dispose()


def test_the_command_line_counts_the_evidence_it_loads(tmp_path: Path) -> None:
    from cli_runner import run_cli

    folder = tmp_path / "seed"
    folder.mkdir()
    whole = {**DECREE, "slot": "", "name": "Dokumentasi.pdf"}
    (folder / "seed.json").write_text(json.dumps(_seed([DECREE], [whole])), encoding="utf-8")
    done = run_cli("--db", str(tmp_path / "d.db"), "seed", str(folder))
    assert done.code == 0, done.err
    assert done.out.strip().endswith("2 lampiran."), done.out
