"""Every date, time and number the app shows, in one place.

- The database stores UTC (naive ``datetime`` values, ``db.models.utcnow``); people
  read their own local time, on every screen and in every message.
- Dates read DD-MM-YYYY, as people write them in Indonesia.
- Decimals have a comma in Indonesian ("94,07") and a dot in English ("94.07").

Nothing here imports Textual: the functions are plain text in, plain text out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from diklat.domain import clock as calendar
from diklat.domain.errors import DomainError
from diklat.i18n import language, t

DATE = "%d-%m-%Y"
TIME = "%H:%M:%S"
DATE_TIME = "%d-%m-%Y %H:%M"
NOTHING = "-"


def local(value: datetime) -> datetime:
    """A stored moment in the user's time zone; naive values are UTC (as stored)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone()


def day(value: date | datetime | None, *, nothing: str = NOTHING) -> str:
    """DD-MM-YYYY; a moment is first moved to local time (its local date)."""
    if value is None:
        return nothing
    if isinstance(value, datetime):
        value = local(value)
    return value.strftime(DATE)


def moment(value: date | datetime | None, *, nothing: str = NOTHING) -> str:
    """A stored moment as local DD-MM-YYYY HH:MM; a plain date as DD-MM-YYYY."""
    if value is None:
        return nothing
    if not isinstance(value, datetime):
        return value.strftime(DATE)
    return local(value).strftime(DATE_TIME)


def clock(value: datetime) -> str:
    """Local HH:MM:SS of a stored moment."""
    return local(value).strftime(TIME)


def saved(value: datetime) -> str:
    """When something was saved: its local date and time to the second, so that a
    draft saved yesterday is not read as saved a moment ago."""
    return local(value).strftime(f"{DATE} {TIME}")


_DAY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def read_day(text: str) -> date | None:
    """A date as people type it: DD-MM-YYYY, DD/MM/YYYY (or with dots) or ISO
    YYYY-MM-DD; None for an empty field; ValueError when it cannot be read."""
    text = text.strip()
    if not text:
        return None
    found = _DAY.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


def stored_day(value: Any, *, nothing: str = NOTHING) -> str:
    """A date a document stores as ISO text (a milestone's due date), shown DD-MM-YYYY;
    text that is not such a date is shown as it is."""
    if not value:
        return nothing
    try:
        return day(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def today() -> date:
    """The person's date today (deadlines count from it); one place to fix it in tests."""
    return calendar.today()


def now() -> datetime:
    """The present moment, as stored (naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _decimal_mark(text: str) -> str:
    return text.replace(".", ",") if language() == "id" else text


def decimal(value: Decimal | float | int | None, places: int = 2, *, nothing: str = NOTHING) -> str:
    """A mark or a score with ``places`` decimals: "94,07" in Indonesian, "94.07" in English."""
    if value is None:
        return nothing
    return _decimal_mark(f"{Decimal(str(value)) if isinstance(value, float) else value:.{places}f}")


def mark(value: Decimal | float | int | None) -> str:
    """A mark as the user writes it, two decimals; an en dash when there is none."""
    return decimal(value, nothing="–")


def number(value: Decimal | float | int | None, *, nothing: str = NOTHING) -> str:
    """A weight or a count as short as it reads: 20, 12,5 (12.5 in English)."""
    if value is None:
        return nothing
    if isinstance(value, float):
        value = Decimal(str(value))
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _decimal_mark(text)


def shown(value: Any) -> Any:
    """A message parameter as it is shown: moments in local time, decimals in the
    user's notation; anything else unchanged."""
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return decimal(value)
    return value


def message(key: str, params: Mapping[str, Any]) -> str:
    """A catalogue message whose parameters are shown through this module."""
    return t(key, **{name: shown(value) for name, value in params.items()})


def error(exc: DomainError) -> str:
    """A refusal from the services in words, its moments and numbers shown as above."""
    if type(exc).message is DomainError.message:
        return exc.message(shown)
    return exc.message()  # an error that words itself (an import's list of problems)
