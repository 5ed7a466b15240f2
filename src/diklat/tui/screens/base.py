"""The base of every screen that calls the services.

One worker pattern: a service call runs in a thread (``call``), never on the UI thread,
and its answer comes back to the UI thread (``done``).

One error policy: whatever the call raises (a refusal from the services, a rule of
the domain, the database gone, a full disk) becomes a one-line message in the
screen's status line (``describe``); what the person typed stays where it is and the
app carries on. Nothing a service raises ends the app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.screen import Screen

from diklat.domain.errors import DomainError
from diklat.i18n import t
from diklat.tui import format as fmt
from diklat.tui.bindings import TranslatedBindings
from diklat.tui.widgets.statusline import StatusLine


class ServiceCalls:
    """The worker pattern and the error policy, for any screen (a dialog, a form):
    mixed into a Screen subclass, before it."""

    app: Any
    query: Any

    @property
    def db(self):
        return self.app.db

    _actor = None  # set by screens made for someone other than the logged-in user

    @property
    def actor(self):
        return self._actor if self._actor is not None else self.app.actor

    @actor.setter
    def actor(self, actor) -> None:
        self._actor = actor

    def status(self, message: str | Text, *, error: bool = False) -> None:
        for line in self.query(StatusLine):
            line.say(message, error=error)
            return

    def call(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], Any] | None = None,
        failed: Callable[[Exception], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run ``fn(*args, **kwargs)`` in a thread; ``done(result)`` or ``failed(error)`` on
        the UI thread. Without ``failed`` an error is said in the status line."""
        self._call(fn, args, kwargs, done, failed)

    @work(thread=True, group="service")
    def _call(self, fn, args, kwargs, done, failed) -> None:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # the one error policy: see the module's docstring
            self.app.call_from_thread(failed or self.failed, exc)
            return
        if done is not None:
            self.app.call_from_thread(done, result)

    def failed(self, exc: Exception) -> None:
        self.status(describe(exc), error=True)


class ServiceScreen(ServiceCalls, TranslatedBindings, Screen[None]):
    """A screen that calls services in a worker thread and shows their errors as words."""

    # F1 first, so that the footer shows it even when the terminal is narrow.
    BINDINGS = [Binding("f1", "app.help", "key.help"), Binding("escape", "back", "key.back")]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


def describe(exc: BaseException) -> str:
    """An error in one line of the user's language. A refusal says why in its own words;
    anything else (the database, the disk) is named by its kind, never by a traceback."""
    if isinstance(exc, DomainError):
        return fmt.error(exc)
    return t("screen.failed", kind=type(exc).__name__)


def typed_day(owner: Any, field: Any, label: str) -> date | None:
    """The date typed in the input ``field`` (DD-MM-YYYY, DD/MM/YYYY or ISO), or None
    after ``owner`` (anything with a ``status``) said which field it could not read."""
    text = field.value.strip()
    try:
        day = fmt.read_day(text)
    except ValueError:
        day = None
    if day is None:
        owner.status(t("cohort_new.bad_date", field=label, value=text), error=True)
    return day
