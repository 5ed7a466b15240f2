"""Field visits (*benchmarking*, *studi lapangan*) of one cohort, planned by its
coordinator: the date, a title and programme, the hosts (institution, address, contact,
the practice to learn) each with its group of participants by NDH, and the request
letters to the hosts (a browser download when served).

The cohort's visits above; the visit being planned below, its hosts in a table with one
host's fields under it. A host is put into the plan with **Simpan instansi** and the plan
is stored whole with Ctrl+S (``services.visits.save_visit`` checks it: the date inside
the cohort's period, NDHs of the cohort, each participant in one group).
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Static, TextArea

from diklat.i18n import t
from diklat.services import visits as visit_service
from diklat.services.visits import HostPlan, Visit, VisitPlan
from diklat.textsafe import literal, visible
from diklat.tui import format as fmt
from diklat.tui.deliver import make_file, served, suggested
from diklat.tui.screens.base import ServiceScreen
from diklat.tui.widgets.confirm import ConfirmScreen
from diklat.tui.widgets.footer import KeyFooter
from diklat.tui.widgets.statusline import StatusLine
from diklat.tui.widgets.titlebar import TitleBar

HOST_FIELDS = ("key", "institution", "address", "contact", "ndh", "practice")
_RANGE = re.compile(r"^(\d{1,5})(?:-(\d{1,5}))?$")


def read_ndh(text: str) -> tuple[int, ...]:
    """A group as a coordinator types it: NDHs and ranges separated by commas or spaces
    (``1-13, 20 22``), in order without repeats; ValueError naming the part not read."""
    found: set[int] = set()
    for part in re.split(r"[,;\s]+", re.sub(r"\s*-\s*", "-", text.strip())):
        if not part:
            continue
        match = _RANGE.match(part)
        if match is None:
            raise ValueError(part)
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if high < low or high - low > 10_000:
            raise ValueError(part)
        found.update(range(low, high + 1))
    return tuple(sorted(found))


def ndh_text(numbers: tuple[int, ...] | list[int]) -> str:
    """NDHs as ranges (``1-13, 20``): what ``read_ndh`` reads back."""
    out: list[str] = []
    numbers = sorted(numbers)
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        out.append(str(numbers[i]) if i == j else f"{numbers[i]}-{numbers[j]}")
        i = j + 1
    return ", ".join(out)


def _plan_host(host) -> HostPlan:
    return HostPlan(
        key=host.key,
        institution=host.institution,
        address=host.address,
        contact=host.contact,
        practice=host.practice,
        ndh=tuple(m.ndh for m in host.members),
    )


class VisitsScreen(ServiceScreen):
    CSS_PATH = "coordinator.tcss"
    HELP_KEY = "help.visits"
    AUTO_FOCUS = "#visit-table"
    BINDINGS = [
        Binding("ctrl+s", "save", "key.visit_save"),
        Binding("f2", "new", "key.visit_new"),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.visits: list[Visit] = []
        self.editing: Visit | None = None
        self.hosts: list[HostPlan] = []
        self.host_key: str | None = None  # the host of the plan whose fields are shown

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="visit"):
            yield Static(literal(t("visit.screen.title", code=self.code)), id="visit-heading")
            yield DataTable(id="visit-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="visit-form"):
                yield Static(t("visit.screen.new_hint"), id="visit-mode", classes="panel-note")
                with Horizontal(classes="form-row"):
                    yield Input(id="visit-date", placeholder=t("form.date_placeholder"))
                    yield Input(id="visit-name", max_length=300)
                yield TextArea(id="visit-programme", show_line_numbers=False)
                yield DataTable(id="visit-hosts", cursor_type="row", zebra_stripes=True)
                with Horizontal(classes="form-row"):
                    yield Input(id="host-key", max_length=20)
                    yield Input(id="host-institution", max_length=300)
                yield Input(id="host-address")
                with Horizontal(classes="form-row"):
                    yield Input(id="host-contact", max_length=300)
                    yield Input(id="host-ndh", placeholder="1-13, 20")
                yield Input(id="host-practice")
                with Horizontal(classes="form-row actions"):
                    yield Button(t("visit.screen.host_put"), id="host-put")
                    yield Button(t("visit.screen.host_new"), id="host-new")
                    yield Button(t("visit.screen.host_remove"), id="host-remove")
                with Horizontal(classes="form-row actions"):
                    yield Button(t("visit.screen.save"), id="visit-save", variant="primary")
                    yield Button(t("visit.screen.new"), id="visit-new")
                    yield Button(t("visit.screen.delete"), id="visit-delete", variant="error")
                yield Static(t("visit.screen.letters_title"), classes="section-title")
                with Horizontal(classes="form-row"):
                    yield Input(id="letters-number", placeholder=t("coord.export.number"))
                    yield Input(id="letters-path")
                    yield Button(t("visit.screen.letters_write"), id="letters-write")
            yield StatusLine("", id="visit-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = t("visit.screen.sub_title")
        table = self.query_one("#visit-table", DataTable)
        for key in ("date", "title", "hosts", "participants"):
            table.add_column(t(f"visit.screen.col.{key}"), key=key)
        hosts = self.query_one("#visit-hosts", DataTable)
        # The institution last: its long names would push the group out of sight.
        for key in ("key", "group", "report", "institution"):
            hosts.add_column(t(f"visit.screen.col.{key}"), key=key)
        self.query_one("#visit-date", Input).border_title = t("visit.screen.field.date")
        self.query_one("#visit-name", Input).border_title = t("visit.screen.field.title")
        self.query_one("#visit-programme", TextArea).border_title = t(
            "visit.screen.field.programme"
        )
        for key in HOST_FIELDS:
            self.query_one(f"#host-{key}", Input).border_title = t(f"visit.screen.field.{key}")
        self.query_one("#letters-number", Input).border_title = t("visit.screen.field.number")
        self.query_one("#letters-path", Input).border_title = t("visit.screen.field.path")
        name = re.sub(r"[^\w.-]", "_", self.code)  # a code may hold "/" or markup
        self.query_one("#letters-path", Input).value = suggested(
            self.app, f"surat-kunjungan-{name}.pdf"
        )
        self.fill(None)
        self.load()

    # --- the cohort's visits --------------------------------------------------------------

    def load(self, select: int | None = None) -> None:
        self.call(
            visit_service.visits,
            self.db,
            self.actor,
            self.code,
            done=lambda rows: self.show(rows, select),
        )

    def show(self, rows: list[Visit], select: int | None = None) -> None:
        self.visits = rows
        table = self.query_one("#visit-table", DataTable)
        table.clear()
        for v in rows:
            table.add_row(
                fmt.day(v.held_on),
                literal(v.title or "-", overflow="ellipsis", no_wrap=True),
                str(len(v.hosts)),
                str(v.participants),
                key=str(v.id),
            )
        if not rows:
            self.status(t("visit.list_none", cohort=visible(self.code)))
        found = next((v for v in rows if v.id == select), None)
        if found is not None:
            table.move_cursor(row=rows.index(found))
            self.fill(found)

    @on(DataTable.RowSelected, "#visit-table")
    def picked(self, event: DataTable.RowSelected) -> None:
        if event.row_key is None:
            return
        found = next((v for v in self.visits if str(v.id) == event.row_key.value), None)
        if found is not None:
            self.fill(found)
            self.query_one("#visit-date", Input).focus()

    def fill(self, visit: Visit | None) -> None:
        """Put ``visit`` in the form (None: an empty form for a new visit)."""
        self.editing = visit
        self.query_one("#visit-date", Input).value = fmt.day(visit.held_on) if visit else ""
        self.query_one("#visit-name", Input).value = visit.title if visit else ""
        self.query_one("#visit-programme", TextArea).text = visit.programme if visit else ""
        self.hosts = [_plan_host(h) for h in visit.hosts] if visit else []
        self.show_hosts()
        self.fill_host(None)
        self.query_one("#visit-mode", Static).update(
            literal(t("visit.screen.editing", date=fmt.day(visit.held_on)))
            if visit
            else t("visit.screen.new_hint")
        )
        self.query_one("#visit-delete", Button).disabled = visit is None
        self.query_one("#letters-write", Button).disabled = visit is None

    def action_new(self) -> None:
        self.fill(None)
        self.query_one("#visit-date", Input).focus()

    @on(Button.Pressed, "#visit-new")
    def new_pressed(self) -> None:
        self.action_new()

    # --- the hosts of the plan --------------------------------------------------------------

    def show_hosts(self) -> None:
        table = self.query_one("#visit-hosts", DataTable)
        table.clear()
        reports = {h.key: bool(h.report) for h in (self.editing.hosts if self.editing else [])}
        for h in self.hosts:
            table.add_row(
                literal(h.key),
                t("visit.screen.group", count=len(h.ndh), ndh=ndh_text(h.ndh) or "-"),
                t("coord.yes") if reports.get(h.key) else t("coord.no"),
                literal(h.institution, overflow="ellipsis", no_wrap=True),
                key=h.key,
            )

    @on(DataTable.RowSelected, "#visit-hosts")
    def host_picked(self, event: DataTable.RowSelected) -> None:
        if event.row_key is None:
            return
        found = next((h for h in self.hosts if h.key == event.row_key.value), None)
        if found is not None:
            self.fill_host(found)
            self.query_one("#host-institution", Input).focus()

    def fill_host(self, host: HostPlan | None) -> None:
        self.host_key = host.key if host else None
        values = {
            "key": host.key if host else "",
            "institution": host.institution if host else "",
            "address": " ".join(host.address.split()) if host else "",
            "contact": host.contact if host else "",
            "ndh": ndh_text(host.ndh) if host else "",
            "practice": " ".join(host.practice.split()) if host else "",
        }
        for key, value in values.items():
            self.query_one(f"#host-{key}", Input).value = value
        self.query_one("#host-remove", Button).disabled = host is None

    @on(Button.Pressed, "#host-new")
    def host_new(self) -> None:
        self.fill_host(None)
        self.query_one("#host-key", Input).focus()

    @on(Button.Pressed, "#host-put")
    def host_put(self) -> None:
        """The host's fields into the plan (replacing the host shown, or added); stored
        with the visit (Ctrl+S)."""
        value = {key: self.query_one(f"#host-{key}", Input).value.strip() for key in HOST_FIELDS}
        if not value["key"] or not value["institution"]:
            self.status(t("visit.screen.host_needs"), error=True)
            return
        try:
            ndh = read_ndh(value["ndh"])
        except ValueError as err:
            self.status(t("visit.screen.bad_ndh", part=visible(str(err))), error=True)
            return
        host = HostPlan(
            key=value["key"],
            institution=value["institution"],
            address=value["address"],
            contact=value["contact"],
            practice=value["practice"],
            ndh=ndh,
        )
        keys = [h.key for h in self.hosts]
        replaced = self.host_key if self.host_key in keys else host.key
        if replaced in keys:
            self.hosts[keys.index(replaced)] = host
        else:
            self.hosts.append(host)
        self.show_hosts()
        self.fill_host(None)
        self.status(literal(t("visit.screen.host_in_plan", key=host.key)))
        self.query_one("#host-key", Input).focus()

    @on(Button.Pressed, "#host-remove")
    def host_remove(self) -> None:
        if self.host_key is None:
            return
        self.hosts = [h for h in self.hosts if h.key != self.host_key]
        gone = self.host_key
        self.show_hosts()
        self.fill_host(None)
        self.status(literal(t("visit.screen.host_removed", key=gone)))

    # --- storing ----------------------------------------------------------------------------

    @on(Button.Pressed, "#visit-save")
    def save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#visit-date", Input).value.strip()
        try:
            held_on = fmt.read_day(text)
        except ValueError:
            held_on = None
        if held_on is None:
            self.status(t("visit.screen.bad_date", value=visible(text)), error=True)
            return
        plan = VisitPlan(
            held_on=held_on,
            title=self.query_one("#visit-name", Input).value,
            programme=self.query_one("#visit-programme", TextArea).text,
            hosts=tuple(self.hosts),  # a host that stays keeps its group's report (by key)
        )
        editing = self.editing
        self.call(
            visit_service.save_visit,
            self.db,
            self.actor,
            self.code,
            plan,
            visit_id=editing.id if editing else None,
            expected_version=editing.version if editing else None,
            done=self.saved,
        )

    def saved(self, visit: Visit) -> None:
        self.status(
            literal(
                t(
                    "visit.screen.saved",
                    date=fmt.day(visit.held_on),
                    hosts=len(visit.hosts),
                    participants=visit.participants,
                )
            )
        )
        self.load(select=visit.id)

    @on(Button.Pressed, "#visit-delete")
    def delete_pressed(self) -> None:
        visit = self.editing
        if visit is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(
                    visit_service.delete_visit,
                    self.db,
                    self.actor,
                    self.code,
                    visit.id,
                    done=lambda _: self.deleted(visit),
                )

        self.app.push_screen(
            ConfirmScreen(
                t("visit.screen.delete_question", date=fmt.day(visit.held_on)),
                yes=t("visit.screen.delete"),
            ),
            answered,
        )

    def deleted(self, visit: Visit) -> None:
        self.status(t("visit.screen.deleted", date=fmt.day(visit.held_on)))
        self.fill(None)
        self.load()

    # --- the request letters ------------------------------------------------------------

    @on(Input.Submitted, "#letters-path")
    @on(Button.Pressed, "#letters-write")
    def write_letters(self) -> None:
        visit = self.editing
        if visit is None:
            self.status(t("visit.screen.letters_need_visit"), error=True)
            return
        path = self.query_one("#letters-path", Input).value.strip()
        if not path:
            self.status(t("coord.import.no_path"), error=True)
            return
        number = self.query_one("#letters-number", Input).value.strip()
        app = self.app

        def done(result: tuple[int, str]) -> None:
            count, where = result
            key = "visit.screen.letters_sent" if served(app) else "visit.screen.letters_written"
            self.status(literal(t(key, path=where, count=count)))

        self.call(_letters, app, self.db, self.actor, self.code, visit.id, number, path, done=done)


def _letters(app, db, actor, code: str, visit_id: int, number: str, path: str) -> tuple[int, str]:
    """The letters of one visit made where they go (a browser download when served); a
    file that cannot be written said in words."""
    from diklat.domain.errors import DomainError
    from diklat.io.visit_letters import write_letters

    data = visit_service.letters(db, actor, code, visit_id, number=number)
    try:
        _, where = make_file(app, path, lambda target: write_letters(data, target))
    except OSError as exc:
        raise DomainError(
            "coord.export.cannot_write", path=path, error=exc.strerror or str(exc)
        ) from None
    return len(data.visit.hosts), where
