"""Put validated seed files into the database in one transaction: all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database
from diklat.db.models import (
    Account,
    Attachment,
    Attendance,
    AttendanceSession,
    Cohort,
    CohortStaff,
    Comment,
    Deadline,
    Enrolment,
    EnrolmentExaminer,
    Extension,
    Institution,
    Mark,
    MarkCriterion,
    Person,
    Review,
    StageRecord,
    Submission,
)
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.domain.rules import default_ruleset, validate_mark
from diklat.domain.workflow import PREREQUISITE, STAGES, Stage, State, stage_label
from diklat.io.seed import SeedInvalid, SeedProblem
from diklat.io.seed_format import SeedAttachment, SeedCohort, SeedFile, SeedStage
from diklat.services import audit
from diklat.services.actor import Actor
from diklat.services.auth import hash_password
from diklat.services.errors import Forbidden


@dataclass
class SeedReport:
    institutions: int = 0
    people: int = 0
    accounts: int = 0
    cohorts: int = 0
    enrolments: int = 0
    submissions: int = 0
    marks: int = 0
    attachments: int = 0
    skipped_cohorts: list[str] = field(default_factory=list)


def _stage_state(record: SeedStage) -> State:
    if not record.versions:
        return State.DRAFT
    review = record.versions[-1].review
    if review is None:
        return State.SUBMITTED
    return State(review.decision)


class _Loader:
    def __init__(self, s: Session, actor: Actor) -> None:
        self.s = s
        self.actor = actor
        self.people: dict[str, int] = {}
        self.problems: list[SeedProblem] = []
        self.report = SeedReport()
        self.hashes: dict[str, str] = {}
        self.locked: list[
            Cohort
        ] = []  # cohorts that arrive locked: their results are frozen at the end

    def problem(self, file: str, where: str, reason: str) -> None:
        self.problems.append(SeedProblem(file, where, reason))

    def person(self, file: str, where: str, ref: str | None) -> int | None:
        if ref is None:
            return None
        key = ref.replace(" ", "") if ref.replace(" ", "").isdigit() else ref
        pid = self.people.get(key)
        if pid is None:
            from diklat.i18n import t

            self.problem(file, where, t("seed.unknown_person", ref=ref))
        return pid

    def load_existing_people(self) -> None:
        for pid, nip, nrp, login in self.s.execute(
            select(Person.id, Person.nip, Person.nrp, Account.login).outerjoin(
                Account, Account.person_id == Person.id
            )
        ):
            for ref in (nip, nrp, login):
                if ref:
                    self.people[ref] = pid

    def institutions(self, seed: SeedFile) -> None:
        for inst in seed.institutions:
            row = self.s.scalar(select(Institution).where(Institution.code == inst.code))
            if row is None:
                row = Institution(code=inst.code)
                self.s.add(row)
                self.report.institutions += 1
            who = inst.signatory
            row.name, row.city, row.address = inst.name, inst.city, inst.address
            row.letterhead = "\n".join(inst.letterhead)
            row.signatory_name = who.name if who else ""
            row.signatory_nip = who.nip if who else ""
            row.signatory_title = who.title if who else ""

    def add_people(self, file: str, seed: SeedFile) -> None:
        from diklat.i18n import t

        for i, p in enumerate(seed.people, 1):
            where = f"people[{i}] ({p.name})"
            existing = next((self.people[r] for r in p.refs if r in self.people), None)
            if existing is not None:
                row = self.s.get(Person, existing)
            else:
                row = Person(nip=p.nip, nrp=p.nrp, name=p.name)
                self.s.add(row)
                self.report.people += 1
            row.name, row.pangkat_golongan, row.jabatan = p.name, p.pangkat_golongan, p.jabatan
            row.instansi, row.email = p.instansi, p.email
            self.s.flush()
            for ref in p.refs:
                if self.people.get(ref, row.id) != row.id:
                    self.problem(file, where, t("seed.duplicate_person", ref=ref))
                self.people[ref] = row.id
            if (
                p.account is not None
                and self.s.scalar(select(Account.id).where(Account.person_id == row.id)) is None
            ):
                login = p.login or p.nip or p.nrp
                # Demo files give the same password to many people: hash it once.
                if p.account.password not in self.hashes:
                    self.hashes[p.account.password] = hash_password(p.account.password)
                self.s.add(
                    Account(
                        person_id=row.id,
                        login=login,
                        role=p.account.role.value,
                        password_hash=self.hashes[p.account.password],
                        must_change_password=p.account.must_change_password,
                    )
                )
                self.report.accounts += 1

    def cohort(self, file: str, c: SeedCohort) -> None:
        from diklat.i18n import t

        s = self.s
        where = f"cohorts ({c.code})"
        if s.scalar(select(Cohort.id).where(Cohort.code == c.code)):
            self.report.skipped_cohorts.append(c.code)
            return
        inst_id = None
        if c.institution:
            inst_id = s.scalar(select(Institution.id).where(Institution.code == c.institution))
            if inst_id is None:
                self.problem(file, where, t("seed.unknown_institution", code=c.institution))
        rules = c.rules or default_ruleset()
        cohort = Cohort(
            code=c.code,
            name=c.name,
            program_name=c.program_name,
            project_term=c.project_term,
            angkatan=c.angkatan,
            year=c.start.year,
            start_date=c.start,
            end_date=c.end,
            institution_id=inst_id,
            rules=rules.model_dump(mode="json"),
            status=c.status,
            results_released_at=c.results_released_at,
            locked_at=c.locked_at,
        )
        s.add(cohort)
        s.flush()
        self.report.cohorts += 1
        if cohort.locked_at is not None:
            self.locked.append(cohort)
        for stage, due in c.deadlines.items():
            s.add(Deadline(cohort_id=cohort.id, stage=stage.value, due=due))
        staff: set[tuple[int, str]] = set()
        for ref in c.coordinators:
            pid = self.person(file, where + " › coordinators", ref)
            if pid:
                staff.add((pid, Role.COORDINATOR.value))
        sessions: list[AttendanceSession] = []
        for held in c.sessions:
            row = AttendanceSession(cohort_id=cohort.id, held_on=held.on, title=held.title)
            s.add(row)
            sessions.append(row)
        s.flush()
        seen_ndh: set[int] = set()
        seen_person: set[int] = set()
        components = {comp.code for comp in rules.components}
        for e in c.enrolments:
            ew = f"{where} › enrolments (ndh {e.ndh})"
            # A duplicate is reported and not written (the database would refuse it anyway).
            if e.ndh in seen_ndh:
                self.problem(file, ew, t("seed.duplicate_ndh", ndh=e.ndh))
                continue
            seen_ndh.add(e.ndh)
            pid = self.person(file, ew + " › person", e.person)
            if pid is None:
                continue
            if pid in seen_person:
                self.problem(file, ew, t("seed.duplicate_enrolment", ref=e.person))
                continue
            seen_person.add(pid)
            coach = self.person(file, ew + " › coach", e.coach)
            mentor = self.person(file, ew + " › mentor", e.mentor)
            enrolment = Enrolment(
                cohort_id=cohort.id,
                person_id=pid,
                ndh=e.ndh,
                coach_id=coach,
                mentor_id=mentor,
                status=e.status,
                status_reason=e.status_reason,
                recap_scheduled=e.attendance_recap.scheduled if e.attendance_recap else None,
                recap_attended=e.attendance_recap.attended if e.attendance_recap else None,
            )
            s.add(enrolment)
            s.flush()
            self.report.enrolments += 1
            if coach:
                staff.add((coach, Role.COACH.value))
            if mentor:
                staff.add((mentor, Role.MENTOR.value))
            examiners: set[int] = set()
            for ref in e.examiners:
                xid = self.person(file, ew + " › examiners", ref)
                if xid in examiners:
                    self.problem(file, ew + " › examiners", t("seed.duplicate_ref", ref=ref))
                elif xid:
                    examiners.add(xid)
                    s.add(EnrolmentExaminer(enrolment_id=enrolment.id, person_id=xid))
                    staff.add((xid, Role.EXAMINER.value))
            extended: set[str] = set()
            for ext in e.extensions:
                if ext.stage.value in extended:
                    self.problem(
                        file, ew + " › extensions", t("seed.duplicate_stage", stage=ext.stage.value)
                    )
                    continue
                extended.add(ext.stage.value)
                s.add(
                    Extension(
                        enrolment_id=enrolment.id,
                        stage=ext.stage.value,
                        due=ext.due,
                        reason=ext.reason,
                    )
                )
            for n in e.absent:
                if not 1 <= n <= len(sessions):
                    self.problem(
                        file, ew + " › absent", t("seed.no_such_session", n=n, count=len(sessions))
                    )
            absent = set(e.absent)
            for n, sess in enumerate(sessions, 1):
                s.add(
                    Attendance(
                        session_id=sess.id, enrolment_id=enrolment.id, present=n not in absent
                    )
                )
            self.stages(file, ew, enrolment, e.stages)
            marked: set[tuple[str, int]] = set()
            for m in e.marks:
                mw = f"{ew} › marks ({m.component}, {m.marker})"
                if m.component not in components:
                    self.problem(file, mw, t("seed.unknown_component", code=m.component))
                    continue
                marker = self.person(file, mw, m.marker)
                recorder = self.person(file, mw, m.recorded_by) if m.recorded_by else marker
                try:
                    score = validate_mark(rules, m.score)
                except Exception as exc:  # a DomainError: out of range or too many decimals
                    reason = exc.message() if hasattr(exc, "message") else str(exc)
                    self.problem(file, mw, reason)
                    continue
                if marker is None or recorder is None:
                    continue
                # As the services check it: the component is marked in this role, and
                # the marker holds that role for this participant.
                holds = {
                    Role.COACH: marker == coach,
                    Role.MENTOR: marker == mentor,
                    Role.EXAMINER: marker in examiners,
                    Role.COORDINATOR: (marker, Role.COORDINATOR.value) in staff,
                }
                component = rules.component(m.component)
                if m.role not in component.marker_roles:
                    self.problem(
                        file,
                        mw,
                        t("seed.role_cannot_mark", role=m.role.value, component=m.component),
                    )
                    continue
                if not holds.get(m.role, False):
                    self.problem(
                        file, mw, t("seed.not_that_marker", ref=m.marker, role=m.role.value)
                    )
                    continue
                if (m.component, marker) in marked:
                    self.problem(file, mw, t("seed.duplicate_mark"))
                    continue
                marked.add((m.component, marker))
                criteria = [c.criterion for c in m.criteria]
                if len(set(criteria)) != len(criteria):
                    self.problem(file, mw + " › criteria", t("seed.duplicate_criterion"))
                    continue
                mark = Mark(
                    enrolment_id=enrolment.id,
                    component=m.component,
                    marker_id=marker,
                    marker_role=m.role.value,
                    score=score,
                    rubric_code=m.rubric,
                    rubric_version=m.rubric_version,
                    recorded_by=recorder,
                )
                s.add(mark)
                s.flush()
                for crit in m.criteria:
                    s.add(
                        MarkCriterion(
                            mark_id=mark.id,
                            criterion=crit.criterion,
                            level=crit.level,
                            score=crit.score,
                        )
                    )
                self.report.marks += 1
        for pid, role in staff:
            s.add(CohortStaff(cohort_id=cohort.id, person_id=pid, role=role))
        self.visits(file, where, cohort, c)
        audit.record(
            s,
            self.actor,
            "cohort_seeded",
            "cohort",
            cohort.id,
            cohort_id=cohort.id,
            new={"code": c.code},
        )

    def visits(self, file: str, where: str, cohort: Cohort, c: SeedCohort) -> None:
        from diklat.services import visits

        self.s.flush()
        for i, v in enumerate(c.visits, 1):
            plan = visits.VisitPlan(
                held_on=v.on,
                title=v.title,
                programme=v.programme,
                hosts=tuple(
                    visits.HostPlan(
                        key=h.key,
                        institution=h.institution,
                        address=h.address,
                        contact=h.contact,
                        practice=h.practice,
                        ndh=tuple(h.participants),
                        report=h.report,
                    )
                    for h in v.hosts
                ),
            )
            try:
                visits.apply_plan(self.s, cohort, plan)
            except DomainError as exc:
                self.problem(file, f"{where} › visits[{i}]", exc.message())

    def stages(self, file: str, where: str, enrolment: Enrolment, stages: dict) -> None:
        from diklat.i18n import t

        states = {stage: _stage_state(rec) for stage, rec in stages.items()}
        for stage in STAGES:
            record = stages.get(stage)
            if record is None:
                continue
            before = PREREQUISITE[stage]
            if record.versions and before is not None and states.get(before) is not State.APPROVED:
                self.problem(
                    file,
                    f"{where} › stages › {stage.value}",
                    t("seed.prerequisite", stage=stage.value, before=before.value),
                )
            for number, version in enumerate(record.versions, 1):
                sub = Submission(
                    enrolment_id=enrolment.id,
                    stage=stage.value,
                    number=number,
                    content=version.content,
                    submitted_at=version.submitted_at,
                    submitted_by=enrolment.person_id,
                )
                self.s.add(sub)
                self.s.flush()
                self.report.submissions += 1
                review = version.review
                if review is None:
                    continue
                vw = f"{where} › stages › {stage.value} › versions[{number}] › review"
                reviewer = self.person(file, vw, review.by)
                recorder = (
                    self.person(file, vw, review.recorded_by) if review.recorded_by else reviewer
                )
                if reviewer is None or recorder is None:
                    continue
                self.s.add(
                    Review(
                        submission_id=sub.id,
                        reviewer_id=reviewer,
                        recorded_by=recorder,
                        decision=review.decision,
                        decided_at=review.at,
                    )
                )
                for comment in review.comments:
                    self.s.add(
                        Comment(
                            submission_id=sub.id,
                            author_id=recorder,
                            section=comment.section,
                            text=comment.text,
                            created_at=review.at,
                        )
                    )
            last = record.versions[-1] if record.versions else None
            changed = (
                (last.review.at if last and last.review else last.submitted_at)
                if last
                else record.draft_saved_at
            )
            self.s.add(
                StageRecord(
                    enrolment_id=enrolment.id,
                    stage=stage.value,
                    state=states[stage].value,
                    draft=record.draft if record.draft is not None else last.content,
                    draft_saved_at=record.draft_saved_at or (last.submitted_at if last else None),
                    **({"state_changed_at": changed} if changed else {}),
                )
            )
            for i, attached in enumerate(record.attachments, 1):
                aw = f"{where} › stages › {stage.value} › attachments[{i}]"
                self.attachment(file, aw, enrolment, stage, stages, attached)

    def attachment(
        self,
        file: str,
        where: str,
        enrolment: Enrolment,
        stage: Stage,
        stages: dict,
        attached: SeedAttachment,
    ) -> None:
        """A described file of evidence, made a PDF and checked as an upload is (its slot
        a short-term milestone of the seed's design, or the report as a whole)."""
        from diklat.domain import attachments as rules
        from diklat.domain.completeness import short_term_milestones
        from diklat.i18n import t
        from diklat.io.evidence import evidence_pdf

        if stage not in rules.STAGES:
            self.problem(file, where, t("attach.wrong_stage", stage=stage_label(stage)))
            return
        design = stages.get(Stage.DESIGN)
        content = None
        if design is not None:
            content = design.versions[-1].content if design.versions else design.draft
        slots = {m.get("key") for m in short_term_milestones(content)}
        if stage is Stage.REPORT:
            slots.add(rules.REPORT_WHOLE)
        if attached.slot not in slots:
            self.problem(file, where, t("attach.no_such_slot", slot=attached.slot))
            return
        data = evidence_pdf(attached.title, attached.lines, attached.added_at)
        try:
            checked = rules.check(attached.name, data)
        except DomainError as exc:
            self.problem(file, where, exc.message())
            return
        self.s.add(
            Attachment(
                enrolment_id=enrolment.id,
                stage=stage.value,
                slot=attached.slot,
                filename=checked.name,
                kind=checked.kind.key,
                size=checked.size,
                sha256=checked.sha256,
                data=data,
                added_by=enrolment.person_id,
                added_at=attached.added_at,
            )
        )
        self.report.attachments += 1


def apply_seed(db: Database, actor: Actor, files: list[tuple[str, SeedFile]]) -> SeedReport:
    """Write every file's records; a cohort whose code exists already is skipped.
    Cross-references (people, institutions, NDH) are checked here; any problem
    rolls the whole seed back and is reported with file and record."""
    if not actor.is_admin:
        raise Forbidden()
    with db.write() as s:
        loader = _Loader(s, actor)
        loader.load_existing_people()
        for _, seed in files:
            loader.institutions(seed)
        s.flush()
        for name, seed in files:
            loader.add_people(name, seed)
        for name, seed in files:
            for cohort in seed.cohorts:
                loader.cohort(name, cohort)
        if loader.problems:
            raise SeedInvalid(loader.problems)
        if loader.locked:
            # A locked cohort's results are stored when it is locked (services.cohort_admin):
            # one that arrives locked is frozen as it arrives.
            from diklat.services.graduation import freeze_results

            s.flush()
            freeze_results(s, loader.locked)
        return loader.report
