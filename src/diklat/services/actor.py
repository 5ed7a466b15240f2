from __future__ import annotations

from dataclasses import dataclass

from diklat.domain.roles import Role


@dataclass(frozen=True)
class Actor:
    """Who is acting. ``person_id`` is None only for the command line's system actor."""

    person_id: int | None
    login: str
    name: str
    role: Role
    must_change_password: bool = False
    # The operating-system user who ran the command line ("" elsewhere): its audit
    # entries name them, since the system actor is no person.
    operator: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @classmethod
    def system(cls, operator: str = "") -> Actor:
        # Whoever runs the command line owns the database file, so they act as admin.
        return cls(
            person_id=None, login="system", name="system", role=Role.ADMIN, operator=operator
        )
