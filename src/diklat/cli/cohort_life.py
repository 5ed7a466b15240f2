"""The cohort's life, on the ``cohort`` group that ``cohorts.py`` makes:
``diklat cohort release|lock|unlock|close`` and the deadlines and standing of its
participants: ``diklat cohort deadline|extend|set-status``."""

from __future__ import annotations

import click

from diklat.cli.common import State, operator, out, parse_date
from diklat.domain.workflow import STAGES
from diklat.i18n import t


def register(main: click.Group) -> None:
    cohort_group = main.commands["cohort"]
    for add in (_release, _lock, _unlock, _close, _deadline, _extend, _set_status):
        add(cohort_group)


def _stage_choice() -> click.Choice:
    return click.Choice([s.value for s in STAGES])


def _release(cohort_group: click.Group) -> None:
    @cohort_group.command("release", help=t("admin.help.release"))
    @click.argument("code")
    @click.pass_obj
    def cohort_release(state: State, code: str) -> None:
        from diklat.services import results
        from diklat.services.cohort_admin import cohort_settings

        cohort = cohort_settings(state.database(), operator(), code)
        info = results.release(state.database(), operator(), cohort.id)
        out.print(
            t(
                "admin.cli.released",
                cohort=info.cohort_code,
                participants=info.participants,
                with_final=info.with_final,
            )
        )


def _lock(cohort_group: click.Group) -> None:
    @cohort_group.command("lock", help=t("admin.help.lock"))
    @click.argument("code")
    @click.pass_obj
    def cohort_lock(state: State, code: str) -> None:
        from diklat.services.cohort_admin import lock_cohort

        lock_cohort(state.database(), operator(), code)
        out.print(t("admin.cli.locked", cohort=code))


def _unlock(cohort_group: click.Group) -> None:
    @cohort_group.command("unlock", help=t("admin.help.unlock"))
    @click.argument("code")
    @click.option("--reason", required=True, help=t("admin.help.reason"))
    @click.option("--reopen", is_flag=True, help=t("admin.help.reopen"))
    @click.pass_obj
    def cohort_unlock(state: State, code: str, reason: str, reopen: bool) -> None:
        from diklat.services.cohort_admin import unlock_cohort

        unlock_cohort(state.database(), operator(), code, reason, reopen=reopen)
        out.print(t("admin.cli.reopened" if reopen else "admin.cli.unlocked", cohort=code))


def _close(cohort_group: click.Group) -> None:
    @cohort_group.command("close", help=t("admin.help.close"))
    @click.argument("code")
    @click.pass_obj
    def cohort_close(state: State, code: str) -> None:
        from diklat.services.cohort_admin import close_cohort

        close_cohort(state.database(), operator(), code)
        out.print(t("admin.cli.closed", cohort=code))


def _deadline(cohort_group: click.Group) -> None:
    @cohort_group.command("deadline", help=t("admin.help.deadline"))
    @click.argument("code")
    @click.argument("stage", type=_stage_choice())
    @click.argument("due", metavar="YYYY-MM-DD|none")
    @click.pass_obj
    def cohort_deadline(state: State, code: str, stage: str, due: str) -> None:
        from diklat.domain.workflow import Stage
        from diklat.services.cohort_admin import set_deadline

        when = None if due.lower() == "none" else parse_date(due, "DUE")
        set_deadline(state.database(), operator(), code, Stage(stage), when)
        out.print(t("admin.cli.deadline_set", cohort=code, stage=t(f"stage.{stage}"), due=due))


def _extend(cohort_group: click.Group) -> None:
    @cohort_group.command("extend", help=t("admin.help.extend"))
    @click.argument("code")
    @click.argument("nip")
    @click.argument("stage", type=_stage_choice())
    @click.argument("due", metavar="YYYY-MM-DD|none")
    @click.option("--reason", default="", help=t("admin.help.reason"))
    @click.pass_obj
    def cohort_extend(state: State, code: str, nip: str, stage: str, due: str, reason: str) -> None:
        from diklat.domain.workflow import Stage
        from diklat.services.cohort_admin import set_extension
        from diklat.services.documents import find_enrolment

        db, actor = state.database(), operator()
        when = None if due.lower() == "none" else parse_date(due, "DUE")
        set_extension(db, actor, find_enrolment(db, actor, nip, code), Stage(stage), when, reason)
        out.print(t("admin.cli.extension_set", nip=nip, stage=t(f"stage.{stage}"), due=due))


def _set_status(cohort_group: click.Group) -> None:
    @cohort_group.command("set-status", help=t("admin.help.set_status"))
    @click.argument("code")
    @click.argument("nip")
    @click.argument("status", type=click.Choice(["active", "withdrawn", "dismissed"]))
    @click.option("--reason", default="", help=t("admin.help.reason"))
    @click.pass_obj
    def cohort_set_status(state: State, code: str, nip: str, status: str, reason: str) -> None:
        from diklat.services.cohort_admin import set_participant_status
        from diklat.services.documents import find_enrolment

        db, actor = state.database(), operator()
        set_participant_status(db, actor, find_enrolment(db, actor, nip, code), status, reason)
        out.print(t("admin.cli.status_set", nip=nip, status=t(f"recap.status.{status}")))
