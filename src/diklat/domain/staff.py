"""A row of the staff file: one coach, mentor or examiner of a cohort.

Named by NIP, NRP or (for staff without either) a short log-in name; the role in
the ``peran`` cell, in Indonesian or English (``coach``/``widyaiswara``,
``mentor``/``atasan``, ``penguji``/``examiner``). Kept below the services like the
other import rows (domain.imports).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from diklat.domain.errors import DomainError
from diklat.domain.imports import MAX_IDENT, MAX_NAME, MAX_REF
from diklat.domain.nip import parse_nip, parse_nrp
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


class StaffRow(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    row: int
    nip: str | None = Field(None, max_length=MAX_IDENT)
    nrp: str | None = Field(None, max_length=MAX_IDENT)
    login: str | None = Field(None, max_length=MAX_REF)
    nama: str = Field(min_length=1, max_length=MAX_NAME)
    peran: Role
    pangkat_golongan: str = Field("", max_length=120)
    jabatan: str = Field("", max_length=300)
    instansi: str = Field("", max_length=300)
    email: str | None = Field(None, max_length=200)

    @field_validator("nip")
    @classmethod
    def _nip(cls, v: str | None) -> str | None:
        return parse_nip(v) if v else None

    @field_validator("nrp")
    @classmethod
    def _nrp(cls, v: str | None) -> str | None:
        return parse_nrp(v) if v else None

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

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v and ("@" not in v or " " in v or v.startswith("@") or v.endswith("@")):
            raise DomainError("io.bad_email", value=v)
        return v or None

    @property
    def ident(self) -> str:
        """What the person logs in with: NIP, NRP or the log-in name."""
        return self.nip or self.nrp or self.login or ""
