"""Identity numbers: the civil servant's NIP and, where a column says so, the NRP.

A NIP encodes birth date, appointment month and sex (docs/rules.md section 9). We
check only what the structure guarantees; PPPK numbers share the 18-digit shape
and their sequences follow other conventions, so nothing stricter is enforced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diklat.domain.errors import DomainError

NIP_LENGTH = 18
NRP_MIN_LENGTH = 5
NRP_MAX_LENGTH = 18


@dataclass(frozen=True)
class Nip:
    digits: str
    birth_date: date
    appointment_year: int
    appointment_month: int
    sex: int
    sequence: int

    @classmethod
    def parse(cls, text: str) -> Nip:
        digits = (text or "").strip().replace(" ", "")
        if not digits:
            raise DomainError("nip.empty")
        # str.isdigit accepts superscripts and other scripts' digits; only ASCII is a NIP.
        if not (digits.isascii() and digits.isdigit()):
            raise DomainError("nip.not_digits", value=text.strip())
        if len(digits) != NIP_LENGTH:
            raise DomainError("nip.length", length=len(digits))

        try:
            birth = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
        except ValueError:
            raise DomainError("nip.birth_date", value=digits[0:8]) from None

        year, month = int(digits[8:12]), int(digits[12:14])
        if not 1 <= month <= 12:
            raise DomainError("nip.appointment_month", month=digits[12:14])

        sex = int(digits[14])
        if sex not in (1, 2):
            raise DomainError("nip.sex", digit=digits[14])

        if (year, month) <= (birth.year, birth.month):
            raise DomainError("nip.appointment_before_birth")

        return cls(digits, birth, year, month, sex, int(digits[15:18]))

    def grouped(self) -> str:
        d = self.digits
        return f"{d[0:8]} {d[8:14]} {d[14]} {d[15:18]}"

    def __str__(self) -> str:
        return self.digits


def parse_nip(text: str) -> str:
    """The 18 digits of a valid NIP, or a DomainError saying what is wrong."""
    return Nip.parse(text).digits


def parse_nrp(text: str) -> str:
    """A military or police NRP: digits only once spaces and dots are removed."""
    value = (text or "").strip()
    digits = value.replace(" ", "").replace(".", "")
    if not digits:
        raise DomainError("nrp.empty")
    if not (
        digits.isascii() and digits.isdigit() and NRP_MIN_LENGTH <= len(digits) <= NRP_MAX_LENGTH
    ):
        raise DomainError("nrp.invalid", value=value)
    return digits
