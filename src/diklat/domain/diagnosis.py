"""Problem diagnosis tools (docs/rules.md section 4): the APKL filter and USG ranking."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from diklat.domain.content import FISHBONE_CATEGORIES, IDEA_CRITERIA
from diklat.domain.errors import DomainError

K = TypeVar("K")

APKL_CRITERIA: tuple[str, ...] = ("aktual", "problematik", "kekhalayakan", "layak")
USG_CRITERIA: tuple[str, ...] = ("urgency", "seriousness", "growth")
USG_MIN = 1
USG_MAX = 5

__all__ = [
    "APKL_CRITERIA",
    "FISHBONE_CATEGORIES",
    "IDEA_CRITERIA",
    "USG_CRITERIA",
    "Apkl",
    "RankedIssue",
    "Usg",
    "propose_core_issue",
    "rank_usg",
]


@dataclass(frozen=True)
class Apkl:
    aktual: bool
    problematik: bool
    kekhalayakan: bool
    layak: bool

    @property
    def passes(self) -> bool:
        return not self.failed()

    def failed(self) -> tuple[str, ...]:
        return tuple(c for c in APKL_CRITERIA if not getattr(self, c))


@dataclass(frozen=True)
class Usg:
    urgency: int
    seriousness: int
    growth: int

    def __post_init__(self) -> None:
        for criterion in USG_CRITERIA:
            value = getattr(self, criterion)
            # bool is an int subclass; a checkbox value slipping in here is a bug, not a score.
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not USG_MIN <= value <= USG_MAX
            ):
                raise DomainError("usg.out_of_range", criterion=criterion, value=value)

    @property
    def total(self) -> int:
        return self.urgency + self.seriousness + self.growth

    def sort_key(self) -> tuple[int, int, int, int]:
        """Higher is better: total, then U, then S, then G."""
        return (self.total, self.urgency, self.seriousness, self.growth)


@dataclass(frozen=True)
class RankedIssue(Generic[K]):
    key: K
    usg: Usg
    rank: int


def rank_usg(items: Iterable[tuple[K, Usg]]) -> list[RankedIssue[K]]:
    """Issues best first; fully equal scores share a rank and the next is skipped (1, 2, 2, 4)."""
    ordered = sorted(items, key=lambda item: item[1].sort_key(), reverse=True)
    ranked: list[RankedIssue[K]] = []
    for position, (key, usg) in enumerate(ordered, start=1):
        if ranked and ranked[-1].usg.sort_key() == usg.sort_key():
            rank = ranked[-1].rank
        else:
            rank = position
        ranked.append(RankedIssue(key, usg, rank))
    return ranked


def propose_core_issue(ranked: Sequence[RankedIssue[K]]) -> K | None:
    """The issue proposed as core issue; the participant still confirms or overrides it."""
    return ranked[0].key if ranked else None
