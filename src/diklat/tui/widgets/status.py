"""Stage states in words with a symbol, so status never depends on colour alone."""

from __future__ import annotations

from rich.text import Text

from diklat.domain.workflow import State
from diklat.i18n import t

SYMBOL = {
    State.NOT_STARTED: "·",
    State.DRAFT: "✎",
    State.SUBMITTED: "⧗",
    State.REVISION_REQUESTED: "↺",
    State.APPROVED: "✓",
}
STYLE = {
    State.NOT_STARTED: "dim",
    State.DRAFT: "",
    State.SUBMITTED: "bold",
    State.REVISION_REQUESTED: "bold reverse",
    State.APPROVED: "bold",
}


def state_text(state: State) -> Text:
    return Text(f"{SYMBOL[state]} {t(f'state.{state.value}')}", style=STYLE[state])
