"""Keys do what the help says, screen by screen (issue 16 part 4).

Every screen type is opened with Pilot, as its user reaches it, and checked key by key:

- every binding on the screen (the app's, the screen's, each widget's on it) names an
  action that exists where the binding sends it;
- every key the screen's F1 help names is bound there, for this person;
- every key diklat binds there, and offers this person, is named in that help (or in
  the line of keys every screen shares, ``help.everywhere``, which F1 shows too);
- Home and End go to the first and the last row of every list on it;
- Ctrl+C says, in words, how to quit (or copies, in a text field);
- Ctrl+L logs out, back to the log-in screen with nothing of the person's left.

The keys a help names are read from its text: a bold key (``**Ctrl+S**``, ``**F2**``,
``**1–9**``, ``**A**``, ``**↑/↓**``) or a key's name written out (Esc, Enter, Ctrl+…).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Awaitable, Callable

import pytest
from factories import World, submitted
from textual import actions
from textual.screen import Screen
from textual.widgets import DataTable, Input, Markdown, OptionList, TextArea

import diklat.tui
from diklat.domain.workflow import STAGES, Stage
from diklat.i18n import LANGUAGES, catalogue, t

# --- the keys a help text names --------------------------------------------------------

_NAMES = {
    "esc": "escape",
    "enter": "enter",
    "tab": "tab",
    "shift+tab": "shift+tab",
    "spasi": "space",
    "space": "space",
    "insert": "insert",
    "del": "delete",
    "delete": "delete",
    "backspace": "backspace",
    "home": "home",
    "end": "end",
    "↑": "up",
    "↓": "down",
    "←": "left",
    "→": "right",
    "+": "plus",
}
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SPLIT = re.compile(r"\s*(?:/|,|·|\batau\b|\bor\b)\s*")
# A key written out, bold or not (case matters: "tab 3" is a tab of the cohort screen).
_WRITTEN = re.compile(
    r"(?<![\w+])(Ctrl\+(?:Shift\+)?(?:[A-Z]\b|↑|↓|←|→|Home\b|End\b)|Shift\+Tab|F\d{1,2}\b"
    r"|Esc\b|Enter\b|Tab\b|Insert\b|Del\b|Backspace\b|Spasi\b|Space\b)"
)


def _key(token: str) -> set[str]:
    token = token.strip().strip(":").strip()
    low = token.lower()
    if m := re.fullmatch(r"(\d)\s*[–-]\s*(\d)", token):
        return {str(d) for d in range(int(m[1]), int(m[2]) + 1)}
    if m := re.fullmatch(r"ctrl\+(.+)", low):
        return {"ctrl+" + _NAMES.get(m[1], m[1])}
    if re.fullmatch(r"f\d{1,2}", low) or re.fullmatch(r"[a-z0-9]", low):
        return {low}
    return {_NAMES[low]} if low in _NAMES else set()


def named_keys(text: str) -> set[str]:
    """The keys ``text`` (a help, Markdown) tells the reader to press."""
    keys: set[str] = set()
    for bold in _BOLD.findall(text):
        for token in _SPLIT.split(bold):
            keys |= _key(token)
        if bold.strip() in ("↑/↓", "←/→"):
            keys |= {_NAMES[c] for c in bold if c in _NAMES}
    for written in _WRITTEN.findall(text):
        keys |= _key(written)
    return keys


# Keys a help names that belong to another screen it points to.
ELSEWHERE = {
    "help.comment_bank": {"ctrl+b"},  # "… offered first with Ctrl+B on the review screen"
}
# Bold symbols of a help that are not keys: the review's "+ newly filled".
NOT_KEYS = {"help.review": {"plus"}}
# Keys every screen has, named once for all in help.everywhere (shown under every help)
# and the README; moving about (arrows, pages) is not named screen by screen.
EVERYWHERE = {"f1", "ctrl+q", "ctrl+p", "ctrl+l", "home", "end", "tab", "shift+tab"}
MOVING = {"up", "down", "left", "right", "pageup", "pagedown", "ctrl+c", "super+c"}
# Actions offered only once something is there: Ctrl+Z after a row or a file was removed,
# Del and Enter on the Lampiran list once it has a file (stage_implementation_files).
LATER = {
    ("ItemList", "undo_remove"),
    ("AttachmentTable", "undo"),
    ("AttachmentTable", "remove"),
    ("AttachmentTable", "save"),
}


# --- the bindings on a screen -----------------------------------------------------------


def _nodes(app):
    """The app, the screen and every widget shown on it (not a cohort tab behind the
    one in front), with their bindings."""
    screen = app.screen
    shown = [
        w
        for w in screen.walk_children(with_self=False)
        if all(n.display for n in w.ancestors_with_self if n is not screen and n is not app)
    ]
    return [app, screen, *shown]


def _target(app, node, action: str):
    namespace, name, params = actions.parse(action)
    target = {"app": app, "screen": app.screen, "": node}.get(namespace, node)
    return target, name, params


def _diklat_actions(node) -> set[tuple[str, str]]:
    """(key, action) of the bindings diklat's own classes give ``node``."""
    own = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("diklat.") and "BINDINGS" in cls.__dict__:
            for b in cls.__dict__["BINDINGS"]:
                key, action = (b.key, b.action) if hasattr(b, "key") else (b[0], b[1])
                own |= {(k.strip(), action) for k in key.split(",")}
    return own


