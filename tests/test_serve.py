"""``diklat serve`` without a browser: who gets a session (the rules, then a real server
answering websockets), which addresses may be served in clear, and what a served app
leaves out of its command palette."""

from __future__ import annotations

import asyncio
import json

import pytest
from browser_support import serving
from cli_runner import run_cli

from diklat.domain.errors import DomainError
from diklat.serve.admission import WINDOW, Admission
from diklat.serve.binding import check_binding, is_loopback
from diklat.tui.app import DiklatApp, Served

# --- the rules --------------------------------------------------------------------------


def test_sessions_beyond_the_cap_are_refused_until_one_ends():
    admission = Admission(max_sessions=2, per_minute=100)
    assert admission.admit("10.0.0.1") is None
    assert admission.admit("10.0.0.2") is None
    assert admission.full
    assert admission.admit("10.0.0.3") == "serve.full"
    admission.release()
    assert admission.admit("10.0.0.3") is None


def test_new_sessions_per_address_are_capped_per_minute():
    now = [1000.0]
    admission = Admission(max_sessions=100, per_minute=3, clock=lambda: now[0])
    for _ in range(3):
        assert admission.admit("10.0.0.9") is None
    assert admission.admit("10.0.0.9") == "serve.too_many"
    assert admission.admit("10.0.0.8") is None  # another address is not held back
    now[0] += WINDOW
    assert admission.admit("10.0.0.9") is None
    assert admission.open == 5  # a refusal holds no session


@pytest.mark.parametrize(
    "host,loopback",
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("127.0.1.1", True), ("0.0.0.0", False), ("192.168.1.10", False), ("diklat.lan", False)],
)  # fmt: skip
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_a_network_address_needs_tls_or_consent():
    assert check_binding("127.0.0.1", None, False) is False
    assert check_binding("0.0.0.0", "https://diklat.example.go.id", False) is False
    with pytest.raises(DomainError) as refused:
        check_binding("0.0.0.0", None, False)
    assert refused.value.key == "serve.needs_tls"
    with pytest.raises(DomainError):
        check_binding("0.0.0.0", "http://diklat.example.go.id", False)
    assert check_binding("0.0.0.0", None, True) is True  # served, and said so on the log-in


def test_serve_on_a_network_address_without_tls_is_refused_in_one_line(tmp_path):
    ran = run_cli("--lang", "en", "--db", tmp_path / "d.db", "serve", "--host", "0.0.0.0")
    assert ran.code == 1
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1
    assert (
        "without TLS" in lines[0] and "reverse proxy" in lines[0] and "--insecure-http" in lines[0]
    )
    assert not (tmp_path / "d.db").exists()  # refused before the database is touched


def test_a_public_url_must_be_an_address(tmp_path):
    ran = run_cli("--lang", "en", "--db", tmp_path / "d.db", "serve", "--public-url", "diklat")
    assert ran.code == 1
    assert "--public-url" in ran.err


# --- a real server, spoken to as the browser's client does --------------------------------


async def _session(url: str, *, until: str, keys: str = "") -> str:
    """Open a websocket as textual-serve's page does; the text received until ``until``."""
    import aiohttp

    seen = ""
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(url.replace("http", "ws") + "ws?width=100&height=30") as ws:
            await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
            if keys:
                await ws.send_str(json.dumps(["stdin", keys]))
            async with asyncio.timeout(30):
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data.decode("utf-8", "replace")
                        if until in seen:
                            return seen
                    elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                        break
    return seen


@pytest.mark.sqlite_only  # the server's admission, not its database
def test_a_full_server_says_so_and_goes_on(world):
    with serving(world.path, "--max-sessions", "1") as (url, proc):

        async def scenario():
            import aiohttp

            first = asyncio.create_task(_session(url, until="never shown"))
            # Wait until the first session holds the only place.
            async with aiohttp.ClientSession() as http:
                async with asyncio.timeout(30):
                    while True:
                        async with http.get(url) as page:
                            if page.status == 503:
                                assert "The server is full" in await page.text()
                                break
                        await asyncio.sleep(0.05)
            refused = await _session(url, until="The server is full")
            first.cancel()
            return refused

        assert "The server is full" in asyncio.run(scenario())
        assert proc.poll() is None  # the server is still serving


@pytest.mark.sqlite_only  # the server's admission, not its database
def test_new_sessions_from_one_address_are_capped(world):
    with serving(world.path, "--sessions-per-minute", "2") as (url, proc):

        async def scenario():
            texts = []
            for _ in range(3):
                texts.append(await _session(url, until="\x1b", keys=""))
            return texts

        texts = asyncio.run(scenario())
        assert "Too many new sessions" not in texts[0] + texts[1]
        assert "Too many new sessions" in texts[2]


# --- the served app -----------------------------------------------------------------------


async def test_a_served_app_has_no_screenshot_command(db):
    app = DiklatApp(db, served=Served(insecure=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from diklat.i18n import t

        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert t("palette.screenshot") not in titles and t("palette.quit") in titles
        # and the log-in screen says the connection is not encrypted
        assert app.screen.query_one("#login-insecure")
        assert t("login.not_encrypted")
    terminal = DiklatApp(db)
    async with terminal.run_test(size=(100, 30)):
        titles = [c.title for c in terminal.get_system_commands(terminal.screen)]
        assert t("palette.screenshot") in titles
        assert not terminal.screen.query("#login-insecure")


async def test_an_idle_served_session_saves_and_returns_to_the_log_in(world):
    from factories import PEOPLE, password_for

    from diklat.i18n import t
    from diklat.tui.screens.login import LoginScreen

    app = DiklatApp(world.db, served=Served(idle_minutes=5))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*PEOPLE["P1"][0].replace(" ", ""), "tab", *password_for("P1"), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.actor is not None
        app.log_out_if_idle()  # not idle yet: nothing happens
        assert app.actor is not None
        app._last_input -= 5 * 60
        app.log_out_if_idle()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None and len(app.screen_stack) == 2
        shown = str(app.screen.query_one("#login-message").render())
        assert t("login.idle_logged_out", minutes="5") in shown
