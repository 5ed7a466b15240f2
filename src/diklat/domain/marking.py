"""Blind double marking and moderation rules (pure).

Several people mark the same component of the same participant (examiner, coach,
mentor). Each marks blind: they see the others' marks for that participant and
component only once their own is saved, so nobody anchors on a colleague's
number. The coordinator (and the administrator) see every mark at once.

When the marks for a component differ by more than the rule set's tolerance
(highest minus lowest), the component is flagged; the coordinator settles it
with a score and a written reason. A settlement stands in for the mean of the
marks until a mark changes after it, which flags the component again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from diklat.domain.workflow import Stage

ModerationState = Literal["none", "flagged", "settled"]

# The document a seminar component judges: its mark is due once that stage is submitted
# (a component without a document, such as conduct, is due at the end of the cohort).
DOCUMENT_OF = {"rancangan": Stage.DESIGN, "laporan": Stage.REPORT}


def spread(scores: Sequence[Decimal]) -> Decimal:
    """Highest minus lowest mark (0 for fewer than two marks)."""
    return max(scores) - min(scores) if len(scores) >= 2 else Decimal(0)


def breaches(scores: Sequence[Decimal], tolerance: Decimal) -> bool:
    """True when two or more marks differ by more than ``tolerance``."""
    return len(scores) >= 2 and spread(scores) > tolerance


def may_see_others(*, own_mark_saved: bool, oversees: bool) -> bool:
    """A marker sees the other markers' marks only after saving their own."""
    return oversees or own_mark_saved


@dataclass(frozen=True)
class Settlement:
    score: Decimal
    settled_at: datetime


def moderation_state(
    scores: Sequence[Decimal],
    tolerance: Decimal,
    settlement: Settlement | None,
    last_mark_at: datetime | None,
) -> ModerationState:
    """ "flagged" when the marks breach the tolerance and no current settlement exists;
    "settled" when a settlement is newer than every mark; "none" otherwise."""
    current = settlement is not None and (
        last_mark_at is None or settlement.settled_at >= last_mark_at
    )
    if current:
        return "settled"
    return "flagged" if breaches(scores, tolerance) else "none"


def effective_marks(
    scores: Sequence[Decimal],
    tolerance: Decimal,
    settlement: Settlement | None,
    last_mark_at: datetime | None,
) -> list[Decimal]:
    """The marks that count for a component's score: the settled score when the
    settlement is current, otherwise the marks themselves."""
    if (
        settlement is not None
        and moderation_state(scores, tolerance, settlement, last_mark_at) == "settled"
    ):
        return [settlement.score]
    return list(scores)