def bindings(app) -> list[tuple[object, str, str, bool | None, bool]]:
    """(node, key, action, state, diklat's own) of every binding on the screen shown;
    ``state`` is what the action's check says for this person (False: not offered)."""
    out = []
    for node in _nodes(app):
        own = _diklat_actions(node)
        for key, entries in node._bindings.key_to_bindings.items():
            for binding in entries:
                target, name, params = _target(app, node, binding.action)
                state = target.check_action(name, params)
                out.append((node, key, binding.action, state, (key, binding.action) in own))
    return out


def missing_actions(app) -> list[str]:
    gone = []
    for node, key, action, _, _ in bindings(app):
        target, name, _ = _target(app, node, action)
        if not (hasattr(target, f"action_{name}") or hasattr(target, f"_action_{name}")):
            gone.append(f"{type(node).__name__}: {key} -> {action}")
    return gone


def offered_keys(app) -> set[str]:
    """Keys that do something on this screen for this person. A text field's own
    editing keys (Del, Home, Ctrl+K…) are left out: a help that names Del means a list's."""
    keys = set()
    for node, key, action, state, _ in bindings(app):
        if isinstance(node, (Input, TextArea)) and key not in ("enter", "tab"):
            continue
        if state is not False or (type(node).__name__, actions.parse(action)[1]) in LATER:
            keys.add(key)
    return keys


def diklat_keys(app) -> dict[str, str]:
    """Keys diklat itself binds on this screen and offers this person (and where)."""
    return {
        key: f"{type(node).__name__}.{action}"
        for node, key, action, state, own in bindings(app)
        if own and state is not False
    }


# --- opening every screen ---------------------------------------------------------------


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _as(pilot, world: World, who: str) -> None:
    await settle(pilot)
    pilot.app.logged_in(world.actor(who))
    await settle(pilot)


def _home(who: str, *keys: str):
    async def run(pilot, world: World) -> None:
        await _as(pilot, world, who)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


def _stage(stage: Stage, *keys: str, before=None):
    async def run(pilot, world: World) -> None:
        from diklat.tui.navigation import open_stage

        if before is not None:
            before(world)

        await _as(pilot, world, "P1")
        open_stage(pilot.app, world.actor("P1"), world.enrolments["P1"], stage)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


def _with_a_file(world: World) -> None:
    """P1's design has its milestones and the implementation a photo on the first."""
    import attachment_files as files
    from factories import complete

    from diklat.services import attachments, stages

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, Stage.DESIGN, complete(Stage.DESIGN))
    attachments.add(
        world.db, p1, eid, Stage.IMPLEMENTATION, "M1", "foto kegiatan.jpg", files.image("JPEG")
    )


def _open(who: str, target: str, *args, keys: tuple[str, ...] = ()):
    async def run(pilot, world: World) -> None:
        from diklat.tui.navigation import open_screen

        await _as(pilot, world, who)
        open_screen(pilot.app, target, *args)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


def _review(*keys: str, stage: Stage = Stage.SELF_ASSESSMENT):
    async def run(pilot, world: World) -> None:
        if stage is Stage.IMPLEMENTATION:
            _with_a_file(world)  # the version reviewed carries a file: its Lampiran list
        submitted(world, "P1", stage)
        await _open("C1", "review", world.enrolments["P1"], stage)(pilot, world)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


def _marking(pilot_keys: tuple[str, ...] = ()):
    async def run(pilot, world: World) -> None:
        await _open("X1", "marking", world.enrolments["P1"], keys=pilot_keys)(pilot, world)

    return run


