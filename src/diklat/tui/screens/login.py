from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from diklat.i18n import t
from diklat.tui.bindings import EnterAdvances, TranslatedBindings, form_keys
from diklat.tui.screens.base import ServiceCalls
from diklat.tui.widgets.footer import KeyFooter  # keys drawn once (start-up, issue 6)
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar  # one widget, not Header's four

# The services (and with them SQLAlchemy and the models) are imported in the worker
# threads below, after the screen is drawn: start-up shows this screen first.


class LoginScreen(ServiceCalls, EnterAdvances, TranslatedBindings, Screen[None]):
    HELP_KEY = "help.login"
    # The user field has the focus from the first frame (given once, as the screen is
    # shown: focusing it again in on_mount restyled the form and its keys twice).
    AUTO_FOCUS = "#login-user"
    FIELD_ORDER = ("login-user", "login-password")
    BINDINGS = [
        Binding("escape", "clear", "key.clear"),
        *form_keys(),
    ]
    busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # Scrolls when the terminal is small (80x24 with the demo list still fits).
        with VerticalScroll(id="login-scroll"):
            with Vertical(id="login-box"):
                yield Static(t("login.title"), id="login-title")
                served = self.app.served
                if served is not None and served.insecure:
                    yield Static(t("login.not_encrypted"), id="login-insecure", classes="message")
                yield Label(t("login.user_label"))
                yield Input(placeholder=t("login.user_placeholder"), id="login-user", compact=True)
                yield Label(t("login.password_label"))
                yield Input(
                    placeholder=t("login.password_placeholder"),
                    password=True,
                    id="login-password",
                    compact=True,
                )
                yield Button(t("login.submit"), variant="primary", id="login-submit", compact=True)
                yield StatusLine("", id="login-message", classes="message")
                if self.app.demo:
                    from textual.widgets import DataTable

                    from diklat.services.demo import DEMO_PASSWORD

                    yield Static(t("login.demo_intro", password=DEMO_PASSWORD), id="demo-intro")
                    yield DataTable(id="demo-accounts", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.app.demo:
            from textual.widgets import DataTable

            from diklat.services.demo import DEMO_LOGINS

            table = self.query_one("#demo-accounts", DataTable)
            table.add_columns(t("login.demo_col_login"), t("login.demo_col_who"))
            for login in DEMO_LOGINS:
                table.add_row(login, t(f"login.demo_who.{login}"), key=login)
        if self.app.db_ready:
            self.check_first_run()
        else:
            # Open (and migrate) the database once this screen is on the terminal.
            self.call_after_refresh(self.check_first_run)

    @work(thread=True)
    def check_first_run(self) -> None:
        try:
            db = self.app.db
        except Exception:  # the app ends; the command line reports why
            return
        from diklat.services import auth

        if not auth.has_accounts(db):
            self.app.call_from_thread(self.show_message, t("login.no_accounts"))

    def on_data_table_row_selected(self, event) -> None:
        if event.data_table.id != "demo-accounts":
            return
        from diklat.services.demo import DEMO_PASSWORD

        self.query_one("#login-user", Input).value = str(event.row_key.value)
        self.query_one("#login-password", Input).value = DEMO_PASSWORD
        self.query_one("#login-submit", Button).focus()

    @on(Button.Pressed, "#login-submit")
    def submit(self) -> None:
        if self.busy:
            return
        user = self.query_one("#login-user", Input).value
        password = self.query_one("#login-password", Input).value
        if not user.strip() or not password:
            self.status(t("login.missing"), error=True)
            return
        self.busy = True
        self.show_message(t("login.checking"))
        self.query_one("#login-submit", Button).disabled = True
        self.attempt(user, password)

    def attempt(self, user: str, password: str) -> None:
        # Password hashing and the database run off the UI thread; so do the imports of
        # the services (start-up draws this screen first).
        def login():
            from diklat.services import auth

            return auth.login(self.app.db, user, password)

        self.call(login, done=self.app.logged_in, failed=self.refused)

    def refused(self, exc: Exception) -> None:
        self.busy = False
        self.query_one("#login-submit", Button).disabled = False
        self.failed(exc)
        field = self.query_one("#login-password", Input)
        field.value = ""
        field.focus()

    def show_message(self, message: str) -> None:
        self.status(message)

    def action_clear(self) -> None:
        for field in self.query(Input):
            field.value = ""
        self.show_message("")
        self.query_one("#login-user", Input).focus()
