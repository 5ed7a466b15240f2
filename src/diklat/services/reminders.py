"""Who is late, and reminding them by e-mail.

Late are: participants past a stage's due date (their extension counted) who have not
submitted it (``progress.is_late``); reviewers with a submission waiting more than N
days (default 3) for their decision; markers with a due mark missing
(``marking_status``). One reminder per person names everything of theirs, in
Indonesian: the stage or component, the date and what to do.

Sending: one message per person with an e-mail address; each send is audited
(``reminder_sent``, with the items it named) right after the server took it. An item
reminded to the same person within the last 24 hours is not sent again, so running
``diklat remind --send`` twice in a day sends nothing the second time. A refused
connection sends nothing and records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from diklat.db.engine import Database, untyped
from diklat.db.models import (
    AuditEntry,
    Cohort,
    Deadline,
    Enrolment,
    Extension,
    Person,
    StageRecord,
    utcnow,
)
from diklat.domain import clock
from diklat.domain.errors import DomainError
from diklat.domain.roles import Role
from diklat.domain.workflow import REVIEWER, STAGES, Stage, State
from diklat.i18n import catalogue
from diklat.io.mail import Mail, SmtpConfig, connect
from diklat.services import audit
from diklat.services.access import coordinated
from diklat.services.actor import Actor
from diklat.services.errors import Invalid
from diklat.services.marking_status import completeness_of
from diklat.services.progress import is_late

DEFAULT_REVIEW_DAYS = 3
MAX_REVIEW_DAYS = 365
ONCE_PER = timedelta(days=1)
Kind = Literal["participant", "reviewer", "marker"]
KINDS: tuple[Kind, ...] = ("participant", "reviewer", "marker")


def t_id(key: str, /, **params: object) -> str:
    """Reminders are written in Indonesian whatever the sender's screen language."""
    text = catalogue("id").get(key, key)
    return text.format(**params) if params else text


def long_date(d: date) -> str:
    return t_id("graduation.date", day=d.day, month=t_id(f"month.{d.month}"), year=d.year)


@dataclass(frozen=True)
class LateItem:
    kind: Kind
    key: str  # what is reminded, the same from one day to the next
    subject: str  # the stage or component, in Indonesian
    participant: str  # whose work it is (the person's own name for participants)
    ndh: int
    on: date  # the due date, or the day a submission has waited since
    days: int  # days late or waiting
    todo: str  # what to do, in Indonesian


@dataclass(frozen=True)
class Reminder:
    person_id: int
    name: str
    email: str
    items: tuple[LateItem, ...]
    reminded: tuple[str, ...] = ()  # item keys already reminded within the last day

    @property
    def fresh(self) -> tuple[LateItem, ...]:
        return tuple(i for i in self.items if i.key not in self.reminded)

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """Why this person is reminded (a coach may review late and mark late too)."""
        return tuple(k for k in KINDS if any(i.kind == k for i in self.items))


@dataclass(frozen=True)
class LateList:
    cohort_id: int
    code: str
    name: str
    today: date
    review_days: int
    reminders: list[Reminder]

    def of(self, kind: Kind) -> list[Reminder]:
        return [r for r in self.reminders if kind in r.kinds]


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # names
    skipped_no_email: list[str] = field(default_factory=list)
    skipped_already: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "name: why"


# --- who is late ------------------------------------------------------------------------------


def late_list(
    db: Database,
    actor: Actor,
    cohort: int | str,
    *,
    today: date | None = None,
    review_days: int = DEFAULT_REVIEW_DAYS,
) -> LateList:
    if not 0 <= review_days <= MAX_REVIEW_DAYS:
        raise Invalid("remind.bad_days", days=review_days, max=MAX_REVIEW_DAYS)
    today = today or clock.today()
    with db.read() as s:
        row = coordinated(s, actor, cohort)
        return _late_list(s, row, today, review_days)


