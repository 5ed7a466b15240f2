"""``diklat institution``, ``diklat remind`` and ``diklat audit``, run in-process; the
audit log's reader (filters, who may read what); command-line entries name the
operating-system user."""

from __future__ import annotations

import csv
import getpass
import io
from datetime import date

import pytest
from cli_runner import run_cli
from factories import World, snapshot
from openpyxl import load_workbook
from PIL import Image
from smtp_support import PASSWORD, free_port, smtp_server
from test_reminders import FROM, late_world

from diklat.services import audit_log, cohort_admin, institutions
from diklat.services.audit_log import AuditFilter
from diklat.services.errors import Forbidden, Invalid

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
A = "ANGK-A"


def cli(world: World, *args: str, env: dict[str, str] | None = None):
    return run_cli("--db", str(world.path), *args, env=env)


def test_institution_add_edit_list_and_the_operator_in_the_audit_log(
    world: World, tmp_path
) -> None:
    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (80, 80), (10, 120, 10)).save(logo, "JPEG")
    done = cli(
        world,
        "institution",
        "add",
        "BPSDM-SB",
        "--name",
        "BPSDM Provinsi Sumatera Barat",
        "--letterhead",
        "PEMERINTAH PROVINSI SUMATERA BARAT",
        "--letterhead",
        "BADAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        "--place",
        "Padang",
        "--signatory-name",
        "Dr. Ir. Yunaldi",
        "--signatory-nip",
        "19700101 199503 1 001",
        "--signatory-title",
        "Kepala Badan",
        "--logo",
        str(logo),
    )
    assert done.code == 0, done.both
    assert "BPSDM-SB ditambahkan" in done.out and "image/jpeg" in done.out
    info = institutions.get_institution(world.db, world.actor("ADMIN"), "BPSDM-SB")
    assert len(info.letterhead) == 2 and info.signatory.nip == "197001011995031001"
    done = cli(world, "institution", "edit", "BPSDM-SB", "--place", "Bukittinggi", "--no-logo")
    assert done.code == 0, done.both
    info = institutions.get_institution(world.db, world.actor("ADMIN"), "BPSDM-SB")
    assert info.place == "Bukittinggi" and info.logo_mime is None and len(info.letterhead) == 2
    listed = cli(world, "institution", "list")
    assert "BPSDM-SB" in listed.out and "Bukittinggi" in listed.out
    # Refusals: one line, nothing changed.
    before = snapshot(world.db)
    bad = cli(world, "institution", "edit", "BPSDM-SB", "--signatory-nip", "123")
    assert bad.code == 1 and "NIP penandatangan tidak sah" in bad.err and "Traceback" not in bad.err
    notpng = tmp_path / "logo.png"
    notpng.write_text("<html></html>")
    bad = cli(world, "institution", "edit", "BPSDM-SB", "--logo", str(notpng))
    assert bad.code == 1 and "PNG atau JPEG" in bad.err
    assert snapshot(world.db) == before
    # The command line's entries name the operating-system user.
    page = audit_log.audit_entries(
        world.db, world.actor("ADMIN"), AuditFilter(action="institution_edited")
    )
    assert page.total == 1 and page.rows[0].operator == getpass.getuser()
    assert page.rows[0].actor == "" and page.rows[0].old["city"] == "Padang"
    shown = cli(world, "audit", "--action", "institution_added")
    assert f"baris perintah ({getpass.getuser()})" in shown.out


def test_audit_csv_filters_by_cohort_and_date(world: World) -> None:
    k1 = world.actor("K1")
    cohort_admin.update_cohort(world.db, k1, A, cohort_admin.CohortChanges(angkatan="IX"))
    cohort_admin.update_cohort(
        world.db, world.actor("K2"), "ANGK-B", cohort_admin.CohortChanges(angkatan="X")
    )
    done = cli(
        world, "audit", "--cohort", A, "--since", date.today().isoformat(), "--format", "csv"
    )
    assert done.code == 0, done.both
    rows = list(csv.DictReader(io.StringIO(done.out)))
    assert [r["tindakan"] for r in rows] == ["cohort_created", "cohort_updated"]  # oldest first
    assert rows[1]["pelaku"] == "Koordinator A" and rows[1]["angkatan"] == A
    assert '"angkatan": "IX"' in rows[1]["baru"]
    later = cli(world, "audit", "--cohort", A, "--since", "2999-01-01", "--format", "csv")
    assert later.out.count("\n") == 1  # the header only
    bad = cli(world, "audit", "--since", "kemarin")
    assert bad.code == 2 and "--since" in bad.err


