"""User text is shown literally: Rich/Textual markup, ANSI escape sequences, control
characters and direction overrides in names, comments and stage content never change
how the screen is drawn, in the app (Pilot, reading what the compositor would send to
the terminal) and on the command line (subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from sqlalchemy import update

from diklat.db.models import Cohort, Person
from diklat.domain.workflow import Stage
from diklat.services import stages
from diklat.textsafe import SafeConsole, literal, message, scrub, visible

from factories import World, complete, submit

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
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


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


def test_a_plain_rich_console_would_not_have_been_safe(capsys) -> None:
    """Why the helper exists: the same text through a default console changes the output."""
    Console(force_terminal=True, width=200).print(f"{MARKUP_NAME} {ANSI_NAME}")
    out = capsys.readouterr().out
    assert MARKUP_NAME not in out  # parsed: bold red, and ...
    assert "\x1b]8;" in out and "https://evil.example" in out  # ... a live hyperlink
    assert "\x1b\x1b[" in out  # and the raw ESC went through


# --- the app --------------------------------------------------------------------------


def _make_hostile(world: World) -> None:
    """Hostile names for everyone around P1, a hostile cohort name, a hostile comment
    on P1's self-assessment and hostile content in it; the stage waits for C1 again."""
    with world.db.write() as s:
        for key in ("P1", "C1", "M1"):
            s.execute(update(Person).where(Person.id == world.pid(key)).values(name=f"{key} {HOSTILE_NAME}"))
        s.execute(update(Cohort).where(Cohort.id == world.cohort_ids["A"]).values(name=f"Angkatan {HOSTILE_NAME}"))
    p1, eid = world.actor("P1"), world.enrolments["P1"]
    submit(world.db, p1, eid, SA, complete(SA, strengths=HOSTILE_CONTENT))
    stages.decide(world.db, world.actor("C1"), eid, SA, approve=False,
                  comments=[("strengths", HOSTILE_COMMENT), ("", f"Umum: {HOSTILE_COMMENT}")])
    stages.save_draft(world.db, p1, eid, SA, complete(SA, strengths=HOSTILE_CONTENT + " (revisi)"))
    stages.submit_stage(world.db, p1, eid, SA)


def _screen(app) -> tuple[str, list]:
    """What the terminal would be sent: the text of every line, and every segment."""
    strips = app.screen._compositor.render_strips()
    segments = [seg for strip in strips for seg in strip]
    return "\n".join("".join(seg.text for seg in strip) for strip in strips), segments


def _assert_safe(app, *, must_show: tuple[str, ...]) -> str:
    text, segments = _screen(app)
    bad = sorted({repr(ch) for seg in segments for ch in seg.text if _unsafe(ch)})
    assert bad == [], f"control characters reached the terminal: {bad}"
    links = {seg.style.link for seg in segments if seg.style is not None and seg.style.link}
    assert not any("evil" in link for link in links), links
    for piece in must_show:
        assert piece in text, f"{piece!r} is not shown literally:\n{text}"
    return text


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def _as(world: World, key: str):
    from diklat.tui.app import DiklatApp

    app = DiklatApp(world.db)
    return app, world.actor(key)


async def test_participant_home_stage_screen_and_history_show_hostile_text_literally(world: World) -> None:
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


async def test_coach_home_lists_a_hostile_participant_name_literally(world: World) -> None:
    _make_hostile(world)
    app, actor = await _as(world, "C1")
    async with app.run_test(size=SIZE) as pilot:
        app.logged_in(actor)
        await _settle(app, pilot)
        _assert_safe(app, must_show=("P1 [bold red]Budi[/]", "[link=https://evil.example]klik[/link]"))


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


# --- the command line -----------------------------------------------------------------


def test_the_command_line_prints_hostile_names_literally(world: World, tmp_path: Path) -> None:
    with world.db.write() as s:
        s.execute(update(Person).where(Person.id == world.pid("C1")).values(name=HOSTILE_NAME))
        s.execute(update(Cohort).where(Cohort.id == world.cohort_ids["A"]).values(name=f"Angkatan {HOSTILE_NAME}"))
    world.db.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIKLAT_")}
    # A terminal that takes colours, so that Rich would emit sequences if it were fooled.
    env.update(COLUMNS="250", DIKLAT_DB=str(world.path), FORCE_COLOR="1", TERM="xterm-256color")
    for args in (["user", "list"], ["cohort", "list"], ["cohort", "show", world.cohort_codes["A"]]):
        done = subprocess.run([sys.executable, "-m", "diklat", *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done
        assert MARKUP_NAME in done.stdout, (args, done.stdout)
        assert "␛[31mMERAH" in done.stdout
        assert "\x1b[31mMERAH" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout
        assert "\x1b]8;" not in done.stdout
