"""Typed SQLAlchemy 2 models.

Stage content is stored as a validated JSON document (see ``domain/content.py``):
the draft on ``stage_records`` and every submitted version frozen on
``submissions``. Everything that people query, decide on or mark has its own
columns. Rows that two people may edit at once carry ``version`` (optimistic
locking, checked by SQLAlchemy on every UPDATE).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Institution(Base):
    __tablename__ = "institutions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    # The place documents are signed at ("Bogor, 25 September 2018").
    city: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Lines printed under the name on the letterhead, separated by newlines.
    letterhead: Mapped[str] = mapped_column(Text, default="", server_default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_mime: Mapped[str | None] = mapped_column(String(20))
    signatory_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signatory_nip: Mapped[str] = mapped_column(String(18), default="", server_default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str | None] = mapped_column(String(18), unique=True)
    nrp: Mapped[str | None] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    pangkat_golongan: Mapped[str] = mapped_column(String(120), default="")
    jabatan: Mapped[str] = mapped_column(String(300), default="")
    instansi: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    account: Mapped[Account | None] = relationship(back_populates="person", uselist=False)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    # Log-in name: the NIP for civil servants, a short name for staff without one.
    login: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Kept only until the first log-in so that the coordinator can print slips; cleared
    # when the user sets their own password.
    one_time_password: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    person: Mapped[Person] = relationship(back_populates="account")


class Cohort(Base):
    __tablename__ = "cohorts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    program_name: Mapped[str] = mapped_column(String(200), default="Diklatpim IV")
    project_term: Mapped[str] = mapped_column(String(60), default="proyek perubahan")
    angkatan: Mapped[str] = mapped_column(String(40), default="")
    year: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    # The cohort's own signatory of its documents; NULL means the institution's.
    signatory_name: Mapped[str | None] = mapped_column(String(200))
    signatory_nip: Mapped[str | None] = mapped_column(String(18))
    signatory_title: Mapped[str | None] = mapped_column(String(200))
    # The cohort's own copy of its rule set (domain.rules.RuleSet as JSON), editable.
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="open")
    results_released_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    institution: Mapped[Institution | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class CohortStaff(Base):
    """A person's role inside one cohort (coordinator, coach, mentor, examiner)."""

    __tablename__ = "cohort_staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    __table_args__ = (UniqueConstraint("cohort_id", "person_id", "role"),)


class Deadline(Base):
    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(30))
    due: Mapped[date] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("cohort_id", "stage"),)


class Enrolment(Base):
    __tablename__ = "enrolments"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    ndh: Mapped[int] = mapped_column(Integer)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    # Attendance recap imported as numbers (used when no per-session attendance exists).
    recap_scheduled: Mapped[int | None] = mapped_column(Integer)
    recap_attended: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    cohort: Mapped[Cohort] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    coach: Mapped[Person | None] = relationship(foreign_keys=[coach_id])
    mentor: Mapped[Person | None] = relationship(foreign_keys=[mentor_id])
    __table_args__ = (
        UniqueConstraint("cohort_id", "ndh"),
        UniqueConstraint("cohort_id", "person_id"),
    )
    __mapper_args__ = {"version_id_col": version}


class EnrolmentExaminer(Base):
    __tablename__ = "enrolment_examiners"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    __table_args__ = (UniqueConstraint("enrolment_id", "person_id"),)


class Extension(Base):
    """A participant's own later deadline for one stage."""

    __tablename__ = "extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(30))
    due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("enrolment_id", "stage"),)


class StageRecord(Base):
    """One stage of one participant: its state and the working draft."""

    __tablename__ = "stage_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(30), default="draft")
    draft: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    draft_saved_at: Mapped[datetime | None] = mapped_column(DateTime)
    state_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (
        UniqueConstraint("enrolment_id", "stage"),
        Index("ix_stage_records_state_changed", "state", "state_changed_at"),
        # covers the approved stages of many cohorts' enrolments (results; migration 0003)
        Index("ix_stage_records_enrolment_state_stage", "enrolment_id", "state", "stage"),
    )
    __mapper_args__ = {"version_id_col": version}


