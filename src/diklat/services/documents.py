"""Gather a participant's change-project documents (design and report) for export.

Who may: the participant (their own), the coach, mentor and examiners assigned to
them, the cohort's coordinator, and administrators.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from diklat.db.engine import Database
from diklat.db.models import Cohort, Enrolment, Institution, Person, StageRecord, Submission
from diklat.domain import attachments as attachment_rules
from diklat.domain.documents import Evidence, ProjectDocument
from diklat.domain.errors import DomainError
from diklat.domain.nip import parse_nip
from diklat.domain.roles import EVERYONE
from diklat.domain.workflow import Stage, State
from diklat.services.access import cohort_by_code, enrolment_for, visible_cohort_ids
from diklat.services.actor import Actor
from diklat.services.attachments import files_of
from diklat.services.errors import Forbidden, NotFound

PARTS = ("design", "report", "all")
READERS = EVERYONE


def find_enrolment(db: Database, actor: Actor, nip: str, cohort_code: str) -> int:
    """The enrolment of the person with ``nip`` (or NRP / log-in) in the cohort ``cohort_code``.

    Only for someone who may read that enrolment (as :func:`project_document`). Someone
    who takes no part in the cohort is refused before the search, so that they cannot
    learn who is enrolled there from "not enrolled" answers."""
    with db.read() as s:
        cohort = cohort_by_code(s, cohort_code)
        visible = visible_cohort_ids(s, actor)
        if visible is not None and cohort.id not in visible:
            raise Forbidden()
        try:
            ident = parse_nip(nip)
        except DomainError:
            ident = "".join(nip.split())
        person_id = s.scalar(select(Person.id).where((Person.nip == ident) | (Person.nrp == ident)))
        enrolment_id = None
        if person_id is not None:
            enrolment_id = s.scalar(
                select(Enrolment.id).where(
                    Enrolment.cohort_id == cohort.id, Enrolment.person_id == person_id
                )
            )
        if enrolment_id is None:
            raise NotFound("documents.not_enrolled", nip=nip, cohort=cohort_code)
        enrolment_for(s, actor, enrolment_id, READERS)
        return enrolment_id


def project_document(
    db: Database, actor: Actor, enrolment_id: int, part: str = "all"
) -> ProjectDocument:
    if part not in PARTS:
        raise NotFound("documents.unknown_part", part=part)
    with db.read() as s:
        enrolment, _ = enrolment_for(s, actor, enrolment_id, READERS)
        person = s.get(Person, enrolment.person_id)
        cohort = s.get(Cohort, enrolment.cohort_id)
        institution = s.get(Institution, cohort.institution_id) if cohort.institution_id else None
        staff = {
            pid: (name, nip or nrp or "")
            for pid, name, nip, nrp in s.execute(
                select(Person.id, Person.name, Person.nip, Person.nrp).where(
                    Person.id.in_([i for i in (enrolment.coach_id, enrolment.mentor_id) if i])
                )
            )
        }
        names = {pid: name for pid, (name, _) in staff.items()}
        wanted = [Stage.DESIGN, Stage.IMPLEMENTATION, Stage.REPORT]
        records = {
            Stage(r.stage): r
            for r in s.scalars(
                select(StageRecord).where(
                    StageRecord.enrolment_id == enrolment_id,
                    StageRecord.stage.in_([w.value for w in wanted]),
                )
            )
        }
        stages: dict[Stage, dict[str, Any]] = {}
        # When the content exported is a version's, the files listed are those it held.
        sent_at: dict[Stage, datetime | None] = {}
        for stage in wanted:
            record = records.get(stage)
            if record is not None:
                stages[stage] = dict(record.draft or {})
                sent_at[stage] = None
            else:
                latest = s.execute(
                    select(Submission.content, Submission.submitted_at)
                    .where(Submission.enrolment_id == enrolment_id, Submission.stage == stage.value)
                    .order_by(Submission.number.desc())
                    .limit(1)
                ).first()
                stages[stage] = dict(latest.content or {}) if latest else {}
                sent_at[stage] = latest.submitted_at if latest else None
        evidence: tuple[Evidence, ...] = ()
        if part != "design":
            evidence = tuple(
                Evidence(f.stage, f.slot, f.filename, f.kind, f.size, f.sha256)
                for stage in attachment_rules.STAGES
                for f in files_of(s, enrolment_id, stage, at=sent_at[stage])
            )
        return ProjectDocument(
            part=part,
            name=person.name,
            nip=person.nip or person.nrp or "",
            ndh=enrolment.ndh,
            pangkat_golongan=person.pangkat_golongan,
            jabatan=person.jabatan,
            instansi=person.instansi,
            cohort_code=cohort.code,
            cohort_name=cohort.name,
            angkatan=cohort.angkatan or cohort.name,
            program_name=cohort.program_name,
            project_term=cohort.project_term,
            institution=institution.name if institution else "",
            coach=names.get(enrolment.coach_id, ""),
            mentor=names.get(enrolment.mentor_id, ""),
            year=cohort.year or cohort.start_date.year,
            place=institution.city if institution else "",
            logo=institution.logo if institution else None,
            coach_nip=staff.get(enrolment.coach_id, ("", ""))[1],
            mentor_nip=staff.get(enrolment.mentor_id, ("", ""))[1],
            stages=stages,
            states={
                st: State(records[st].state) if st in records else State.NOT_STARTED
                for st in wanted
            },
            evidence=evidence,
        )
