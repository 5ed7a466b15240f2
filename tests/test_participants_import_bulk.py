"""Importing participants writes in bulk (services.enrolment): the number of SQL
statements does not grow with the rows (only with the number of CHUNK-row batches),
one-time passwords get light Argon2id parameters recorded in their hash and still log
in exactly once, a password a person chooses gets the full-strength defaults, NDH swaps
and clashes with the database are handled as before, all or nothing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, extract_parameters
from factories import SYSTEM, make_cohort
from sqlalchemy import event, func, select

from diklat.db.models import Account, AuditEntry, Enrolment, Person
from diklat.domain.imports import ImportInvalid, ParticipantRow
from diklat.domain.roles import Role
from diklat.services import auth, enrolment
from diklat.services.errors import Invalid

CODE = "BULK-2027"
DEFAULTS = PasswordHasher()  # what a chosen password is hashed with


def nip(i: int, year: int = 1980) -> str:
    """A valid NIP, different for each i < 28 * 999."""
    day, seq = divmod(i, 999)
    return f"{year}01{day + 1:02d}2005011{seq + 1:03d}"


def rows(n: int, *, jabatan: str = "Kepala Seksi", start: int = 0) -> list[ParticipantRow]:
    return [
        ParticipantRow(
            row=i + 2,
            nip=nip(start + i),
            nama=f"Peserta {start + i}",
            pangkat_golongan="Penata (III/c)",
            jabatan=jabatan,
            instansi="Dinas Kominfo",
        )
        for i in range(n)
    ]


def statements(db, call) -> int:
    count = 0

    def on(*_args) -> None:
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", on)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", on)
    return count


@pytest.fixture
def cohort_db(db):
    make_cohort(db, CODE)
    return db


def test_statements_do_not_grow_with_rows(tmp_path) -> None:
    from diklat.db.engine import Database
    from diklat.db.migrate import upgrade

    counts = {}
    for n in (50, 500, 1200):
        database = Database.open(tmp_path / f"n{n}.db")
        upgrade(database)
        make_cohort(database, CODE)
        first = statements(
            database, lambda: enrolment.import_participants(database, SYSTEM, CODE, rows(n))
        )
        # Again, with every person changed: updates instead of inserts.
        again = statements(
            database,
            lambda: enrolment.import_participants(
                database, SYSTEM, CODE, rows(n, jabatan="Kepala Bidang")
            ),
        )
        with database.read() as s:
            assert s.scalar(select(func.count()).select_from(Enrolment)) == n
            assert s.scalar(select(func.count()).select_from(Account)) == n
            assert set(s.scalars(select(Person.jabatan))) == {"Kepala Bidang"}
        database.dispose()
        counts[n] = (first, again)
    assert counts[50] == counts[500], counts  # one batch either way: the same statements
    # 1,200 rows are three batches of CHUNK (500): a handful of statements per batch, not per row.
    for i in (0, 1):
        assert counts[1200][i] - counts[500][i] <= 2 * 8, counts
    assert counts[50][0] < 20, counts


def test_audit_rows_are_written_for_every_row(cohort_db) -> None:
    enrolment.import_participants(cohort_db, SYSTEM, CODE, rows(3))
    enrolment.import_participants(cohort_db, SYSTEM, CODE, rows(3, jabatan="Kepala Bidang"))
    with cohort_db.read() as s:
        actions = [
            a
            for a in s.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
            if a not in ("cohort_created",)
        ]
        updated = s.scalars(select(AuditEntry).where(AuditEntry.action == "person_updated")).all()
        assert actions == ["enrolled"] * 3 + ["participants_imported"] + ["person_updated"] * 3 + [
            "participants_imported"
        ]
        assert {u.old["jabatan"] for u in updated} == {"Kepala Seksi"}
        assert {u.new["jabatan"] for u in updated} == {"Kepala Bidang"}
        imported = s.scalars(
            select(AuditEntry.new)
            .where(AuditEntry.action == "participants_imported")
            .order_by(AuditEntry.id)
        ).all()
        assert imported[0] == {"rows": 3, "new_people": 3, "accounts": 3}
        assert imported[1] == {"rows": 3, "new_people": 0, "accounts": 0}


def test_ndhs_may_be_swapped_in_one_import(cohort_db) -> None:
    first = rows(2)
    enrolment.import_participants(
        cohort_db,
        SYSTEM,
        CODE,
        [first[0].model_copy(update={"ndh": 1}), first[1].model_copy(update={"ndh": 2})],
    )
    report = enrolment.import_participants(
        cohort_db,
        SYSTEM,
        CODE,
        [first[0].model_copy(update={"ndh": 2}), first[1].model_copy(update={"ndh": 1})],
    )
    assert report.plan.changed_enrolments == 2 and report.accounts == 0
    with cohort_db.read() as s:
        got = dict(
            s.execute(
                select(Person.nip, Enrolment.ndh).join(Enrolment, Enrolment.person_id == Person.id)
            ).all()
        )
        versions = set(s.scalars(select(Enrolment.version)))
        changed = s.execute(
            select(AuditEntry.old, AuditEntry.new)
            .where(AuditEntry.action == "ndh_changed")
            .order_by(AuditEntry.id)
        ).all()
    assert got == {first[0].nip: 2, first[1].nip: 1}
    assert versions == {3}  # parked, then set: an edit made from an older copy is refused
    assert [tuple(c) for c in changed] == [({"ndh": 1}, {"ndh": 2}), ({"ndh": 2}, {"ndh": 1})]


def _counts(db) -> tuple[int, int, int, int]:
    with db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m))
            for m in (Person, Account, Enrolment, AuditEntry)
        )


def test_an_nrp_that_belongs_to_someone_else_is_a_problem_of_its_row_and_nothing_is_written(
    cohort_db,
) -> None:
    auth.add_user(
        cohort_db,
        SYSTEM,
        "1234567890",
        name="Polisi Satu",
        role=Role.PARTICIPANT,
        password="sandi-polisi-1",
        nrp=True,
    )
    before = _counts(cohort_db)
    good, clash = rows(2)
    with pytest.raises(ImportInvalid) as info:
        enrolment.import_participants(
            cohort_db, SYSTEM, CODE, [good, clash.model_copy(update={"nrp": "1234567890"})]
        )
    [problem] = info.value.problems
    assert (
        problem.row == 3
        and problem.column == "nrp"
        and "1234567890" in problem.reason
        and "Polisi Satu" in problem.reason
    )
    assert _counts(cohort_db) == before


def test_one_person_named_on_two_rows_is_a_problem(cohort_db) -> None:
    [row] = rows(1)
    enrolment.import_participants(
        cohort_db, SYSTEM, CODE, [row.model_copy(update={"nrp": "7654321"})]
    )
    before = _counts(cohort_db)
    by_nrp = ParticipantRow(row=3, nrp="7654321", nama="Sama Orangnya")
    with pytest.raises(ImportInvalid) as info:
        enrolment.import_participants(cohort_db, SYSTEM, CODE, [row, by_nrp])
    [problem] = info.value.problems
    assert problem.row == 3 and problem.column == "nrp" and "baris 2" in problem.reason
    assert _counts(cohort_db) == before


def _account(db, login: str) -> Account:
    with db.read() as s:
        account = s.scalar(select(Account).where(Account.login == login))
        s.expunge(account)
        return account


def test_an_imported_one_time_password_is_hashed_lightly_logs_in_once_and_the_chosen_one_is_full_strength(
    cohort_db,
) -> None:
    [row] = rows(1)
    report = enrolment.import_participants(cohort_db, SYSTEM, CODE, [row])
    assert report.accounts == 1
    account = _account(cohort_db, row.nip)
    otp = account.one_time_password
    assert len(otp) == 10 and account.must_change_password
    light = extract_parameters(account.password_hash)
    assert (light.time_cost, light.memory_cost, light.parallelism) == (
        auth.OTP_TIME_COST,
        auth.OTP_MEMORY_KIB,
        1,
    )
    assert light.memory_cost < DEFAULTS.memory_cost and light.type.name == "ID"

    actor = auth.login(cohort_db, row.nip, otp)
    used = _account(cohort_db, row.nip)
    assert used.password_hash.startswith(auth.USED_MARK) and used.one_time_password is None
    # The log-in replaced the light hash with a full-strength one before marking it used.
    assert not DEFAULTS.check_needs_rehash(used.password_hash[len(auth.USED_MARK) :])
    with pytest.raises(Invalid) as again:
        auth.login(cohort_db, row.nip, otp)
    assert again.value.key == "auth.one_time_used"

    auth.change_password(cohort_db, actor, otp, "sandi-pilihan-sendiri")
    chosen = _account(cohort_db, row.nip)
    assert not DEFAULTS.check_needs_rehash(chosen.password_hash)
    assert not chosen.must_change_password
    assert auth.login(cohort_db, row.nip, "sandi-pilihan-sendiri").person_id == actor.person_id


def test_a_wrong_guess_at_a_light_hash_also_pays_a_full_strength_check(
    cohort_db, monkeypatch
) -> None:
    [row] = rows(1)
    enrolment.import_participants(cohort_db, SYSTEM, CODE, [row])
    checked: list[int] = []
    real = auth._verify

    def spy(hashed: str, password: str) -> bool:
        checked.append(extract_parameters(hashed).memory_cost)
        return real(hashed, password)

    monkeypatch.setattr(auth, "_verify", spy)
    with pytest.raises(Invalid) as info:
        auth.login(cohort_db, row.nip, "tebakan-salah")
    assert info.value.key == "auth.bad_credentials"
    assert checked == [auth.OTP_MEMORY_KIB, DEFAULTS.memory_cost]
    assert _account(cohort_db, row.nip).failed_logins == 1
