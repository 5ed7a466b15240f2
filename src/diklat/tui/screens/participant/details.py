"""My details (home key D): the participant's name, jabatan and instansi as they print
on every cover, their requests to correct one and their state, and a form to ask for a
correction (services.corrections; the cohort's coordinator decides)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from diklat.i18n import t
from diklat.services.corrections import (
    FIELDS,
    LIMITS,
    Correction,
    MyDetails,
    my_details,
    request_correction,
)
from diklat.textsafe import message
from diklat.tui import format as fmt
from diklat.tui.bindings import EnterAdvances, form_keys
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar


def request_text(r: Correction) -> Text:
    params = {
        "field": t(f"correction.field.{r.field}"),
        "old": r.old_value,
        "new": r.new_value,
        "state": t(f"correction.state.{r.state}"),
        "date": fmt.day(r.decided_at or r.created_at),
    }
    if r.note:
        return message("correction.screen.row_note", note=r.note, **params)
    return message("correction.screen.row", **params)


class DetailsScreen(EnterAdvances, ServiceScreen):
    HELP_KEY = "help.my_details"
    AUTO_FOCUS = "#details-value"
    # Tab as a priority binding, so that "value<Tab>reason" typed in a burst lands in
    # both fields (EnterAdvances); Enter stays the Select's own (it opens the list).
    BINDINGS = [
        *(b for b in form_keys() if b.key != "enter"),
        Binding("ctrl+s", "send", "key.correction_send", priority=True),
    ]
    DEFAULT_CSS = """
    #details { padding: 0 1; }
    #details-form { height: auto; }
    #details-form Input { width: 1fr; }
    #details-form Select { width: 28; }
    #details .form-row { height: auto; }
    #details-current, #details-requests { height: auto; margin-bottom: 1; }
    #details-status { height: auto; max-height: 3; }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="details"):
            with VerticalScroll():
                yield Static(t("correction.screen.intro"), classes="panel-note")
                yield Static("", id="details-current")
                with Vertical(id="details-form"):
                    with Horizontal(classes="form-row"):
                        yield Select(
                            [(t(f"correction.field.{f}"), f) for f in FIELDS],
                            value="name",
                            allow_blank=False,
                            id="details-field",
                        )
                        yield Input(id="details-value", max_length=LIMITS["jabatan"])
                    with Horizontal(classes="form-row"):
                        yield Input(id="details-reason", max_length=2000)
                        yield Button(
                            t("correction.screen.send"), id="details-send", variant="primary"
                        )
                yield Static("", id="details-requests")
            yield StatusLine("", id="details-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("correction.screen.title")
        self.query_one("#details-field", Select).border_title = t("correction.screen.field_label")
        self.query_one("#details-value", Input).border_title = t("correction.screen.value_label")
        self.query_one("#details-reason", Input).border_title = t("correction.screen.reason_label")
        self.load()

    def load(self) -> None:
        self.call(my_details, self.db, self.actor, done=self.show)

    def show(self, data: MyDetails) -> None:
        lines = [
            message("correction.screen.current", field=t(f"correction.field.{f}"), value=value)
            for f, value in (
                ("name", data.name),
                ("jabatan", data.jabatan),
                ("instansi", data.instansi),
            )
        ]
        self.query_one("#details-current", Static).update(Text("\n").join(lines))
        requests = [Text(t("correction.screen.requests"), style="bold")]
        requests += [request_text(r) for r in data.requests] or [Text(t("correction.screen.none"))]
        self.query_one("#details-requests", Static).update(Text("\n").join(requests))

    @on(Button.Pressed, "#details-send")
    def send_pressed(self) -> None:
        self.action_send()

    @on(Input.Submitted, "#details-value")
    def value_entered(self) -> None:
        self.query_one("#details-reason", Input).focus()

    @on(Input.Submitted, "#details-reason")
    def reason_entered(self) -> None:
        self.action_send()

    def action_send(self) -> None:
        # Queued on the field behind the keys it has still to take in ("value<Tab>
        # reason<Ctrl+S>" typed in a burst), as EnterAdvances does for Enter.
        if isinstance(self.focused, Input):
            self.focused.call_later(self.submit)
        else:
            self.submit()

    def submit(self) -> None:
        field = str(self.query_one("#details-field", Select).value)
        value = self.query_one("#details-value", Input).value
        reason = self.query_one("#details-reason", Input).value
        self.call(request_correction, self.db, self.actor, field, value, reason, done=self.sent)

    def sent(self, r: Correction) -> None:
        self.query_one("#details-value", Input).value = ""
        self.query_one("#details-reason", Input).value = ""
        self.status(t("correction.screen.sent", field=t(f"correction.field.{r.field}")))
        self.load()
