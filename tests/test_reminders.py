"""Who is late and the reminders, sent to a real SMTP server on loopback (aiosmtpd):
one message per person in Indonesian, every send audited, nothing twice within a day,
a refused connection or log-in sends and records nothing, the password never shown."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from factories import World, snapshot, submit
from smtp_support import PASSWORD, free_port, smtp_server
from sqlalchemy import func, select, update

from diklat.db.models import AuditEntry, Person, StageRecord
from diklat.domain.errors import DomainError
from diklat.domain.workflow import Stage
from diklat.io.mail import smtp_config
from diklat.services import cohort_admin, reminders
from diklat.services.errors import Forbidden, Invalid

# The loopback server asks for a log-in without TLS (the real server does TLS).
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
A = "ANGK-A"
TODAY = date(2026, 5, 1)
FROM = "diklat@bpsdm.contoh.go.id"


def set_email(world: World, key: str, email: str) -> None:
    with world.db.write() as s:
        s.execute(update(Person).where(Person.id == world.pid(key)).values(email=email))


def late_world(world: World) -> World:
    """P2 is past the diagnosis deadline; P1 has an extension; C1 has waited five days to
    review P1's self-assessment."""
    k1 = world.actor("K1")
    cohort_admin.set_deadline(world.db, k1, A, Stage.DIAGNOSIS, date(2026, 4, 1))
    cohort_admin.set_extension(
        world.db, k1, world.enrolments["P1"], Stage.DIAGNOSIS, date(2026, 5, 15), "sakit"
    )
    submit(world.db, world.actor("P1"), world.enrolments["P1"], Stage.SELF_ASSESSMENT)
    with world.db.write() as s:
        s.execute(
            update(StageRecord)
            .where(StageRecord.enrolment_id == world.enrolments["P1"])
            .values(state_changed_at=datetime(2026, 4, 26, 9, 0))
        )
    for key in ("P1", "P2", "C1", "C3"):
        set_email(world, key, f"{key.lower()}@contoh.go.id")
    return world


def config(port: int | str, password: str = PASSWORD):
    return smtp_config(
        {
            "DIKLAT_SMTP_URL": f"smtp://diklat:{password}@127.0.0.1:{port}",
            "DIKLAT_SMTP_FROM": FROM,
        }
    )


def sent_count(world: World) -> int:
    with world.db.read() as s:
        return s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "reminder_sent")
        )


def test_the_late_list_counts_extensions_waiting_reviews_and_due_marks(world: World) -> None:
    late_world(world)
    late = reminders.late_list(world.db, world.actor("K1"), A, today=TODAY)
    people = {(r.kinds[0], r.name): r for r in late.reminders}
    assert set(people) == {("participant", "Peserta Dua"), ("reviewer", "Coach Satu")}
    (item,) = people[("participant", "Peserta Dua")].items
    assert item.subject == "Diagnosa Masalah" and item.on == date(2026, 4, 1) and item.days == 30
    (waiting,) = people[("reviewer", "Coach Satu")].items
    assert waiting.days == 5 and waiting.participant == "Peserta Satu"
    # A longer patience leaves the reviewer out; after the extension P1 is late too.
    later = reminders.late_list(
        world.db, world.actor("K1"), A, today=date(2026, 5, 20), review_days=30
    )
    assert {(r.kinds, r.name) for r in later.reminders} == {
        (("participant",), "Peserta Dua"),
        (("participant",), "Peserta Satu"),
    }
    # After the cohort's end the conduct marks are due from each coach.
    after = reminders.late_list(world.db, world.actor("K1"), A, today=date(2026, 8, 3))
    markers = {
        r.name: [i.participant for i in r.items if i.kind == "marker"] for r in after.of("marker")
    }
    assert markers == {"Coach Satu": ["Peserta Satu"], "Coach Tiga": ["Peserta Dua"]}
    with pytest.raises(Invalid):
        reminders.late_list(world.db, world.actor("K1"), A, review_days=-1)


def test_reminders_are_delivered_once_a_day_in_indonesian_and_audited(world: World) -> None:
    late_world(world)
    set_email(world, "C1", "")  # no address: listed, not sent
    with smtp_server() as inbox:
        report = reminders.send_reminders(
            world.db, world.actor("K1"), A, config(inbox.port), today=TODAY
        )
        assert report.sent == ["Peserta Dua"] and report.skipped_no_email == ["Coach Satu"]
        (mail,) = inbox.messages
        assert mail["To"] == "Peserta Dua <p2@contoh.go.id>" and mail["From"] == FROM
        assert mail["Subject"] == f"[{A}] Pengingat: tahapan yang melewati batas waktu"
        body = mail.get_content()
        assert "Yth. Peserta Dua," in body
        assert "Diagnosa Masalah: batas waktu 1 April 2026 (terlambat 30 hari)" in body
        assert "Lengkapi lalu ajukan tahapan Diagnosa Masalah di diklat." in body
        assert sent_count(world) == 1
        with world.db.read() as s:
            entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "reminder_sent")).one()
            assert entry.entity_id == world.pid("P2") and entry.actor_id == world.pid("K1")
            assert entry.new["to"] == "p2@contoh.go.id" and entry.new["kinds"] == ["participant"]
        # The same day again: nothing new to say, nothing sent.
        again = reminders.send_reminders(
            world.db, world.actor("K1"), A, config(inbox.port), today=TODAY
        )
        assert again.sent == [] and again.skipped_already == ["Peserta Dua"]
        assert len(inbox.messages) == 1 and sent_count(world) == 1
        # A new late item for the same person is sent, naming only what is new.
        set_email(world, "C1", "c1@contoh.go.id")
        third = reminders.send_reminders(
            world.db, world.actor("K1"), A, config(inbox.port), today=TODAY
        )
        assert third.sent == ["Coach Satu"]
        assert "menunggu pemeriksaan Anda" in inbox.to("c1@contoh.go.id")[0]["Subject"]


