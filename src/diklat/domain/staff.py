"""A row of the staff file: one coach, mentor or examiner of a cohort.

Named by NIP, NRP or (for staff without either) a short log-in name; the role in
the ``peran`` cell, in Indonesian or English (``coach``/``widyaiswara``,
``mentor``/``atasan``, ``penguji``/``examiner``). Kept below the services like the
other import rows (domain.imports).
"""

from __future__ import annotations

from pydantic import Field, field_validator

from diklat.domain.errors import DomainError
from diklat.domain.imports import MAX_REF, PersonCells
from diklat.domain.roles import Role

# What people write in the role cell, folded to lower case.
ROLE_WORDS = {
    "coach": Role.COACH,
    "widyaiswara": Role.COACH,
    "pembimbing": Role.COACH,
    "mentor": Role.MENTOR,
    "atasan": Role.MENTOR,
    "atasan langsung": Role.MENTOR,
    "penguji": Role.EXAMINER,
    "examiner": Role.EXAMINER,
    "narasumber": Role.EXAMINER,
}
# Roles a staff import gives: the cohort's coordinators are named in its settings.
IMPORTED_ROLES = (Role.COACH, Role.MENTOR, Role.EXAMINER)
LOGIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


class StaffRow(PersonCells):
    login: str | None = Field(None, max_length=MAX_REF)
    peran: Role

    @field_validator("login")
    @classmethod
    def _login(cls, v: str | None) -> str | None:
        if not v:
            return None
        name = v.lower()
        if not set(name) <= LOGIN_CHARS:
            raise DomainError("user.bad_login", login=v)
        return name

    @field_validator("peran", mode="before")
    @classmethod
    def _role(cls, v: object) -> Role:
        word = " ".join(str(v).lower().split())
        if word in ROLE_WORDS:
            return ROLE_WORDS[word]
        raise DomainError("staff.bad_role", value=str(v)[:40])

    @property
    def ident(self) -> str:
        """What the person logs in with: NIP, NRP or the log-in name."""
        return self.nip or self.nrp or self.login or ""