def _late_list(s: Session, cohort: Cohort, today: date, review_days: int) -> LateList:
    found: dict[int, list[LateItem]] = {}
    _participants(s, cohort, today, found)
    _reviewers(s, cohort, today, review_days, found)
    _markers(s, cohort, today, found)
    ids = set(found)
    people = (
        {
            pid: (name, email)
            for pid, name, email in s.execute(
                select(Person.id, Person.name, Person.email).where(Person.id.in_(ids))
            )
        }
        if ids
        else {}
    )
    reminded = _reminded(s, cohort.id, ids)
    reminders = [
        Reminder(
            pid,
            people[pid][0],
            (people[pid][1] or "").strip(),
            tuple(items),
            tuple(i.key for i in items if i.key in reminded.get(pid, set())),
        )
        for pid, items in found.items()
    ]
    reminders.sort(key=lambda r: (KINDS.index(r.kinds[0]), r.name, r.person_id))
    return LateList(cohort.id, cohort.code, cohort.name, today, review_days, reminders)


def _participants(s: Session, cohort: Cohort, today: date, found: dict) -> None:
    deadlines = {
        Stage(st): due
        for st, due in s.execute(
            select(Deadline.stage, Deadline.due).where(Deadline.cohort_id == cohort.id)
        )
    }
    if not deadlines:
        return
    extensions = {
        (eid, Stage(st)): due
        for eid, st, due in s.execute(
            select(Extension.enrolment_id, Extension.stage, Extension.due)
            .join(Enrolment, Enrolment.id == Extension.enrolment_id)
            .where(Enrolment.cohort_id == cohort.id)
        )
    }
    states = {
        (eid, Stage(st)): State(state)
        for eid, st, state in s.execute(
            select(StageRecord.enrolment_id, StageRecord.stage, StageRecord.state)
            .join(Enrolment, Enrolment.id == StageRecord.enrolment_id)
            .where(Enrolment.cohort_id == cohort.id)
        )
    }
    for eid, pid, ndh, name in s.execute(
        select(Enrolment.id, Enrolment.person_id, Enrolment.ndh, Person.name)
        .join(Person, Person.id == Enrolment.person_id)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.status == "active")
        .order_by(Enrolment.ndh)
    ):
        for st in STAGES:
            due = extensions.get((eid, st)) or deadlines.get(st)
            state = states.get((eid, st), State.NOT_STARTED)
            if not is_late(due, state, today):
                continue
            todo = "revise" if state is State.REVISION_REQUESTED else "submit"
            found.setdefault(pid, []).append(
                LateItem(
                    "participant",
                    f"stage:{eid}:{st.value}:{due.isoformat()}",
                    t_id(f"stage.{st.value}"),
                    name,
                    ndh,
                    due,
                    (today - due).days,
                    t_id(f"remind.todo.{todo}", stage=t_id(f"stage.{st.value}")),
                )
            )


def _reviewers(s: Session, cohort: Cohort, today: date, days: int, found: dict) -> None:
    for eid, ndh, name, coach, mentor, st, since in s.execute(
        select(
            Enrolment.id,
            Enrolment.ndh,
            Person.name,
            Enrolment.coach_id,
            Enrolment.mentor_id,
            StageRecord.stage,
            StageRecord.state_changed_at,
        )
        .join(StageRecord, StageRecord.enrolment_id == Enrolment.id)
        .join(Person, Person.id == Enrolment.person_id)
        .where(
            Enrolment.cohort_id == cohort.id,
            Enrolment.status == "active",
            StageRecord.state == State.SUBMITTED.value,
        )
        .order_by(StageRecord.state_changed_at)
    ):
        stage = Stage(st)
        waited = (today - since.date()).days
        reviewer = coach if REVIEWER[stage] is Role.COACH else mentor
        if waited <= days or reviewer is None:
            continue
        found.setdefault(reviewer, []).append(
            LateItem(
                "reviewer",
                f"review:{eid}:{st}:{since.isoformat(timespec='seconds')}",
                t_id(f"stage.{st}"),
                name,
                ndh,
                since.date(),
                waited,
                t_id("remind.todo.review", stage=t_id(f"stage.{st}"), name=name),
            )
        )