def test_a_refused_connection_sends_and_records_nothing_and_hides_the_password(
    world: World,
) -> None:
    late_world(world)
    before = snapshot(world.db)
    with pytest.raises(DomainError) as info:
        reminders.send_reminders(world.db, world.actor("K1"), A, config(free_port()), today=TODAY)
    assert info.value.key == "mail.connect_failed"
    text = info.value.message()
    assert "127.0.0.1" in text and "Tidak ada pesan yang dikirim" in text
    assert PASSWORD not in text
    assert snapshot(world.db) == before


def test_a_wrong_password_sends_and_records_nothing(world: World) -> None:
    late_world(world)
    with smtp_server() as inbox:
        before = snapshot(world.db)
        with pytest.raises(DomainError) as info:
            reminders.send_reminders(
                world.db, world.actor("K1"), A, config(inbox.port, "salah"), today=TODAY
            )
        assert info.value.key == "mail.login_failed" and "salah" not in info.value.message()
        assert inbox.messages == [] and snapshot(world.db) == before


def test_a_refused_recipient_is_reported_and_the_others_still_get_theirs(world: World) -> None:
    late_world(world)
    with smtp_server() as inbox:
        inbox.refuse.add("p2@contoh.go.id")
        report = reminders.send_reminders(
            world.db, world.actor("K1"), A, config(inbox.port), today=TODAY
        )
        assert report.sent == ["Coach Satu"]
        assert len(report.failed) == 1 and report.failed[0].startswith("Peserta Dua: ")
        assert "550" in report.failed[0]
        assert sent_count(world) == 1


def test_the_smtp_settings_are_checked_and_never_show_the_password() -> None:
    with pytest.raises(DomainError) as info:
        smtp_config({})
    assert info.value.key == "mail.no_url"
    with pytest.raises(DomainError) as info:
        smtp_config({"DIKLAT_SMTP_URL": "http://x@y", "DIKLAT_SMTP_FROM": FROM})
    assert info.value.key == "mail.bad_url"
    with pytest.raises(DomainError) as info:
        smtp_config({"DIKLAT_SMTP_URL": "smtps://a:b@mail.go.id"})
    assert info.value.key == "mail.no_from"
    cfg = smtp_config(
        {"DIKLAT_SMTP_URL": "smtps://kirim%40bpsdm:p%40ss@mail.go.id", "DIKLAT_SMTP_FROM": FROM}
    )
    assert (cfg.user, cfg.password, cfg.port) == ("kirim@bpsdm", "p@ss", 465)
    assert "p@ss" not in str(cfg) and "p@ss" not in repr(cfg)
    assert str(cfg) == "smtps://kirim@bpsdm@mail.go.id:465"


@pytest.mark.parametrize("who", ["K2", "C1", "M1", "X1", "P1", "P3"])
def test_only_the_cohorts_coordinators_see_and_send_reminders(world: World, who: str) -> None:
    late_world(world)
    before = snapshot(world.db)
    with pytest.raises(Forbidden):
        reminders.late_list(world.db, world.actor(who), A, today=TODAY)
    with pytest.raises(Forbidden):
        reminders.send_reminders(world.db, world.actor(who), A, config(free_port()), today=TODAY)
    assert snapshot(world.db) == before


def test_marking_completeness_counts_expected_and_received_marks(world: World) -> None:
    from diklat.services import marking_status

    status = marking_status.marking_completeness(world.db, world.actor("K1"), A, today=TODAY)
    by = {c.component: (c.expected, c.received) for c in status.components}
    # Two participants: conduct by the coach and a coordinator; the seminars by examiner,
    # coach and mentor (P2 has neither examiner nor mentor: missing, to be assigned).
    assert by == {"sikap": (4, 0), "rancangan": (6, 0), "laporan": (6, 0)}
    assert not status.complete and status.missing == 16
    for who in ("K2", "C1", "P1"):
        with pytest.raises(Forbidden):
            marking_status.marking_completeness(world.db, world.actor(who), A)


def test_a_name_with_controls_reaches_no_reminder(world: World) -> None:
    """A name an older version stored with terminal controls (and a line break, which
    an e-mail header refuses outright): the reminder goes out, text only."""
    from sqlalchemy import update as sql_update

    from diklat.db.models import Person

    late_world(world)
    hostile = "Peserta\x1b]0;judul\x07 Dua\u202e\u200b\r\nBcc: x@y"
    with world.db.write() as s:
        s.execute(sql_update(Person).where(Person.id == world.pid("P2")).values(name=hostile))
    with smtp_server() as inbox:
        reminders.send_reminders(world.db, world.actor("K1"), A, config(inbox.port), today=TODAY)
        (mail,) = inbox.to("p2@contoh.go.id")
        assert str(mail["To"]) == '"Peserta]0;judul Dua Bcc: x@y" <p2@contoh.go.id>'
        assert mail["Bcc"] is None
        body = mail.get_content()
        assert "Yth. Peserta]0;judul Dua" in body
        # (lines end in CRLF on the wire; the name's own line break is a line's)
        assert not any(c in body for c in "\x1b\x07\u202e\u200b"), repr(body)
