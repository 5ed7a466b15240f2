"""User text is shown literally: Rich/Textual markup, ANSI escape sequences, control
characters and direction overrides in names, comments and stage content never change
how the screen is drawn, in the app (Pilot, reading what the compositor would send to
the terminal) and on the command line (subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from factories import World, complete, submit
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from sqlalchemy import update

from diklat.db.models import Cohort, Person
from diklat.domain.workflow import Stage
from diklat.services import stages
from diklat.textsafe import SafeConsole, literal, message, scrub, visible

SA = Stage.SELF_ASSESSMENT
SIZE = (200, 50)

MARKUP_NAME = "[bold red]Budi[/] [link=https://evil.example]klik[/link]"
ANSI_NAME = "\x1b[31mMERAH\x1b[0m\x07"
HOSTILE_NAME = f"{MARKUP_NAME} {ANSI_NAME} \u202etnemmoc"
HOSTILE_COMMENT = "[@click=app.quit]tutup[/] \x1b]0;judul\x07 [b]tebal[/b] **md** \x1b[2J"
HOSTILE_CONTENT = "[i]miring[/i] \x1b[5mkedip\x1b[0m [tautan](https://evil.example) # bukan judul"

# What must be on the screen, character for character, where the names are shown.
LITERAL_PIECES = ("[bold red]Budi[/]", "[link=https://evil.example]klik[/link]", "␛[31mMERAH␛[0m␇")


def _unsafe(ch: str) -> bool:
    return (
        unicodedata.category(ch) in ("Cc", "Zl", "Zp")
        or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )


# --- the helper ---------------------------------------------------------------------


def test_visible_replaces_every_control_character_one_for_one() -> None:
    assert visible("a\x1b[31mb") == "a␛[31mb"
    assert visible("bel\x07 del\x7f c1\x9b bidi\u202e") == "bel␇ del␡ c1\ufffd bidi\ufffd"
    assert visible("dua\nbaris\tdan tab") == "dua␊baris␉dan tab"
    assert visible("dua\r\nbaris\tdan tab", multiline=True) == "dua\nbaris\tdan tab"
    assert visible("Ñoño — “kutip” 日本 🙂") == "Ñoño — “kutip” 日本 🙂"  # ordinary text untouched
    assert visible(None) == ""


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_visible_leaves_no_control_character_and_keeps_the_length(text: str) -> None:
    shown = visible(text)
    assert not any(_unsafe(ch) for ch in shown)
    assert len(shown) == len(text)
    multi = visible(text, multiline=True)
    assert not any(_unsafe(ch) and ch not in "\n\t" for ch in multi)


def test_literal_and_message_are_never_parsed_as_markup() -> None:
    assert literal(MARKUP_NAME).plain == MARKUP_NAME
    assert literal(MARKUP_NAME).spans == []
    shown = message("home.coach_mentor", coach=HOSTILE_NAME, mentor="-")
    assert MARKUP_NAME in shown.plain and "\x1b" not in shown.plain and shown.spans == []


def test_scrub_keeps_styles_in_place() -> None:
    text = Text("Nama: ")
    text.append("\x1b[31mX", style="bold")
    out = scrub(text)
    assert out.plain == "Nama: ␛[31mX"
    assert [(s.start, s.end, str(s.style)) for s in out.spans] == [(6, 12, "bold")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Teliti dan tekun bekerja.",
            "Teliti \x07dan\r tekun \x1b[31mbekerja.",
        ),  # a few words changed
        ("a", "\x1b]0;judul\x07 [b]baru[/b] sama sekali"),  # rewritten: before / after
        (
            [{"key": "I1", "title": "Antrean"}],
            [{"key": "I1", "title": "Antrean \x1b[5m\x07"}, {"key": "I\x1b2", "title": "\x07x"}],
        ),
        ({"urgency": "1"}, {"urgency": "\x1b[2J"}),
    ],
    ids=["words", "rewritten", "items", "entries"],
)
def test_changes_show_control_characters_visibly(old, new) -> None:
    """What changed between two versions, on the review screen: every control character
    of either version shown (Rich alone would drop BEL and CR and pass ESC on)."""
    from diklat.domain.diff import diff_section
    from diklat.domain.workflow import Stage
    from diklat.tui.screens.review.render import render_diff, render_section

    shown = render_diff(diff_section("strengths", old, new), 1).plain
    assert not any(_unsafe(ch) and ch not in "\n" for ch in shown), repr(shown)
    assert "␛" in shown and ("␇" in shown or "[2J" in shown)
    section = render_section(Stage.DIAGNOSIS, "strengths", new, {}).plain
    assert "␛" in section and not any(_unsafe(ch) and ch not in "\n" for ch in section), repr(
        section
    )


def test_the_safe_console_prints_literally(capsys) -> None:
    console = SafeConsole(force_terminal=True, color_system="truecolor", width=200)
    console.print(f"{HOSTILE_NAME} :smile: {HOSTILE_COMMENT}")
    from rich.table import Table

    table = Table()
    table.add_column("nama")
    table.add_row(HOSTILE_NAME)
    console.print(table)
    out = capsys.readouterr().out
    assert MARKUP_NAME in out and ":smile:" in out and "[@click=app.quit]tutup[/]" in out
    assert "␛[31mMERAH" in out
    assert "\x1b]8;" not in out  # no hyperlink sequence
    assert "\x07" not in out and "\u202e" not in out
    # Any ESC left is Rich's own styling (the table border), never the user's sequence.
    assert "\x1b[31mMERAH" not in out and "\x1b[2J" not in out


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.text() | st.integers(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=8,
    )
)
def test_json_text_is_the_same_data_with_nothing_for_a_terminal(data) -> None:
    """``diklat cohort rules`` prints JSON: labels with C1 controls, DEL or direction
    overrides (which ``json.dumps(ensure_ascii=False)`` leaves raw) come out escaped."""
    import json

    from diklat.textsafe import json_text

    shown = json_text(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(shown) == data
    assert not any(_unsafe(ch) and ch != "\n" for ch in shown)


def test_json_text_escapes_what_json_leaves_raw() -> None:
    import json

    from diklat.textsafe import json_text

    raw = json.dumps({"label": "Sikap\u202e\x9b\x7f\u2028 \x1b[31m"}, ensure_ascii=False)
    assert "\u202e" in raw and "\x9b" in raw  # what json.dumps leaves
    assert json_text(raw) == '{"label": "Sikap\\u202e\\u009b\\u007f\\u2028 \\u001b[31m"}'


def test_a_plain_rich_console_would_not_have_been_safe(capsys) -> None:
    """Why the helper exists: the same text through a default console changes the output."""
    Console(force_terminal=True, width=200).print(f"{MARKUP_NAME} {ANSI_NAME}")
    out = capsys.readouterr().out
    assert MARKUP_NAME not in out  # parsed: bold red, and ...
    assert "\x1b]8;" in out and "https://evil.example" in out  # ... a live hyperlink
    assert "\x1b\x1b[" in out  # and the raw ESC went through


# --- the app --------------------------------------------------------------------------

# What a person types is stored without controls now (domain.text, db/clean_text), but
# a database an older version wrote may still hold them, and the screens must show
# them safely. Such text goes through the services with stand-ins (private-use
# characters, which the cleaning keeps) that become the controls they stand for in the
# database itself (_stored_by_an_older_version).
_CONTROLS = "\x1b\x07\r\x7f\x9b\u2028\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_STAND_INS = [(chr(0xE000 + i), ch) for i, ch in enumerate(_CONTROLS)]
_TO_STAND_INS = {ord(ch): stand_in for stand_in, ch in _STAND_INS}


def raw(value):
    """``value`` (text, or a document) with its controls as stand-ins."""
    if isinstance(value, str):
        return value.translate(_TO_STAND_INS)
    if isinstance(value, dict):
        return {k: raw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(raw(v) for v in value)
    return value


def _stored_by_an_older_version(world: World) -> None:
    """Every stand-in in the database turned into its control, in text columns and in
    JSON documents (where ``json.dumps`` wrote it as an escape)."""
    from sqlalchemy import JSON, String, Text, cast, func, type_coerce

    from diklat.db.models import Base

    with world.db.write() as s:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String):
                    expr = column
                    for stand_in, ch in _STAND_INS:
                        expr = func.replace(expr, stand_in, ch)
                elif isinstance(column.type, JSON):
                    pg = world.db.is_postgres
                    expr = cast(column, Text) if pg else type_coerce(column, Text)
                    for stand_in, ch in _STAND_INS:
                        expr = func.replace(expr, f"\\u{ord(stand_in):04x}", f"\\u{ord(ch):04x}")
                    expr = cast(expr, JSON) if pg else expr
                else:
                    continue
                s.execute(table.update().where(column.is_not(None)).values({column.name: expr}))


def test_the_older_version_stand_ins_really_reach_the_database(world: World) -> None:
    """The stand-ins survive the cleaning and become controls, in text and JSON alike
    (else the tests below would check cleaned text and prove nothing)."""
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    stages.save_draft(world.db, p1, eid, SA, complete(SA, strengths=raw(HOSTILE_CONTENT)))
    stages.save_draft(world.db, p1, eid, SA, complete(SA, strengths=HOSTILE_CONTENT))
    assert (
        stages.get_stage(world.db, p1, eid, SA).draft["strengths"]
        == "[i]miring[/i] [5mkedip[0m [tautan](https://evil.example) # bukan judul"
    )
    stages.save_draft(world.db, p1, eid, SA, complete(SA, strengths=raw(HOSTILE_CONTENT)))
    _stored_by_an_older_version(world)
    assert stages.get_stage(world.db, p1, eid, SA).draft["strengths"] == HOSTILE_CONTENT


def _make_hostile(world: World) -> None:
    """Hostile names for everyone around P1, a hostile cohort name, a hostile comment
    on P1's self-assessment and hostile content in it; the stage waits for C1 again."""
    with world.db.write() as s:
        for key in ("P1", "C1", "M1"):
            s.execute(
                update(Person)
                .where(Person.id == world.pid(key))
                .values(name=f"{key} {HOSTILE_NAME}")
            )
        s.execute(
            update(Cohort)
            .where(Cohort.id == world.cohort_ids["A"])
            .values(name=f"Angkatan {HOSTILE_NAME}")
        )
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    submit(world.db, p1, eid, SA, complete(SA, strengths=raw(HOSTILE_CONTENT)))
    stages.decide(
        world.db,
        world.actor("C1"),
        eid,
        SA,
        approve=False,
        comments=raw([("strengths", HOSTILE_COMMENT), ("", f"Umum: {HOSTILE_COMMENT}")]),
    )
    stages.save_draft(
        world.db, p1, eid, SA, complete(SA, strengths=raw(HOSTILE_CONTENT + " (revisi)"))
    )
    stages.submit_stage(world.db, p1, eid, SA)
    _stored_by_an_older_version(world)