def test_the_audit_log_is_the_admins_and_each_cohorts_coordinators(world: World) -> None:
    cohort_admin.update_cohort(
        world.db, world.actor("K1"), A, cohort_admin.CohortChanges(angkatan="IX")
    )
    cohort_admin.update_cohort(
        world.db, world.actor("K2"), "ANGK-B", cohort_admin.CohortChanges(angkatan="X")
    )
    mine = audit_log.audit_entries(world.db, world.actor("K1"))
    assert {r.cohort for r in mine.rows} == {A}
    everything = audit_log.audit_entries(world.db, world.actor("ADMIN"))
    assert {"ANGK-B", A, ""} <= {r.cohort for r in everything.rows}  # accounts have no cohort
    with pytest.raises(Forbidden):
        audit_log.audit_entries(world.db, world.actor("K1"), AuditFilter(cohort="ANGK-B"))
    by_person = audit_log.audit_entries(
        world.db, world.actor("ADMIN"), AuditFilter(person="koordinator b")
    )
    assert by_person.rows and {r.actor for r in by_person.rows} == {"Koordinator B"}
    assert "cohort_updated" in audit_log.audit_actions(world.db, world.actor("K1"))
    with pytest.raises(Invalid):
        audit_log.audit_entries(
            world.db,
            world.actor("ADMIN"),
            AuditFilter(since=date(2026, 5, 2), until=date(2026, 5, 1)),
        )
    for who in ("C1", "P1", "M1", "X1"):
        with pytest.raises(Forbidden):
            audit_log.audit_entries(world.db, world.actor(who))
        with pytest.raises(Forbidden):
            audit_log.audit_actions(world.db, world.actor(who))
        with pytest.raises(Forbidden):
            list(audit_log.iter_entries(world.db, world.actor(who)))


def test_remind_lists_writes_the_list_and_sends_without_showing_the_password(
    world: World, tmp_path
) -> None:
    late_world(world)
    listed = cli(world, "remind", "--cohort", A, "-o", str(tmp_path / "terlambat.xlsx"))
    assert listed.code == 0, listed.both
    assert "Peserta: Peserta Dua <p2@contoh.go.id>" in listed.out
    sheet = load_workbook(tmp_path / "terlambat.xlsx").active
    assert any("Peserta Dua" in [str(c.value) for c in row] for row in sheet.iter_rows())
    refused = cli(
        world,
        "remind",
        "--cohort",
        A,
        "--send",
        env={
            "DIKLAT_SMTP_URL": f"smtps://diklat:{PASSWORD}@127.0.0.1:{free_port()}",
            "DIKLAT_SMTP_FROM": FROM,
        },
    )
    assert refused.code == 1 and "Tidak dapat terhubung" in refused.err
    assert PASSWORD not in refused.both  # and nothing was recorded as sent:
    with smtp_server() as inbox:
        env = {"DIKLAT_SMTP_URL": inbox.url, "DIKLAT_SMTP_FROM": FROM}
        sent = cli(world, "remind", "--cohort", A, "--send", env=env)
        assert sent.code == 0, sent.both
        assert PASSWORD not in sent.both and "127.0.0.1" in sent.err
        addresses = {m["To"].addresses[0].addr_spec for m in inbox.messages}
        assert {"p2@contoh.go.id", "c1@contoh.go.id"} <= addresses
        again = cli(world, "remind", "--cohort", A, "--send", env=env)
        assert again.code == 0 and len(inbox.messages) == len(addresses)
        assert "0 pengingat terkirim" in again.out
    unset = cli(world, "remind", "--cohort", A, "--send")
    assert unset.code == 1 and "DIKLAT_SMTP_URL" in unset.err


def test_a_graduation_list_before_release_with_marks_missing_is_a_draft(
    world: World, tmp_path
) -> None:
    from pypdf import PdfReader

    from diklat.services import marking_status, results

    for who in ("K2", "C1", "P1"):
        with pytest.raises(Forbidden):
            marking_status.graduation_is_draft(world.db, world.actor(who), A)
    assert marking_status.graduation_is_draft(world.db, world.actor("K1"), A)
    csv_done = cli(world, "export", "graduation", "--cohort", A, "-o", str(tmp_path / "g.csv"))
    assert csv_done.code == 0 and "DRAF" in csv_done.err
    header = (tmp_path / "g.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "DRAF" not in header  # the CSV keeps its columns
    xlsx = cli(world, "export", "graduation", "--cohort", A, "-o", str(tmp_path / "g.xlsx"))
    assert xlsx.code == 0, xlsx.both
    sheet = load_workbook(tmp_path / "g.xlsx").active
    assert str(sheet["A1"].value).startswith("DRAF — ")
    pdf = cli(world, "export", "graduation", "--cohort", A, "-o", str(tmp_path / "g.pdf"))
    assert pdf.code == 0, pdf.both
    assert "DRAF" in PdfReader(tmp_path / "g.pdf").pages[0].extract_text()
    # Released: no longer a draft, whatever is missing (the release is the decision).
    results.release(world.db, world.actor("K1"), world.cohort_ids["A"])
    assert not marking_status.graduation_is_draft(world.db, world.actor("K1"), A)
    final = cli(world, "export", "graduation", "--cohort", A, "-o", str(tmp_path / "f.xlsx"))
    assert final.code == 0 and "DRAF" not in final.err
    assert not str(load_workbook(tmp_path / "f.xlsx").active["A1"].value).startswith("DRAF")
    final_pdf = cli(world, "export", "graduation", "--cohort", A, "-o", str(tmp_path / "f.pdf"))
    assert final_pdf.code == 0
    assert "DRAF" not in PdfReader(tmp_path / "f.pdf").pages[0].extract_text()
