from __future__ import annotations

from diklat.domain.errors import DomainError


class ServiceError(DomainError):
    """A user action that cannot be done; the message says why in the user's language."""


class Forbidden(ServiceError):
    def __init__(self, key: str = "perm.denied", /, **params: object) -> None:
        super().__init__(key, **params)


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    """Someone else saved the same thing meanwhile (optimistic locking)."""


class Invalid(ServiceError):
    pass
