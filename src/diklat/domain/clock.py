"""The one calendar every "today" is read from: deadlines, days late, days left.

Called through the module (``clock.today()``), so that a test or a snapshot can set
the day once for the services and the screens alike.
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    return date.today()
