"""What a chosen password must be, after NIST SP 800-63B (section 5.1.1.2).

Length is what counts: at least 8 characters, at most 1,024 (a longer one is refused,
not cut, and never reaches the hasher: Argon2 over 100,000 characters is work an
attacker could ask for). No composition rules (a digit, a capital): they make
passwords harder to remember, not to guess. Refused instead: a password of spaces
only, one that is (or holds) the person's own log-in, NIP or name, and one on a list
of passwords known from breaches (``data/common-passwords.txt``).

One-time passwords are made by the app and never pass through here.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from diklat.domain.errors import DomainError

MIN_LENGTH = 8
MAX_LENGTH = 1024
# A name word shorter than this ("Ani") says too little to refuse a password for.
_MIN_PERSONAL = 4


@cache
def common_passwords() -> frozenset[str]:
    text = (
        resources.files("diklat.domain")
        .joinpath("data", "common-passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _folded(text: str) -> str:
    """Lower case, without spaces and the separators people put in NIPs and names."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def check(password: str, *, personal: tuple[str | None, ...] = ()) -> None:
    """Raise a ``DomainError`` naming the first rule ``password`` breaks.

    ``personal``: the person's log-in, NIP, NRP and name (any may be None)."""
    if len(password) > MAX_LENGTH:
        raise DomainError("auth.password_too_long", max=MAX_LENGTH)
    if not password.strip():
        raise DomainError("auth.password_blank")
    if len(password) < MIN_LENGTH:
        raise DomainError("auth.password_too_short", min=MIN_LENGTH)
    if password.casefold() in common_passwords() or password.strip().casefold() in (
        common_passwords()
    ):
        raise DomainError("auth.password_common")
    folded = _folded(password)
    for value in personal:
        if value and _holds(folded, value):
            raise DomainError("auth.password_personal")


def _holds(folded_password: str, value: str) -> bool:
    """True when the password is ``value`` (or one word of a name) with at most digits
    around it ("wulandari", "Wulandari2026!", "admin123"), or holds a NIP/NRP anywhere."""
    whole = _folded(value)
    if whole.isdigit() and len(whole) >= _MIN_PERSONAL:
        return whole in folded_password
    words = {whole, *(_folded(w) for w in value.replace(",", " ").replace(".", " ").split())}
    for word in words:
        if len(word) >= _MIN_PERSONAL and word in folded_password:
            rest = folded_password.replace(word, "")
            if not rest or rest.isdigit():
                return True
    return False