def _screen(app) -> tuple[str, list]:
    """What the terminal would be sent: the text of every line, and every segment."""
    strips = app.screen._compositor.render_strips()
    segments = [seg for strip in strips for seg in strip]
    return "\n".join("".join(seg.text for seg in strip) for strip in strips), segments


def _assert_safe(app, *, must_show: tuple[str, ...]) -> str:
    text, segments = _screen(app)
    bad = sorted({repr(ch) for seg in segments for ch in seg.text if _unsafe(ch)})
    where = [repr(line) for line in text.splitlines() if any(_unsafe(ch) for ch in line)]
    assert bad == [], f"control characters reached the terminal: {bad} in\n" + "\n".join(where)
    links = {seg.style.link for seg in segments if seg.style is not None and seg.style.link}
    assert not any("evil" in link for link in links), links
    cells = _table_cells(app)
    for piece in must_show:
        assert piece in text or piece in cells, f"{piece!r} is not shown literally:\n{text}"
    return text


def _table_cells(app) -> str:
    """The text of every table cell on the screen, as the table would draw it (a column
    narrower than its text cuts it; the drawn part is checked above)."""
    from rich.text import Text as RichText
    from textual.widgets import DataTable

    out = []
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            for cell in table.get_row_at(row):
                if isinstance(
                    cell, RichText
                ):  # (a str cell is parsed as markup: never counts as literal)
                    assert not any(_unsafe(ch) for ch in cell.plain), repr(cell.plain)
                    out.append(cell.plain)
    from diklat.tui.widgets.matrix import Matrix

    for matrix in app.screen.query(Matrix):  # the progress matrix (Line API)
        for row in range(matrix.row_count):
            for cell in matrix.row(row):
                assert not any(_unsafe(ch) for ch in cell.plain), repr(cell.plain)
                out.append(cell.plain)
    return "\n".join(out)


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def _as(world: World, key: str):
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    return app, world.actor(key)