def _cohort(*keys: str, section: str | None = None, before=None):
    async def run(pilot, world: World) -> None:
        if before is not None:
            before(world)
        await _open("K1", "cohort", world.cohort_codes["A"], keys=keys)(pilot, world)
        if section is not None:
            from diklat.tui.widgets.tabbar import TabBar

            pilot.app.screen.query_one("#set-sections", TabBar).active = section
            await settle(pilot)

    return run


def _correction_asked(world: World) -> None:
    """P1 asks for a correction: the people tab's Y and X decide it."""
    from diklat.services.corrections import request_correction

    request_correction(world.db, world.actor("P1"), "jabatan", "Kepala Seksi", "SK baru")


def _login():
    async def run(pilot, world: World) -> None:
        await settle(pilot)

    return run


def _dialog(make: Callable[[], Screen]):
    async def run(pilot, world: World) -> None:
        await _as(pilot, world, "P1")
        pilot.app.push_screen(make())
        await settle(pilot)

    return run


def _confirm():
    from diklat.tui.widgets.confirm import ConfirmScreen

    return ConfirmScreen("Yakin?")


def _message():
    from diklat.tui.widgets.confirm import MessageScreen

    return MessageScreen("Judul", "Isi pesan.")


def _ask():
    from diklat.tui.widgets.confirm import AskText

    return AskText("Alasan?")


def _help_screen():
    from diklat.tui.widgets.help import HelpScreen

    return HelpScreen("help.general")


SETTINGS_SECTIONS = ("details", "deadlines", "extensions", "rules", "staff", "signatory", "rubric")

# case -> (how to reach the screen, the class shown)
CASES: dict[str, tuple[Callable[..., Awaitable[None]], str]] = {
    "login": (_login(), "LoginScreen"),
    "password": (_home("P1", "p"), "PasswordScreen"),
    "home_participant": (_home("P1"), "HomeScreen"),
    "home_coach": (_home("C1"), "HomeScreen"),
    "home_mentor": (_home("M1"), "HomeScreen"),
    "home_examiner": (_home("X1"), "HomeScreen"),
    "home_coordinator": (_home("K1"), "HomeScreen"),
    "home_admin": (_home("ADMIN"), "HomeScreen"),
    **{
        f"stage_{stage.value}": (_stage(stage), cls)
        for stage, cls in zip(
            STAGES,
            (
                "SelfAssessmentScreen",
                "DiagnosisScreen",
                "InnovationScreen",
                "DesignScreen",
                "MentorAgreementScreen",
                "ImplementationScreen",
                "ReportScreen",
            ),
            strict=True,
        )
    },
    "stage_implementation_files": (
        _stage(Stage.IMPLEMENTATION, "f3", before=_with_a_file),
        "ImplementationScreen",
    ),
    "attachment_add": (
        _stage(Stage.IMPLEMENTATION, "f3", "a", before=_with_a_file),
        "AddAttachmentScreen",
    ),
    "attachment_save": (
        _stage(Stage.IMPLEMENTATION, "f3", "enter", before=_with_a_file),
        "SaveAttachmentScreen",
    ),
    "stage_history": (_stage(Stage.DIAGNOSIS, "f2"), "HistoryScreen"),
    "stage_export": (_stage(Stage.DESIGN, "f4"), "ExportScreen"),
    "my_details": (_home("P1", "d"), "DetailsScreen"),
    "queue": (_home("C1", "t"), "QueueScreen"),
    "queue_choice": (_home("C1", "t", "2"), "ChoicePicker"),
    "review": (_review(), "ReviewScreen"),
    "review_bank_picker": (_review("tab", "ctrl+b"), "BankPicker"),
    "review_with_files": (_review(stage=Stage.IMPLEMENTATION), "ReviewScreen"),
    "comment_bank": (_home("C1", "b"), "CommentBankScreen"),
    "my_participants": (_home("C1", "s"), "MyParticipantsScreen"),
    "marking_list": (_home("X1", "m"), "MarkingListScreen"),
    "marking": (_marking(), "MarkingScreen"),
    "moderation": (_home("K1", "o"), "ModerationScreen"),
    "institutions": (_home("K1", "i"), "InstitutionsScreen"),
    "accounts": (_home("K1", "u"), "AccountsScreen"),
    "new_cohort": (_home("K1", "c"), "NewCohortScreen"),
    "audit": (_home("K1", "a"), "AuditScreen"),
    **{
        # (on the people tab a participant has asked for a correction: Y and X decide it)
        f"cohort_{name}": (
            _cohort(str(number), before=_correction_asked if name == "people" else None),
            "CohortScreen",
        )
        for number, name in enumerate(
            (
                "progress",
                "people",
                "import",
                "attendance",
                "results",
                "exports",
                "marking",
                "remind",
                "settings",
            ),
            1,
        )
    },
    **{
        f"cohort_settings_{section}": (_cohort("9", section=section), "CohortScreen")
        for section in SETTINGS_SECTIONS[1:]
    },
    "paper": (_cohort("1", "p"), "PaperScreen"),
    "add_participant": (_cohort("2", "plus"), "AddParticipantScreen"),
    "visits": (_cohort("k"), "VisitsScreen"),
    "confirm": (_dialog(_confirm), "ConfirmScreen"),
    "message": (_dialog(_message), "MessageScreen"),
    "ask_text": (_dialog(_ask), "AskText"),
    "help": (_dialog(_help_screen), "HelpScreen"),
}


