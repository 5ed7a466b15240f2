"""One participant, from the Peserta & staf tab (key +): the enrolment file's columns as
a form, checked exactly as a row of that file (services.people.add_participant).

A refused form stays as typed and lists every problem by field; an enrolled
participant closes the form, and a new account's one-time password is shown once
(the cohort's log-in slips print it too, from the Ekspor tab).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from diklat.domain.imports import ImportInvalid
from diklat.i18n import t
from diklat.services.people import add_participant
from diklat.textsafe import visible
from diklat.tui.screens.base import ServiceScreen, describe
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

# field: (max length, two to a row with the next)
FIELDS = ("nip", "nrp", "nama", "ndh", "pangkat_golongan", "jabatan", "instansi", "email")
MAX = {"nip": 40, "nrp": 40, "nama": 200, "ndh": 6, "pangkat_golongan": 120}
MAX.update(jabatan=300, instansi=300, email=200)


class AddParticipantScreen(ServiceScreen):
    HELP_KEY = "help.add_participant"
    AUTO_FOCUS = "#ap-nip"
    BINDINGS = [Binding("ctrl+s", "save", "key.add_participant_save", priority=True)]
    DEFAULT_CSS = """
    #ap { padding: 0 1; }
    #ap-form { height: 1fr; }
    #ap-form Input { width: 1fr; }
    #ap .form-row { height: auto; }
    #ap-problems { height: auto; color: $error; }
    #ap-status { height: auto; max-height: 3; }
    """

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="ap"):
            yield Static(t("people.add.intro", code=visible(self.code)), classes="panel-note")
            with VerticalScroll(id="ap-form"):
                for first, second in zip(FIELDS[::2], FIELDS[1::2], strict=True):
                    with Horizontal(classes="form-row"):
                        yield Input(id=f"ap-{first}", max_length=MAX[first])
                        yield Input(id=f"ap-{second}", max_length=MAX[second])
                yield Static("", id="ap-problems")
                with Horizontal(classes="form-row"):
                    yield Button(t("people.add.save"), id="ap-save", variant="primary")
            yield StatusLine("", id="ap-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("people.add.title")
        for key in FIELDS:
            self.query_one(f"#ap-{key}", Input).border_title = t(f"people.field.{key}")

    @on(Button.Pressed, "#ap-save")
    def save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        fields = {key: self.query_one(f"#ap-{key}", Input).value for key in FIELDS}
        self.query_one("#ap-problems", Static).update("")
        self.call(
            add_participant,
            self.db,
            self.actor,
            self.code,
            fields,
            done=self.dismiss,
            failed=self.refused,
        )

    def refused(self, exc: Exception) -> None:
        if isinstance(exc, ImportInvalid):
            text = Text()
            for problem in exc.problems:
                text.append("✗ " + visible(problem.message()) + "\n")
            self.query_one("#ap-problems", Static).update(text)
            self.status(t("people.add.refused", count=len(exc.problems)), error=True)
        else:
            self.status(describe(exc), error=True)