async def test_participant_home_stage_screen_and_history_show_hostile_text_literally(
    world: World,
) -> None:
    _make_hostile(world)
    from diklat.tui.screens.participant import open_stage
    from diklat.tui.screens.participant.history import HistoryScreen

    app, actor = await _as(world, "P1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        # Home: greeting, cohort title, coach and mentor, the feedback column and the
        # detail of the highlighted stage (with the coach's comments).
        home_text = _assert_safe(app, must_show=LITERAL_PIECES + ("[@click=app.quit]tutup[/]",))
        assert "Angkatan [bold red]Budi[/]" in home_text

        open_stage(app, actor, world.enrolments["P1"], SA)
        await _settle(app, pilot)
        _assert_safe(app, must_show=("[@click=app.quit]tutup[/]", "␛]0;judul␇", "[b]tebal[/b]"))

        app.push_screen(HistoryScreen(actor, world.enrolments["P1"], SA))
        await _settle(app, pilot)
        # The newest version: the participant's own text shown as a document: no
        # Markdown link, no heading, no markup, escapes visible.
        history = _assert_safe(app, must_show=("[bold red]Budi[/]", "[i]miring[/i]", "␛[5mkedip"))
        assert "[tautan](https://evil.example) # bukan judul" in history
        # The first version, with the coach's comments.
        await pilot.press("down")
        await _settle(app, pilot)
        _assert_safe(app, must_show=("[@click=app.quit]tutup[/]", "[b]tebal[/b]", "␛]0;judul␇"))
        assert app.is_running  # "[@click=app.quit]" did not become an action


async def test_the_participants_item_tables_and_editors_show_hostile_text_literally(
    world: World,
) -> None:
    """A stage with lists (the diagnosis: issues and causes in tables, a form below):
    the item table's cells and the editors filled from the stored text."""
    from textual.widgets import Input, TextArea

    from diklat.tui.screens.participant import open_stage

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    submit(world.db, p1, eid, SA)
    stages.decide(world.db, world.actor("C1"), eid, SA, approve=True)
    doc = complete(Stage.DIAGNOSIS)
    doc["issues"][0]["title"] = f"Isu {HOSTILE_NAME}"
    doc["issues"][0]["description"] = HOSTILE_CONTENT
    doc["causes"][0]["text"] = f"Sebab {ANSI_NAME}"
    doc["problem_statement"] = HOSTILE_COMMENT
    stages.save_draft(world.db, p1, eid, Stage.DIAGNOSIS, raw(doc))
    _stored_by_an_older_version(world)
    app, actor = await _as(world, "P1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        open_stage(app, actor, eid, Stage.DIAGNOSIS)
        await _settle(app, pilot)
        _assert_safe(app, must_show=("Isu [bold red]Budi[/]",))
        editors = [w.text for w in app.screen.query(TextArea)] + [
            w.value for w in app.screen.query(Input)
        ]
        assert any("[i]miring[/i] ␛[5mkedip" in text for text in editors), editors
        assert not any(_unsafe(ch) and ch not in "\n\t" for text in editors for ch in text)
        # Showing the text made visible is no change of the participant's: leaving the
        # stage (which saves a pending change) leaves the draft as it was.
        await pilot.press("escape")
        await _settle(app, pilot)
        assert app.is_running
    draft = stages.get_stage(world.db, p1, eid, Stage.DIAGNOSIS).draft
    assert {k: draft[k] for k in ("issues", "causes", "problem_statement")} == {
        k: doc[k] for k in ("issues", "causes", "problem_statement")
    }


CODES = frozenset(
    {
        "key",
        "category",
        "horizon",
        "influence",
        "interest",
        "likelihood",
        "impact",
        "due",
        "on",
        "status",
        "milestone",
        "core_issue",
        "chosen_idea",
        "instrument_code",
        "instrument_version",
        "source",
    }
)
HOSTILE_TAIL = " [bold red]Budi[/] \x1b[31mX\x07"


def _hostile_document(value, key: str = ""):
    """Every free-text value of a stage document with hostile text after it (codes,
    dates, choices and references left valid)."""
    if isinstance(value, dict):
        return {k: _hostile_document(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile_document(v, key) if isinstance(v, dict) else v for v in value]
    if isinstance(value, str) and key not in CODES:
        return value + raw(HOSTILE_TAIL)
    return value


@pytest.mark.parametrize("stage", [s for s in Stage if s is not SA], ids=lambda s: s.value)
async def test_every_stage_screen_shows_a_hostile_document_literally(
    world: World, stage: Stage
) -> None:
    """Each stage screen, its item tables, summaries of the stages it builds on and its
    editors, with every free-text field of this and the earlier stages hostile."""
    from diklat.domain.workflow import PREREQUISITE
    from diklat.tui.screens.participant import open_stage

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    chain, before = [], PREREQUISITE[stage]
    while before is not None:
        chain.append(before)
        before = PREREQUISITE[before]
    for earlier in reversed(chain):
        submit(world.db, p1, eid, earlier, _hostile_document(complete(earlier)))
        stages.decide(world.db, world.actor("K1"), eid, earlier, approve=True)
    stages.save_draft(world.db, p1, eid, stage, _hostile_document(complete(stage)))
    _stored_by_an_older_version(world)
    app, actor = await _as(world, "P1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        open_stage(app, actor, eid, stage)
        await _settle(app, pilot)
        _assert_safe(app, must_show=("[bold red]Budi[/] ␛[31mX␇",))
        assert app.is_running


@pytest.mark.parametrize("stage", list(Stage), ids=lambda s: s.value)
async def test_the_review_screen_shows_every_section_of_a_hostile_document_literally(
    world: World, stage: Stage
) -> None:
    """The coordinator reads a hostile submission of each stage section by section."""
    from textual.widgets import OptionList

    from diklat.domain.workflow import PREREQUISITE
    from diklat.tui.screens.review.review import ReviewScreen

    p1, eid = world.actor("P1"), world.enrolments["P1"]
    chain, before = [], PREREQUISITE[stage]
    while before is not None:
        chain.append(before)
        before = PREREQUISITE[before]
    for earlier in reversed(chain):
        submit(world.db, p1, eid, earlier, _hostile_document(complete(earlier)))
        stages.decide(world.db, world.actor("K1"), eid, earlier, approve=True)
    submit(world.db, p1, eid, stage, _hostile_document(complete(stage)))
    _stored_by_an_older_version(world)
    app, actor = await _as(world, "K1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        await _open(app, pilot, ReviewScreen(eid, stage))
        options = app.screen.query_one("#review-sections", OptionList)
        seen = ""
        for index in range(options.option_count):
            options.highlighted = index
            await _settle(app, pilot)
            seen += _assert_safe(app, must_show=())
        assert "[bold red]Budi[/] ␛[31mX␇" in seen
        assert app.is_running


async def test_coach_home_lists_a_hostile_participant_name_literally(world: World) -> None:
    _make_hostile(world)
    app, actor = await _as(world, "C1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        _assert_safe(
            app, must_show=("P1 [bold red]Budi[/]", "[link=https://evil.example]klik[/link]")
        )


async def test_a_hostile_log_in_name_is_not_echoed_as_markup(world: World) -> None:
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.click("#login-user")
        await pilot.press(*"[bold]x[/bold]")
        await pilot.press("enter")
        await pilot.press(*"salah-sekali")
        await pilot.press("enter")
        await _settle(app, pilot)
        _assert_safe(app, must_show=("[bold]x[/bold]",))
        # Whatever a refusal quotes is shown as it is.
        app.screen.show_message(f"Ditolak: {HOSTILE_NAME}")
        await _settle(app, pilot)
        _assert_safe(app, must_show=LITERAL_PIECES)


# --- the command line -----------------------------------------------------------------


def test_the_command_line_prints_hostile_names_literally(world: World, tmp_path: Path) -> None:
    with world.db.write() as s:
        s.execute(update(Person).where(Person.id == world.pid("C1")).values(name=HOSTILE_NAME))
        s.execute(
            update(Cohort)
            .where(Cohort.id == world.cohort_ids["A"])
            .values(name=f"Angkatan {HOSTILE_NAME}")
        )
    world.db.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
    # A terminal that takes colours, so that Rich would emit sequences if it were fooled.
    env.update(COLUMNS="250", DIKLAT_DB=str(world.path), FORCE_COLOR="1", TERM="xterm-256color")
    with world.db.write() as s:  # a participant's name in the results list too
        s.execute(update(Person).where(Person.id == world.pid("P1")).values(name=HOSTILE_NAME))
    world.db.dispose()
    for args in (
        ["user", "list"],
        ["cohort", "list"],
        ["cohort", "show", world.cohort_codes["A"]],
        ["results", "--cohort", world.cohort_codes["A"]],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "diklat", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done
        assert MARKUP_NAME in done.stdout, (args, done.stdout)
        assert "␛[31mMERAH" in done.stdout
        assert (
            "\x1b[31mMERAH" not in done.stdout
            and "\x07" not in done.stdout
            and "\u202e" not in done.stdout
        )
        assert "\x1b]8;" not in done.stdout


# --- review, marking, moderation, comment bank and the coordinator's cohort screen -----

HOSTILE_TITLE = "Rubrik [bold]x[/] \x1b[31mMERAH\x1b[0m \x07\r\x1b]0;judul\x07"
HOSTILE_REASON = "Disepakati [i]miring[/i] \x1b[2J\x07"


def _make_everything_hostile(world: World) -> None:
    """On top of :func:`_make_hostile`: hostile names for the examiner, the coordinator
    and P2; marks that disagree (a flagged component, settled with a hostile reason on
    the design, waiting on the report); a hostile comment-bank entry; an attendance
    session with a hostile title; and a design rubric whose texts are hostile."""
    from diklat.domain.rubric import default_rubric, dump_rubric
    from diklat.services import attendance, comment_bank, marking, moderation, rubrics

    _make_hostile(world)
    with world.db.write() as s:
        for key in ("X1", "K1", "P2"):
            s.execute(
                update(Person)
                .where(Person.id == world.pid(key))
                .values(name=f"{key} {HOSTILE_NAME}")
            )
    data = dump_rubric(default_rubric("rancangan"))
    data["title"] = {"id": HOSTILE_TITLE, "en": HOSTILE_TITLE}
    data["description"] = {"id": HOSTILE_COMMENT, "en": HOSTILE_COMMENT}
    data["criteria"][0]["label"] = {
        "id": f"Kriteria {HOSTILE_NAME}",
        "en": f"Criterion {HOSTILE_NAME}",
    }
    data["criteria"][0]["description"] = {"id": HOSTILE_CONTENT, "en": HOSTILE_CONTENT}
    data["criteria"][0]["levels"][0]["label"] = {
        "id": f"Tingkat {MARKUP_NAME} \x1b[31m",
        "en": f"Level {MARKUP_NAME} \x1b[31m",
    }
    rubrics.save_rubric(world.db, world.actor("ADMIN"), raw(data))
    eid = world.enrolments["P1"]
    for who, component, score in (
        ("X1", "rancangan", "60"),
        ("M1", "rancangan", "90"),
        ("X1", "laporan", "55"),
        ("M1", "laporan", "95"),
    ):
        marking.save_mark(
            world.db, world.actor(who), eid, component, score=score, expected_version=None
        )
    moderation.settle(
        world.db,
        world.actor("K1"),
        eid,
        "rancangan",
        score="75",
        reason=raw(HOSTILE_REASON),
        expected_version=None,
    )
    comment_bank.add_comment(world.db, world.actor("C1"), raw(f"Bank {HOSTILE_COMMENT}"), "")
    attendance.add_session(
        world.db,
        world.actor("K1"),
        world.cohort_codes["A"],
        date(2026, 3, 3),
        raw(f"Sesi {MARKUP_NAME} \x1b[31m\x07"),
    )
    _stored_by_an_older_version(world)


NAMES = ("[bold red]Budi[/]", "␛[31mMERAH␛[0m␇")


async def _open(app, pilot, screen) -> None:
    app.push_screen(screen)
    await _settle(app, pilot)


async def test_reviewer_screens_show_hostile_text_literally(world: World) -> None:
    from textual.widgets import OptionList

    from diklat.tui.screens.review.bank import BankPicker, CommentBankScreen
    from diklat.tui.screens.review.queue import QueueScreen
    from diklat.tui.screens.review.review import ReviewScreen

    _make_everything_hostile(world)
    app, actor = await _as(world, "C1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        await _open(app, pilot, QueueScreen())
        _assert_safe(app, must_show=("P1 [bold red]Budi[/]", "␛[31mMERAH␛[0m␇"))

        await _open(app, pilot, ReviewScreen(world.enrolments["P1"], SA))
        options = app.screen.query_one("#review-sections", OptionList)
        options.highlighted = options.get_option_index("strengths")
        await _settle(app, pilot)
        # The header (participant, coach's name), the content, what changed since
        # version 1, and the comment made on it then.
        shown = _assert_safe(
            app,
            must_show=NAMES
            + ("[i]miring[/i]", "␛[5mkedip", "[@click=app.quit]tutup[/]", "␛]0;judul␇"),
        )
        assert "P1 [bold red]Budi[/]" in shown
        options.highlighted = options.get_option_index("#history")
        await _settle(app, pilot)
        _assert_safe(
            app,
            must_show=(
                "[@click=app.quit]tutup[/]",
                "[b]tebal[/b]",
                "␛]0;judul␇",
                "C1 [bold red]Budi[/]",
            ),
        )

        await _open(app, pilot, BankPicker(None))
        _assert_safe(app, must_show=("Bank [@click=app.quit]tutup[/]", "␛]0;judul␇"))
        app.pop_screen()
        await _settle(app, pilot)

        await _open(app, pilot, CommentBankScreen())
        _assert_safe(app, must_show=("Bank [@click=app.quit]tutup[/]", "␛]0;judul␇"))
        assert app.is_running


async def test_marking_and_moderation_screens_show_hostile_text_literally(world: World) -> None:
    from textual.widgets import OptionList

    from diklat.tui.screens.review.marking import MarkingListScreen, MarkingScreen
    from diklat.tui.screens.review.moderation import ModerationScreen

    _make_everything_hostile(world)
    app, actor = await _as(world, "X1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        await _open(app, pilot, MarkingListScreen())
        _assert_safe(app, must_show=("P1 [bold red]Budi[/]", "␛[31mMERAH␛[0m␇"))

        await _open(app, pilot, MarkingScreen(world.enrolments["P1"]))
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index("rancangan")
        await _settle(app, pilot)
        # The header, the rubric's title, the others' marks (names) and the
        # settlement with its reason.
        _assert_safe(
            app,
            must_show=NAMES
            + (
                # (a rubric is read through parse_rubric, which removes the controls)
                "Rubrik [bold]x[/] [31mMERAH[0m ]0;judul",
                "M1 [bold red]Budi[/]",
                "K1 [bold red]Budi[/]",
                "[i]miring[/i] ␛[2J␇",
            ),
        )
        # Marking with the rubric: its description, criteria and levels.
        await pilot.click("#method-rubric")
        await _settle(app, pilot)
        _assert_safe(
            app, must_show=("Kriteria [bold red]Budi[/]", "[@click=app.quit]tutup[/]", "[5mkedip")
        )
        app.screen.query_one("#level-diagnosis").action_show_overlay()
        await _settle(app, pilot)
        _assert_safe(app, must_show=("Tingkat [bold red]Budi[/]",))  # (the list is narrow)

    app, actor = await _as(world, "K1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        await _open(app, pilot, ModerationScreen())
        _assert_safe(app, must_show=("P1 [bold red]Budi[/]",))
        from textual.widgets import DataTable

        table = app.screen.query_one("#mod-table", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await _settle(app, pilot)
        _assert_safe(app, must_show=("X1 [bold red]Budi[/]", "M1 [bold red]Budi[/]"))
        table.move_cursor(row=1)
        await _settle(app, pilot)
        _assert_safe(app, must_show=("[i]miring[/i]", "␛[2J␇"))
        assert app.is_running


async def test_the_cohort_screen_shows_hostile_text_literally(world: World, tmp_path: Path) -> None:
    from textual.widgets import Input

    from diklat.tui.screens.coordinator.cohort import CohortScreen
    from diklat.tui.screens.coordinator.import_tab import ImportTab

    _make_everything_hostile(world)
    good = tmp_path / "peserta.csv"
    head = "nip,nama,ndh,pangkat_golongan,jabatan,instansi\n"
    good.write_text(
        head + f"19850505 201001 1 001,Baru {HOSTILE_NAME},9,Penata / III-c,Kepala Seksi,Dinas\n",
        encoding="utf-8",
    )
    bad = tmp_path / "salah.csv"
    bad.write_text(
        head + f"{ANSI_NAME} {MARKUP_NAME},x,y,Penata / III-c,Kepala Seksi,Dinas\n",
        encoding="utf-8",
    )
    code = "A[b]x[/b]\x1b[31m"  # a cohort code is any text without spaces
    with world.db.write() as s:
        s.execute(update(Cohort).where(Cohort.id == world.cohort_ids["A"]).values(code=code))
    app, actor = await _as(world, "K1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        # The coordinator's home lists the cohort by its code and name.
        _assert_safe(app, must_show=("A[b]x[/b]␛[31m", "Angkatan [bold red]Budi[/]"))
        await _open(app, pilot, CohortScreen(code))
        # The title (cohort code and name), the header and the progress matrix.
        _assert_safe(
            app,
            must_show=(
                "A[b]x[/b]␛[31m — Angkatan [bold red]Budi[/]",
                "P1 [bold red]Budi[/]",
                "␛[31mMERAH␛[0m␇",
            ),
        )
        for name, pieces in (
            ("people", ("P1 [bold red]Budi[/]", "C1 [bold red]Budi[/]")),
            ("attendance", ("P1 [bold red]Budi[/]",)),
            ("results", ("P1 [bold red]Budi[/]",)),
            ("exports", ()),
        ):
            app.screen.action_tab(name)
            await _settle(app, pilot)
            _assert_safe(app, must_show=pieces)
            if name == "attendance":  # the sessions, by their titles
                app.screen.query_one("#sess-pick").action_show_overlay()
                await _settle(app, pilot)
                _assert_safe(
                    app,
                    must_show=(
                        "Sesi [bold red]Budi[/]",
                        "[link=https://evil.example]klik[/link] ␛[31m␇",
                    ),
                )
                await pilot.press("escape")
                await _settle(app, pilot)
        app.screen.action_tab("import")
        await _settle(app, pilot)
        assert app.screen.active == "tab-import"
        tab = app.screen.query_one(ImportTab)
        for path, pieces in (
            (good, ("Baru [bold red]Budi[/]", "[31mMERAH[0m tnemmoc")),
            (bad, ("[31mMERAH[0m", MARKUP_NAME)),
        ):
            app.screen.query_one("#imp-path", Input).value = str(path)
            tab.check()
            await _settle(app, pilot)
            # The preview shows the names read, the refusal echoes the bad values:
            # literally, and without the controls (removed as the file was read).
            _assert_safe(app, must_show=pieces)
        assert app.is_running


async def test_dialogs_and_notifications_show_hostile_text_literally(world: World) -> None:
    """Questions that quote user text (removing an item, deleting a bank comment,
    unlocking a cohort) and notifications: never markup, controls shown."""
    from diklat.tui.widgets.confirm import AskText, ConfirmScreen, MessageScreen

    app, actor = await _as(world, "P1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        for dialog in (
            ConfirmScreen(f"Hapus {HOSTILE_NAME}?"),
            MessageScreen(HOSTILE_NAME, HOSTILE_COMMENT),
            ConfirmScreen(f"Hapus {HOSTILE_NAME}?"),
            AskText(f"Buka {HOSTILE_NAME}?"),
        ):
            await _open(app, pilot, dialog)
            _assert_safe(app, must_show=LITERAL_PIECES)
            app.pop_screen()
            await _settle(app, pilot)
        app.notify(f"Tersimpan: {HOSTILE_NAME}", title=ANSI_NAME)
        await _settle(app, pilot)
        (note,) = list(app._notifications)
        assert note.markup is False
        shown = f"{note.title}\n{note.message}"
        for piece in LITERAL_PIECES:
            assert piece in shown, shown
        assert not any(_unsafe(ch) and ch != "\n" for ch in shown), repr(shown)
        assert app.is_running
