"""The web server: textual-serve's, with diklat's admission, page and child process.

Every websocket (a browser tab) gets one ``python -m diklat.serve.session`` process
on the server's database, through textual-serve's AppService; this module decides
whether it may start (:mod:`diklat.serve.admission`), tells the child how it is served
(environment variables read by :mod:`diklat.serve.session`) and serves a page without
third-party resources (textual-serve's own loads a font from Google).
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from diklat.i18n import language, t
from diklat.serve.admission import Admission
from diklat.serve.binding import is_loopback

log = logging.getLogger("diklat.serve")

TEMPLATES = Path(__file__).parent / "templates"
# textual-serve's terminal client (xterm.js and its glue), served as shipped.
STATICS = Path(__import__("textual_serve").__file__).parent / "static"

# How the child learns how it is served (read by diklat.serve.session).
ENV_DB = "DIKLAT_DB"
ENV_DEMO = "DIKLAT_SERVE_DEMO"
ENV_IDLE = "DIKLAT_SERVE_IDLE_MINUTES"
ENV_INSECURE = "DIKLAT_SERVE_INSECURE"


@dataclass(frozen=True)
class Settings:
    db_url: str
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    max_sessions: int = 100
    per_minute: int = 30
    idle_minutes: float = 30
    insecure: bool = False
    demo: bool = False
    db_label: str = ""


class SessionService(AppService):
    """One tab's app process, told how it is served through its environment."""

    def __init__(self, *args, settings: Settings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width=width, height=height)
        s = self.settings
        env[ENV_DB] = s.db_url
        env[ENV_IDLE] = repr(float(s.idle_minutes))
        env["DIKLAT_LANG"] = language()
        for name, on in ((ENV_DEMO, s.demo), (ENV_INSECURE, s.insecure)):
            if on:
                env[name] = "1"
            else:
                env.pop(name, None)
        return env


def client_address(request: web.Request) -> str:
    """The browser's address: behind a reverse proxy on this machine, the last address
    the proxy added to X-Forwarded-For (a client cannot forge that one)."""
    peer = request.remote or "?"
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and is_loopback(peer):
        return forwarded.split(",")[-1].strip() or peer
    return peer


def terminal_text(message: str) -> bytes:
    """A message drawn in the browser's terminal in place of the app."""
    lines = message.replace("\r", "").split("\n")
    return ("\x1b[2J\x1b[3;3H" + "\r\n  ".join(lines) + "\r\n").encode("utf-8")


class DiklatServer(Server):
    def __init__(self, settings: Settings) -> None:
        command = shlex.join([sys.executable, "-m", "diklat.serve.session"])
        super().__init__(
            command,
            host=settings.host,
            port=settings.port,
            title="diklat",
            public_url=settings.public_url,
            statics_path=STATICS,
            templates_path=TEMPLATES,
        )
        self.settings = settings
        self.admission = Admission(settings.max_sessions, settings.per_minute)

    # --- the web application -----------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True
        )
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        return app

    def initialize_logging(self) -> None:
        # One line per event; no tracebacks with local variables (they may hold
        # what someone typed, a password included).
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        s = self.settings
        url = s.public_url or f"http://{s.host}:{s.port}"
        print(t("serve.serving", url=url, db=s.db_label), flush=True)
        if s.insecure:
            print(t("serve.insecure_note"), flush=True)
        print(t("serve.stop_hint"), flush=True)

    def _base_url(self, request: web.Request) -> str:
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        # Served on a lab address without --public-url: the browser's own view of us.
        return f"{request.scheme}://{request.host}"

    async def handle_index(self, request: web.Request) -> web.Response:
        base = self._base_url(request)
        router = request.app.router
        ws_url = base + str(router["websocket"].url_for())
        ws_url = ("wss:" if base.startswith("https") else "ws:") + ws_url.split(":", 1)[1]
        context: dict[str, Any] = {
            "lang": language(),
            "title": t("serve.page_title"),
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_url,
            "static_url": base + "/static/",
            "starting": t("serve.page_starting"),
            "ended": t("serve.page_ended"),
            "restart": t("serve.page_restart"),
            "refusal": t("serve.full") if self.admission.full else "",
        }
        response = aiohttp_jinja2.render_template(
            "app_index.html", request, context, status=503 if context["refusal"] else 200
        )
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        address = client_address(request)
        refusal = self.admission.admit(address)
        await websocket.prepare(request)
        if refusal is not None:
            log.info(t("serve.log_refused", address=address, reason=refusal))
            await websocket.send_bytes(terminal_text(t(refusal)))
            await websocket.close()
            return websocket
        log.info(t("serve.log_open", address=address, open=self.admission.open))
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: SessionService | None = None
        try:
            service = SessionService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                settings=self.settings,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as exc:  # one session's failure is logged, the server goes on
            log.error(t("serve.log_error", error=f"{type(exc).__name__}: {exc}"))
        finally:
            if service is not None:
                # Asks the app to quit (it saves what is pending first) and waits for it.
                await service.stop()
            self.admission.release()
            log.info(t("serve.log_closed", address=address, open=self.admission.open))
        return websocket

    async def _process_messages(self, websocket, app_service) -> None:
        # textual-serve's loop asserts on a malformed message (ending the session with
        # a traceback in the log); a bad message is dropped here instead.
        from aiohttp import WSMsgType

        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width = to_int(str(data.get("width", 80)), 80)
                height = to_int(str(data.get("height", 24)), 24)
                await app_service.set_terminal_size(
                    max(10, min(width, 1000)), max(5, min(height, 500))
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()


def run(
    db,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    public_url: str | None = None,
    max_sessions: int = 100,
    per_minute: int = 30,
    idle_minutes: float = 30,
    insecure_http: bool = False,
    demo: bool = False,
) -> None:
    """Check the binding, bring the database up to date once (not in every tab's
    process), then serve until Ctrl+C or SIGTERM."""
    from diklat.db.migrate import upgrade
    from diklat.serve.binding import check_binding, check_public_url

    check_public_url(public_url)
    insecure = check_binding(host, public_url, insecure_http)
    upgrade(db)
    label = str(db.path) if db.path is not None else t("serve.db_server")
    settings = Settings(
        db_url=db.url,
        host=host,
        port=port,
        public_url=public_url.rstrip("/") if public_url else None,
        max_sessions=max_sessions,
        per_minute=per_minute,
        idle_minutes=idle_minutes,
        insecure=insecure,
        demo=demo,
        db_label=label,
    )
    db.dispose()
    DiklatServer(settings).serve()
