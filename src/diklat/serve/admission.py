"""Who gets a session: at most ``max_sessions`` at once, and at most ``per_minute`` new
ones from one client address in any minute. Each session is an app process on the
server (tens of MB, a share of a core to start): a flood of connections must meet a
refusal, not a fork for each."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

WINDOW = 60.0  # seconds


class Admission:
    def __init__(
        self, max_sessions: int, per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_sessions = max_sessions
        self.per_minute = per_minute
        self.open = 0
        self._clock = clock
        self._recent: dict[str, deque[float]] = defaultdict(deque)

    @property
    def full(self) -> bool:
        return self.open >= self.max_sessions

    def admit(self, address: str) -> str | None:
        """None when a session may start (it is counted until :meth:`release`); else
        the catalogue key of the refusal."""
        if self.full:
            return "serve.full"
        now = self._clock()
        recent = self._recent[address]
        while recent and now - recent[0] >= WINDOW:
            recent.popleft()
        if len(recent) >= self.per_minute:
            return "serve.too_many"
        recent.append(now)
        self.open += 1
        self._forget_idle(now)
        return None

    def release(self) -> None:
        self.open = max(0, self.open - 1)

    def _forget_idle(self, now: float) -> None:
        # Addresses seen once keep no memory for ever (a scan from many addresses).
        if len(self._recent) > 4 * self.max_sessions + 64:
            for address in [a for a, q in self._recent.items() if not q or now - q[-1] >= WINDOW]:
                del self._recent[address]
