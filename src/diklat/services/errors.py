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


class Incomplete(Invalid):
    """A stage cannot be submitted yet; ``missing`` lists what it lacks (domain.completeness)."""

    def __init__(self, stage, missing) -> None:
        from diklat.domain.workflow import stage_label

        self.stage = stage
        self.missing = list(missing)
        super().__init__(
            "stage.incomplete",
            stage=stage_label(stage),
            count=len(self.missing),
            items="; ".join(m.message() for m in self.missing),
        )