def _markers(s: Session, cohort: Cohort, today: date, found: dict) -> None:
    status = completeness_of(s, cohort, today)
    if status.released:
        return
    for line in status.markers:
        if line.marker_id is None:
            continue  # an unassigned role, or any coordinator: the coordinator sees it
        for miss in line.due_missing:
            found.setdefault(line.marker_id, []).append(
                LateItem(
                    "marker",
                    f"mark:{miss.enrolment_id}:{line.component}",
                    line.label,
                    miss.participant,
                    miss.ndh,
                    today,
                    0,
                    t_id("remind.todo.mark", component=line.label, name=miss.participant),
                )
            )


def _reminded(s: Session, cohort_id: int, ids: set[int]) -> dict[int, set[str]]:
    if not ids:
        return {}
    since = utcnow() - ONCE_PER
    out: dict[int, set[str]] = {}
    for pid, new in untyped(
        s.execute(
            select(AuditEntry.entity_id, AuditEntry.new).where(
                AuditEntry.action == "reminder_sent",
                AuditEntry.cohort_id == cohort_id,
                AuditEntry.entity_id.in_(ids),
                AuditEntry.at >= since,
            )
        ),
    ):
        out.setdefault(pid, set()).update((new or {}).get("items", []))
    return out


# --- the message ------------------------------------------------------------------------------


def message_for(late: LateList, reminder: Reminder, sender_name: str = "") -> Mail:
    """The e-mail of one person's reminder, in Indonesian: greeting, for each reason
    (late stages, waiting reviews, missing marks) its items with date and what to do."""
    items = reminder.fresh or reminder.items
    kinds = [k for k in KINDS if any(i.kind == k for i in items)]
    lines = [t_id("remind.mail.greeting", name=reminder.name)]
    for kind in kinds:
        lines += ["", t_id(f"remind.mail.intro_{kind}", cohort=late.name, code=late.code), ""]
        for item in (i for i in items if i.kind == kind):
            lines.append(
                "- "
                + t_id(
                    f"remind.mail.item_{kind}",
                    subject=item.subject,
                    name=item.participant,
                    ndh=item.ndh,
                    date=long_date(item.on),
                    days=item.days,
                )
            )
            lines.append("  " + item.todo)
    lines += ["", t_id("remind.mail.closing"), t_id("remind.mail.signature", cohort=late.name)]
    if sender_name:
        lines.append(sender_name)
    subject = kinds[0] if len(kinds) == 1 else "many"
    return Mail(
        reminder.email,
        reminder.name,
        t_id(f"remind.mail.subject_{subject}", code=late.code),
        "\n".join(lines) + "\n",
    )


# --- sending ----------------------------------------------------------------------------------


def send_reminders(
    db: Database,
    actor: Actor,
    cohort: int | str,
    config: SmtpConfig,
    *,
    today: date | None = None,
    review_days: int = DEFAULT_REVIEW_DAYS,
    progress: Callable[[int, int], None] | None = None,
) -> SendReport:
    """Send every due reminder; returns who got one and who did not, and why."""
    late = late_list(db, actor, cohort, today=today, review_days=review_days)
    report = SendReport()
    todo: list[Reminder] = []
    for r in late.reminders:
        if not r.fresh:
            report.skipped_already.append(r.name)
        elif not r.email or "@" not in r.email:
            report.skipped_no_email.append(r.name)
        else:
            todo.append(replace(r, items=r.fresh))
    if not todo:
        return report
    with connect(config) as mailer:  # a refused connection raises here: nothing sent
        for n, r in enumerate(todo, 1):
            try:
                mailer.send(message_for(late, r, actor.name if actor.person_id else ""))
            except DomainError as err:  # one refused address does not stop the others
                report.failed.append(f"{r.name}: {err.message()}")
                continue
            with db.write() as s:
                audit.record(
                    s,
                    actor,
                    "reminder_sent",
                    "person",
                    r.person_id,
                    cohort_id=late.cohort_id,
                    new={
                        "kinds": list(r.kinds),
                        "to": r.email,
                        "items": [i.key for i in r.items],
                    },
                )
            report.sent.append(r.name)
            if progress is not None:
                progress(n, len(todo))
    return report
