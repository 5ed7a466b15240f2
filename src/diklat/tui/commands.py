"""Command palette (Ctrl+P) entries: "Tahapan: Diagnosa Masalah" and so on jump to a
participant's stage from the home screen or from another stage."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from diklat.domain.roles import Role
from diklat.domain.workflow import STAGES, Stage, stage_label
from diklat.i18n import t


class StageCommands(Provider):
    def _enrolment(self) -> int | None:
        """The participant enrolment the user is looking at (a stage screen, or their home)."""
        for screen in reversed(self.app.screen_stack):
            eid = getattr(screen, "enrolment_id", None)
            if eid is not None:
                return eid
            data = getattr(screen, "data", None)
            enrolments = getattr(data, "enrolments", None)
            if enrolments:
                return enrolments[0].enrolment_id
        return None

    def _term(self) -> str:
        """The cohort's term of the enrolment looked at (stage names in its words)."""
        for screen in reversed(self.app.screen_stack):
            term = getattr(screen, "term", None)
            if isinstance(term, str):
                return term
            enrolments = getattr(getattr(screen, "data", None), "enrolments", None)
            if enrolments:
                return enrolments[0].cohort.project_term
        return ""

    def _commands(self) -> list[tuple[str, str, object]]:
        actor = getattr(self.app, "actor", None)
        eid = self._enrolment()
        if (
            actor is None
            or eid is None
            or actor.role is not Role.PARTICIPANT
            and not self._is_own(eid)
        ):
            return []
        out = []
        term = self._term()
        for stage in STAGES:
            label = stage_label(stage, term)
            out.append(
                (
                    t("commands.stage", stage=label),
                    t("commands.stage_help", stage=label),
                    partial(self._open, actor, eid, stage),
                )
            )
        return out

    def _is_own(self, eid: int) -> bool:
        data = next(
            (getattr(s, "data", None) for s in self.app.screen_stack if getattr(s, "data", None)),
            None,
        )
        return any(e.enrolment_id == eid for e in getattr(data, "enrolments", []) or [])

    def _open(self, actor, eid: int, stage: Stage) -> None:
        from diklat.tui.navigation import open_stage

        open_stage(self.app, actor, eid, stage)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
