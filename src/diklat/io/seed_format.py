"""The seed format: a whole cohort at any point in time, as JSON (docs/seed-format.md).

A seed directory holds any number of ``*.json`` files, each a ``SeedFile``. People
are referred to by their NIP (grouped or not), NRP or log-in name. Stage states are
not written down: they follow from the versions and their reviews, so a seed
cannot say "approved" without the approval that made it so.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, NaiveDatetime, field_validator, model_validator

from diklat.domain.content import parse_content
from diklat.domain.errors import DomainError
from diklat.domain.imports import MAX_NDH
from diklat.domain.nip import parse_nip, parse_nrp
from diklat.domain.roles import Role
from diklat.domain.rules import RuleSet
from diklat.domain.workflow import Stage

FORMAT = "diklat-seed/1"
MAX_SESSIONS = 1000
MAX_VERSION = 1_000_000

# A reference to a person (NIP, NRP or log-in name), an institution, a component or a rubric.
Ref = Annotated[str, Field(min_length=1, max_length=60)]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SeedSignatory(_M):
    name: str = Field(min_length=1, max_length=200)
    nip: str = Field("", max_length=30)
    title: str = Field("", max_length=200)

    @field_validator("nip")
    @classmethod
    def _nip(cls, v: str) -> str:
        return parse_nip(v) if v else ""


class SeedInstitution(_M):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=300)
    city: str = Field("", max_length=120)  # the place its documents are signed at
    address: str = Field("", max_length=500)
    letterhead: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=6
    )
    signatory: SeedSignatory | None = None


class SeedAccount(_M):
    role: Role
    password: str = Field(min_length=1, max_length=200)
    must_change_password: bool = False


class SeedPerson(_M):
    nip: str | None = None
    nrp: str | None = None
    login: str | None = Field(None, max_length=60, pattern=r"^[a-z0-9._-]+$")
    name: str = Field(min_length=1, max_length=200)
    pangkat_golongan: str = Field("", max_length=120)
    jabatan: str = Field("", max_length=300)
    instansi: str = Field("", max_length=300)
    email: str = Field("", max_length=200)
    account: SeedAccount | None = None

    @field_validator("nip")
    @classmethod
    def _nip(cls, v: str | None) -> str | None:
        return parse_nip(v) if v is not None else None

    @field_validator("nrp")
    @classmethod
    def _nrp(cls, v: str | None) -> str | None:
        return parse_nrp(v) if v is not None else None

    @model_validator(mode="after")
    def _identified(self) -> SeedPerson:
        if not (self.nip or self.nrp or self.login):
            raise DomainError("seed.person_unidentified")
        return self

    @property
    def refs(self) -> list[str]:
        return [r for r in (self.nip, self.nrp, self.login) if r]


class SeedComment(_M):
    section: str = Field("", max_length=60)
    text: str = Field(min_length=1, max_length=8000)


class SeedReview(_M):
    by: Ref
    decision: Literal["approved", "revision_requested"]
    at: NaiveDatetime
    recorded_by: Ref | None = None  # a coordinator recording it on the reviewer's behalf
    comments: list[SeedComment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _revision_has_comment(self) -> SeedReview:
        if self.decision == "revision_requested" and not self.comments:
            raise DomainError("seed.revision_without_comment")
        return self


class SeedVersion(_M):
    content: dict[str, Any]
    submitted_at: NaiveDatetime
    review: SeedReview | None = None


class SeedAttachment(_M):
    """A file of evidence, described rather than carried: the loader makes it a one-page
    PDF (``title`` and ``lines``) when the seed is applied. A version holds the files
    added before it was submitted."""

    slot: str = Field("", max_length=20)  # a short-term milestone's key; "" for the report
    name: str = Field(min_length=1, max_length=120)
    title: str = Field(min_length=1, max_length=200)
    lines: list[Annotated[str, Field(max_length=300)]] = Field(default_factory=list, max_length=40)
    added_at: NaiveDatetime


class SeedStage(_M):
    versions: list[SeedVersion] = Field(default_factory=list)
    # The working draft when it differs from the last version (or when nothing was submitted yet).
    draft: dict[str, Any] | None = None
    draft_saved_at: NaiveDatetime | None = None
    attachments: list[SeedAttachment] = Field(default_factory=list, max_length=30)

    @model_validator(mode="after")
    def _history(self) -> SeedStage:
        for i, version in enumerate(self.versions[:-1]):
            if version.review is None or version.review.decision != "revision_requested":
                raise DomainError("seed.version_not_sent_back", n=i + 1)
        if not self.versions and self.draft is None:
            raise DomainError("seed.stage_empty")
        return self


class SeedMarkCriterion(_M):
    criterion: str = Field(min_length=1, max_length=60)
    level: str = Field("", max_length=60)
    score: Decimal = Field(ge=0, le=100, decimal_places=2)


class SeedMark(_M):
    component: Ref
    marker: Ref
    role: Role
    # Checked against the cohort's rule set when loaded; here only kept to a sane size.
    score: Decimal = Field(max_digits=12)
    recorded_by: Ref | None = None
    rubric: Ref | None = None
    rubric_version: int | None = Field(None, ge=1, le=MAX_VERSION)
    criteria: list[SeedMarkCriterion] = Field(default_factory=list)


class SeedExtension(_M):
    stage: Stage
    due: date
    reason: str = Field("", max_length=500)


class SeedRecap(_M):
    scheduled: int = Field(ge=0, le=MAX_SESSIONS)
    attended: int = Field(ge=0, le=MAX_SESSIONS)

    @model_validator(mode="after")
    def _le(self) -> SeedRecap:
        if self.attended > self.scheduled:
            raise DomainError("io.attended_more", attended=self.attended, scheduled=self.scheduled)
        return self


class SeedEnrolment(_M):
    ndh: int = Field(ge=1, le=MAX_NDH)
    person: Ref
    coach: Ref | None = None
    mentor: Ref | None = None
    examiners: list[Ref] = Field(default_factory=list)
    status: Literal["active", "withdrawn", "dismissed"] = "active"
    status_reason: str = Field("", max_length=500)
    absent: list[int] = Field(
        default_factory=list, description="1-based numbers of the sessions missed"
    )
    attendance_recap: SeedRecap | None = None
    extensions: list[SeedExtension] = Field(default_factory=list)
    stages: dict[Stage, SeedStage] = Field(default_factory=dict)
    marks: list[SeedMark] = Field(default_factory=list)

    @model_validator(mode="after")
    def _content(self) -> SeedEnrolment:
        for stage, record in self.stages.items():
            for version in record.versions:
                version.content = parse_content(stage, version.content).model_dump(mode="json")
            if record.draft is not None:
                record.draft = parse_content(stage, record.draft).model_dump(mode="json")
        return self


class SeedSession(_M):
    on: date
    title: str = Field("", max_length=300)


class SeedVisitHost(_M):
    key: str = Field(min_length=1, max_length=20, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    institution: str = Field(min_length=1, max_length=300)
    address: str = Field("", max_length=8000)
    contact: str = Field("", max_length=300)
    practice: str = Field("", max_length=8000)
    participants: list[int] = Field(default_factory=list, description="the group, by NDH")
    report: str = Field("", max_length=20000)


class SeedVisit(_M):
    on: date
    title: str = Field("", max_length=300)
    programme: str = Field("", max_length=8000)
    hosts: list[SeedVisitHost] = Field(min_length=1)


class SeedCohort(_M):
    code: str = Field(min_length=1, max_length=40, pattern=r"^\S+$")
    name: str = Field(min_length=1, max_length=300)
    program_name: str = Field("Diklatpim IV", max_length=200)
    project_term: str = Field("proyek perubahan", max_length=60)
    angkatan: str = Field("", max_length=40)
    start: date
    end: date
    institution: Ref | None = None
    rules: RuleSet | None = None
    status: Literal["open", "closed"] = "open"
    results_released_at: NaiveDatetime | None = None
    locked_at: NaiveDatetime | None = None
    deadlines: dict[Stage, date] = Field(default_factory=dict)
    coordinators: list[Ref] = Field(default_factory=list)
    sessions: list[SeedSession] = Field(default_factory=list)
    enrolments: list[SeedEnrolment] = Field(default_factory=list)
    visits: list[SeedVisit] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates(self) -> SeedCohort:
        if self.end < self.start:
            raise DomainError("seed.end_before_start", start=self.start, end=self.end)
        return self


class SeedFile(_M):
    format: Literal["diklat-seed/1"] = FORMAT
    institutions: list[SeedInstitution] = Field(default_factory=list)
    people: list[SeedPerson] = Field(default_factory=list)
    cohorts: list[SeedCohort] = Field(default_factory=list)