async def _help_text(pilot) -> tuple[str, str]:
    """The help F1 shows over the screen (its catalogue key and its Markdown), closed again."""
    app = pilot.app
    under = app.screen
    key = getattr(under, "HELP_KEY", "help.general")
    if type(under).__name__ == "HelpScreen":
        shown = [m.source for m in under.query(Markdown)]
    else:
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen is not under, "F1 shows no help"
        # (its closing line, "Esc, F1 or Q to close", is the help screen's own keys)
        shown = [m.source for m in app.screen.query(Markdown) if m.id != "help-close"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is under, "Esc does not close the help"
    return key, "\n".join(shown)


def _lists(app) -> list:
    """The row lists a person can reach on the screen."""
    from diklat.tui.widgets.matrix import Matrix

    chain = app.screen.focus_chain
    return [
        w
        for w in chain
        if (isinstance(w, DataTable) and w.cursor_type == "row" and w.row_count > 1)
        or (isinstance(w, Matrix) and w.row_count > 1)
        or (isinstance(w, OptionList) and w.option_count > 1)
    ]


def _row(widget) -> int | None:
    return widget.highlighted if isinstance(widget, OptionList) else widget.cursor_row


def _last(widget) -> int:
    return widget.option_count - 1 if isinstance(widget, OptionList) else widget.row_count - 1


@pytest.mark.parametrize("case", CASES)
async def test_every_key_of_the_screen_does_what_its_help_says(world: World, case: str) -> None:
    from diklat.tui.app import DiklatApp
    from diklat.tui.screens.login import LoginScreen

    reach, shown = CASES[case]
    app = DiklatApp(world.db, demo=case == "login")
    async with app.run_test(size=(120, 40)) as pilot:
        await reach(pilot, world)
        screen = app.screen
        assert type(screen).__name__ == shown

        assert missing_actions(app) == []

        help_key, text = await _help_text(pilot)
        named = named_keys(text) - NOT_KEYS.get(help_key, set())
        if help_key.startswith("help.stage_"):
            # A stage's F1 adds the keys every stage shares ("in a list: A…"): those are
            # checked on a stage with lists (below), the stage's own here.
            common = t("help.stage_common").strip()
            assert common in text
            named = named_keys(text.replace(common, "")) - NOT_KEYS.get(help_key, set())
        if case == "stage_diagnosis":
            assert named_keys(t("help.stage_common")) - offered_keys(app) == set()
        offered = offered_keys(app)
        assert sorted(named - offered - ELSEWHERE.get(help_key, set())) == [], (
            f"{help_key} names keys that do nothing here"
        )
        if help_key.startswith("help.stage_"):
            named |= named_keys(t("help.stage_common"))
        unnamed = {
            key: where
            for key, where in diklat_keys(app).items()
            if key not in named | EVERYWHERE | MOVING
        }
        assert unnamed == {}, f"keys bound on {case} that {help_key} does not name"

        for widget in _lists(app):
            widget.focus()
            await pilot.pause()
            await pilot.press("end")
            await pilot.pause()
            assert _row(widget) == _last(widget), f"End in {widget!r}"
            await pilot.press("home")
            await pilot.pause()
            assert _row(widget) == 0, f"Home in {widget!r}"

        app.clear_notifications()
        if not isinstance(app.focused, (Input, TextArea)):
            await pilot.press("ctrl+c")
            await pilot.pause()
            said = [n.message for n in app._notifications]
            assert said == [t("app.quit_hint")], "Ctrl+C says how to quit"

        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None
        assert len(app.screen_stack) == 2  # nothing of the person's left behind


def _diklat_screens() -> set[str]:
    for info in pkgutil.walk_packages(diklat.tui.__path__, "diklat.tui."):
        importlib.import_module(info.name)
    found, todo = set(), [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("diklat."):
                found.add(sub.__name__)
    return found


def test_every_screen_type_is_walked() -> None:
    # Bases no one sees by themselves; MilestoneStage is the base of the report and the
    # implementation stages.
    bases = {"ServiceScreen", "StageScreen", "ReviewerHomeActions", "MilestoneStage"}
    walked = {cls for _, cls in CASES.values()}
    assert _diklat_screens() - bases - walked == set()


def test_every_cohort_tab_and_settings_section_is_walked() -> None:
    from diklat.tui.screens.coordinator.cohort import TABS
    from diklat.tui.screens.coordinator.settings.tab import SECTIONS

    assert {f"cohort_{name}" for name in TABS} <= set(CASES)
    assert set(SECTIONS) == set(SETTINGS_SECTIONS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_help_names_the_keys_of_every_screen(lang: str) -> None:
    """help.everywhere (under every F1 help) names the keys left out screen by screen."""
    assert EVERYWHERE - {"tab", "shift+tab"} <= named_keys(catalogue(lang)["help.everywhere"])


def test_both_languages_name_the_same_keys() -> None:
    id_, en = catalogue("id"), catalogue("en")
    differ = {
        key: (sorted(named_keys(id_[key])), sorted(named_keys(en[key])))
        for key in id_
        if key.startswith("help.") and named_keys(id_[key]) != named_keys(en.get(key, ""))
    }
    assert differ == {}


def test_the_reading_of_keys() -> None:
    text = "**Ctrl+↓ / Ctrl+↑**: bagian · **1–3** · **A** atau **Insert** · Esc menutup · tab 3"
    assert named_keys(text) == {"ctrl+down", "ctrl+up", "1", "2", "3", "a", "insert", "escape"}
    assert named_keys("**↑/↓**: pilih · **Impor** · **Tab / Shift+Tab**") == {
        "up",
        "down",
        "tab",
        "shift+tab",
    }


# --- the guides' key tables -------------------------------------------------------------

REPO = __import__("pathlib").Path(__file__).resolve().parent.parent


def _classes(*names: str) -> list[type]:
    """diklat's and Textual's classes by name."""
    import textual.screen
    import textual.widget

    for info in pkgutil.walk_packages(diklat.tui.__path__, "diklat.tui."):
        importlib.import_module(info.name)
    found: dict[str, type] = {}
    todo = [textual.screen.Screen, textual.widget.Widget]
    from diklat.tui.app import DiklatApp

    found["DiklatApp"] = DiklatApp
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith(("diklat.", "textual.")):
                found.setdefault(sub.__name__, sub)
    return [found[name] for name in names]


def _class_keys(cls: type, *, own: bool = False) -> set[str]:
    keys = set()
    for klass in cls.__mro__:
        if own and not klass.__module__.startswith("diklat."):
            continue
        for b in klass.__dict__.get("BINDINGS", []):
            key = b.key if hasattr(b, "key") else b[0]
            keys |= {k.strip() for k in key.split(",")}
    return keys


STAGES_CLASSES = (
    "SelfAssessmentScreen",
    "DiagnosisScreen",
    "InnovationScreen",
    "DesignScreen",
    "MentorAgreementScreen",
    "ImplementationScreen",
    "ReportScreen",
)
COHORT_CLASSES = (
    "CohortScreen",
    "ProgressTab",
    "PeopleTab",
    "CorrectionsPanel",
    "ImportTab",
    "AttendanceTab",
    "ResultsTab",
    "ExportsTab",
    "MarkingTab",
    "RemindTab",
    "SettingsTab",
    "ExtensionsSection",
    "StaffSection",
)
# A guide's table "| key | <where> |": the classes whose keys it lists (the first ones
# checked the other way too: each of their keys is in the table), then the widgets on it.
TABLES = {
    ("README.md", "on every screen"): (("DiklatApp",), ("Screen",)),
    ("docs/participant.md", "on the home screen"): ((), ("HomeScreen", "DataTable")),
    ("docs/participant.md", "on a stage screen"): (
        (*STAGES_CLASSES, "ItemTable", "ItemList", "AnswerTable"),
        ("ItemForm", "DataTable", "DiklatApp"),
    ),
    ("docs/participant.md", "on the Lampiran list"): (("AttachmentTable",), ("DataTable",)),
    ("docs/reviewer.md", "on the home screen"): ((), ("HomeScreen", "DataTable")),
    ("docs/reviewer.md", "on the review queue"): (("QueueScreen",), ("DataTable", "Choice")),
    ("docs/reviewer.md", "on the review screen"): (("ReviewScreen",), ("OptionList", "Screen")),
    ("docs/reviewer.md", "in the comment bank"): (("CommentBankScreen",), ("DataTable",)),
    ("docs/reviewer.md", "on the marking list"): (("MarkingListScreen",), ("DataTable",)),
    ("docs/reviewer.md", "on the marking sheet"): (("MarkingScreen",), ("OptionList", "Screen")),
    ("docs/reviewer.md", "on the moderation screen"): (("ModerationScreen",), ("DataTable",)),
    ("docs/reviewer.md", "on my participants"): (("MyParticipantsScreen",), ("DataTable",)),
    ("docs/coordinator.md", "on the cohort screen"): (
        COHORT_CLASSES,
        ("TabBar", "DataTable"),
    ),
    ("docs/coordinator.md", "on the coordinator's home"): ((), ("HomeScreen", "DataTable")),
}


def _tables(path: str) -> dict[str, list[str]]:
    """The key column of each "| key | where |" table of a guide, by its "where"."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in (REPO / path).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if "|" in line else []
        if len(cells) >= 2 and cells[0] == "key":
            current = tables.setdefault(cells[1], [])
        elif current is not None and cells and not set(cells[0]) <= set("-: "):
            current.append(cells[0])
        elif not cells:
            current = None
    return tables


def _cell_keys(cell: str) -> set[str]:
    keys = set()
    for token in re.split(r"\s*(?:·|,|\bor\b)\s*", cell.replace("**", "")):
        if token == "arrows":
            keys |= {"up", "down", "left", "right"}
            continue
        parts = [token] if re.fullmatch(r"\d\s*[–-]\s*\d", token) else re.split(r"\s*/\s*", token)
        for part in parts:
            found = _key(part)
            assert found, f"not a key: {part!r} in {cell!r}"
            keys |= found
    return keys


@pytest.mark.parametrize("where", TABLES, ids=lambda w: f"{w[0]}: {w[1]}")
def test_the_guides_key_tables_match_the_bindings(where: tuple[str, str]) -> None:
    path, context = where
    listed_cells = _tables(path).get(context)
    assert listed_cells, f"{path} has no table of the keys {context}"
    listed = set().union(*(_cell_keys(cell) for cell in listed_cells))
    mains, widgets = TABLES[where]
    bound = set().union(*(_class_keys(c) for c in _classes(*mains, *widgets)))
    if path != "README.md":
        bound |= _class_keys(_classes("DiklatApp")[0])  # F1, Ctrl+L… everywhere
    assert sorted(listed - bound) == [], f"{path} lists keys that are not bound {context}"
    own = set().union(*(_class_keys(c, own=True) for c in _classes(*mains)))
    # Moving about needs no row; the keys of every screen are in the README's table.
    unlisted = own - listed - MOVING - (EVERYWHERE if path != "README.md" else set())
    assert sorted(unlisted) == [], f"{path} does not list every key {context}"


async def test_tab_selects_a_one_line_field_and_not_a_multi_line_one(world: World) -> None:
    """As help.stage_common says: Tab into a one-line field selects its text (typing
    replaces it); into a multi-line field it selects nothing and the cursor stays put."""
    app_case, _ = CASES["stage_design"]
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=(120, 40)) as pilot:
        await app_case(pilot, world)
        chain = app.screen.focus_chain
        area = next(w for w in chain if isinstance(w, TextArea) and not w.read_only)
        line = next(w for w in chain if isinstance(w, Input) and not w.disabled)
        area.text = "baris satu\nbaris dua"
        area.move_cursor((1, 3))
        line.value = "judul lama"
        for field in (area, line):
            chain = app.screen.focus_chain
            chain[chain.index(field) - 1].focus()
            await pilot.pause()
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is field
        assert line.selected_text == "judul lama"
        line.focus()
        await pilot.press("tab", "shift+tab")
        await pilot.pause()
        await pilot.press("J")
        await pilot.pause()
        assert line.value == "J"  # typing replaced the selected text
        assert area.selected_text == ""
        assert area.cursor_location == (1, 3)