class Submission(Base):
    """A frozen version of a stage document, as submitted."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(30))
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    __table_args__ = (UniqueConstraint("enrolment_id", "stage", "number"),)


class Review(Base):
    """A decision on one submission. ``recorded_by`` differs from ``reviewer_id`` when
    the coordinator records it on the reviewer's behalf."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    decision: Mapped[str] = mapped_column(String(30))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    # The document section the comment concerns; empty for an overall comment.
    section: Mapped[str] = mapped_column(String(60), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReviewDraft(Base):
    """A reviewer's comments and decision on a submission while they are being written,
    saved a moment after each change: closing the terminal loses no typed comment. One
    per reviewer and submission; deciding removes it (the comments become ``Comment`` rows)."""

    __tablename__ = "review_drafts"
    __table_args__ = (UniqueConstraint("submission_id", "author_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    # [[section, text], ...]; section "" for the overall comment.
    comments: Mapped[list[Any]] = mapped_column(JSON)
    approve: Mapped[bool | None] = mapped_column(
        Boolean, nullable=True
    )  # the decision picked, if any
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Mark(Base):
    __tablename__ = "marks"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    component: Mapped[str] = mapped_column(String(30))
    marker_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    marker_role: Mapped[str] = mapped_column(String(20))
    score: Mapped[Decimal] = mapped_column(Numeric(5, 2, asdecimal=True))
    rubric_code: Mapped[str | None] = mapped_column(String(60))
    rubric_version: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (
        UniqueConstraint("enrolment_id", "component", "marker_id"),
        Index(
            "ix_marks_enrolment_component_score", "enrolment_id", "component", "score"
        ),  # results (0003)
    )
    __mapper_args__ = {"version_id_col": version}


class MarkCriterion(Base):
    """One rubric criterion's level and score inside a mark."""

    __tablename__ = "mark_criteria"
    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("marks.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(60), default="")
    score: Mapped[Decimal] = mapped_column(Numeric(5, 2, asdecimal=True))
    __table_args__ = (UniqueConstraint("mark_id", "criterion"),)


class Moderation(Base):
    """The coordinator's settlement of a component whose marks differ by more than the tolerance."""

    __tablename__ = "moderations"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    component: Mapped[str] = mapped_column(String(30))
    score: Mapped[Decimal] = mapped_column(Numeric(5, 2, asdecimal=True))
    reason: Mapped[str] = mapped_column(Text)
    settled_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    settled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (UniqueConstraint("enrolment_id", "component"),)
    __mapper_args__ = {"version_id_col": version}


class FrozenResults(Base):
    """A locked cohort's results, computed once when it was locked (``services.frozen_results``).

    Nothing that feeds a locked cohort's results may change, so they are stored then and
    read back as they are: the certified graduation list of a locked or closed cohort does
    not drift if a later version of diklat computes results differently. Unlocking deletes
    them (cascade to the rows)."""

    __tablename__ = "frozen_results"
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    frozen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    participants: Mapped[int] = mapped_column(Integer)


class FrozenResultRow(Base):
    """One row of a frozen graduation list (``services.graduation.ResultRow``), in list order.
    Decimals are kept as their exact text (SQLite has no exact decimal type); the reasons
    a participant did not pass as structured codes and values, so every language renders them."""

    __tablename__ = "frozen_result_rows"
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("frozen_results.cohort_id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)  # "no" on the list
    ndh: Mapped[int] = mapped_column(Integer)
    nip: Mapped[str] = mapped_column(String(18))  # the NIP, or the NRP, as printed then
    name: Mapped[str] = mapped_column(String(200))
    pangkat_golongan: Mapped[str] = mapped_column(String(120))
    jabatan: Mapped[str] = mapped_column(String(300))
    instansi: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    components: Mapped[dict[str, Any]] = mapped_column(
        JSON
    )  # code -> "85.50" or null, in rule-set order
    moderated: Mapped[str] = mapped_column(
        String(300), default=""
    )  # comma-separated component codes
    final: Mapped[str | None] = mapped_column(String(40))
    qualification: Mapped[str | None] = mapped_column(String(30))
    passed: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[list[Any]] = mapped_column(JSON)
    rank: Mapped[int | None] = mapped_column(Integer)
    best: Mapped[bool] = mapped_column(Boolean)
    certificate_no: Mapped[str | None] = mapped_column(String(200))
    scheduled: Mapped[int] = mapped_column(Integer)
    attended: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("cohort_id", "position"),)


class BankComment(Base):
    """A reviewer's reusable comment (the comment bank)."""

    __tablename__ = "comment_bank"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Rubric(Base):
    """A versioned rubric: editing one makes a new row with the next version."""

    __tablename__ = "rubrics"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer)
    component: Mapped[str] = mapped_column(String(30))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("code", "version"),)


class AttendanceSession(Base):
    __tablename__ = "attendance_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300), default="")


class Attendance(Base):
    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("attendance_sessions.id", ondelete="CASCADE")
    )
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    present: Mapped[bool] = mapped_column(Boolean)
    __table_args__ = (
        UniqueConstraint("session_id", "enrolment_id"),
        Index(
            "ix_attendance_session_enrolment_present", "session_id", "enrolment_id", "present"
        ),  # results (0003)
    )


class FieldVisit(Base):
    """A cohort's field visit (*benchmarking*, *studi lapangan*): one date, a programme and
    the hosts the participants visit in groups."""

    __tablename__ = "field_visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    held_on: Mapped[date] = mapped_column(Date)
    programme: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class VisitHost(Base):
    """One host of a field visit and the group of participants who visit it. ``key`` is
    unique in the cohort: participants' benchmarking notes name the host by it. The group
    writes one report."""

    __tablename__ = "visit_hosts"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("field_visits.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    institution: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    practice: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[str] = mapped_column(Text, default="")
    report_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    report_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (UniqueConstraint("visit_id", "key"),)
    __mapper_args__ = {"version_id_col": version}


class VisitMember(Base):
    """A participant in the group that visits one host."""

    __tablename__ = "visit_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("visit_hosts.id", ondelete="CASCADE"))
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    __table_args__ = (UniqueConstraint("host_id", "enrolment_id"),)


class DetailCorrection(Base):
    """A participant's request to correct their name, jabatan or instansi (printed on
    every cover): kept with its decision; approving it changes the person."""

    __tablename__ = "detail_corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[str] = mapped_column(String(300), default="")
    new_value: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Attachment(Base):
    """A file of evidence on a stage (implementation, report), in the database so that a
    backup holds it. A version's files are those added before it was submitted and not
    removed by then: removing a file a version holds only marks it removed."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(30))
    # A short-term milestone's key; "" for the stage's document as a whole.
    slot: Mapped[str] = mapped_column(String(20), default="")
    filename: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    added_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Last in the row: SQLite reads a row's columns in order, so a listing of names and
    # dates would otherwise walk every file's pages (16.9 ms for 30 files of 1 MB, 2.8
    # ms with the bytes last).
    data: Mapped[bytes] = mapped_column(LargeBinary)
    __table_args__ = (Index("ix_attachments_enrolment_stage", "enrolment_id", "stage"),)


class UploadTicket(Base):
    """Leave for one file to be sent from a browser to a served session's stage: the
    session makes it for its participant, the server's upload page spends it once."""

    __tablename__ = "upload_tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(30))
    slot: Mapped[str] = mapped_column(String(20), default="")
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", ondelete="SET NULL")
    )
    # What the last refused file was refused for (a catalogue key and its parameters),
    # for the session that waits on the ticket to say.
    refusal: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # Set when the actor acted on someone else's behalf (a coordinator for a mentor).
    on_behalf_of: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    cohort_id: Mapped[int | None] = mapped_column(Integer, index=True)
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
