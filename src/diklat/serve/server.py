"""The web server: textual-serve's, with diklat's admission, page and child process.

Every websocket (a browser tab) gets one ``python -m diklat.serve.session`` process
on the server's database, through textual-serve's AppService; this module decides
whether it may start (:mod:`diklat.serve.admission`), tells the child how it is served
(environment variables read by :mod:`diklat.serve.session`) and serves a page without
third-party resources (textual-serve's own loads a font from Google).

It also serves the upload page (``/upload/{token}``): a participant's evidence is on
their own computer, out of the session's reach, so the session opens an upload ticket
and the browser sends the file here, where it goes straight into the database (never
onto the server's disk) through :func:`diklat.services.attachments.upload`.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp_jinja2
import jinja2
from aiohttp import BodyPartReader, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from diklat.db.engine import Database
from diklat.domain import attachments as rules
from diklat.domain.errors import DomainError
from diklat.domain.workflow import Stage, stage_label
from diklat.i18n import language, t
from diklat.serve.admission import Admission
from diklat.serve.binding import is_loopback
from diklat.services import attachments

log = logging.getLogger("diklat.serve")

TEMPLATES = Path(__file__).parent / "templates"
# diklat's own page assets (the upload page's style sheet).
ASSETS = Path(__file__).parent / "static"
# textual-serve's terminal client (xterm.js and its glue), served as shipped.
STATICS = Path(__import__("textual_serve").__file__).parent / "static"

# How the child learns how it is served (read by diklat.serve.session).
ENV_DB = "DIKLAT_DB"
ENV_DEMO = "DIKLAT_SERVE_DEMO"
ENV_IDLE = "DIKLAT_SERVE_IDLE_MINUTES"
ENV_INSECURE = "DIKLAT_SERVE_INSECURE"

# An upload's body: the file, its multipart boundaries and part headers (a few hundred
# bytes); a body beyond this is refused unread. The app's own limit (for bodies read
# whole) sits just above it. A reverse proxy must let such a body through (docs/deploy.md).
UPLOAD_BODY_LIMIT = rules.MAX_BYTES + 64 * 1024
CLIENT_MAX_SIZE = UPLOAD_BODY_LIMIT + 64 * 1024
UPLOAD_CHUNK = 256 * 1024
# A body that stops arriving for this long is given up: a connection dropped without a
# word (a laptop's Wi-Fi gone) would otherwise hold its place among the few at once.
UPLOAD_IDLE_SECONDS = 60.0
# Each upload in flight holds its file in memory (twice, briefly, as it is stored):
# a few at once, and a bound on the tries from one address.
UPLOADS_AT_ONCE = 4
UPLOADS_PER_MINUTE = 20
# The upload page runs no script at all, loads only its own style sheet, and posts only
# to itself.
UPLOAD_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

T = TypeVar("T")


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
        self.uploads = Admission(UPLOADS_AT_ONCE, UPLOADS_PER_MINUTE)
        self._db: Database | None = None
        self._db_lock = threading.Lock()

    # --- the web application -----------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=CLIENT_MAX_SIZE)
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True
        )
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get("/upload/{token}", self.handle_upload_page, name="upload"),
                web.post("/upload/{token}", self.handle_upload),
                web.static("/static", self.statics_path, show_index=False, name="static"),
                web.static("/assets", ASSETS, show_index=False, name="assets"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_cleanup.append(self.on_cleanup)
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

    async def on_cleanup(self, app: web.Application) -> None:
        if self._db is not None:
            self._db.dispose()

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
            "assets_url": base + "/assets/",
            "popup_blocked": t("serve.popup_blocked"),
            "popup_open": t("serve.popup_open"),
            "popup_dismiss": t("serve.popup_dismiss"),
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

    # --- uploads -------------------------------------------------------------------------

    def _database(self) -> Database:
        """The server's own connection to the database, opened at the first upload (a
        server nobody uploads to never holds one)."""
        with self._db_lock:
            if self._db is None:
                self._db = Database.open(self.settings.db_url, create=False)
            return self._db

    async def _in_thread(self, work: Callable[..., T], *args: Any) -> T:
        """``work(db, *args)`` in a worker thread: the event loop keeps serving the
        sessions while the database is read or written."""
        return await asyncio.to_thread(lambda: work(self._database(), *args))

    def _upload_page(
        self,
        request: web.Request,
        target: attachments.TicketTarget | None,
        *,
        status: int = 200,
        stored: attachments.AttachmentInfo | None = None,
        refusal: str = "",
    ) -> web.Response:
        """The page: the ticket's target and the form; what became of a file sent; or,
        without a target, that the link is not valid."""
        kinds = ", ".join(dict.fromkeys(rules.kind_label(k) for k in rules.KINDS))
        context: dict[str, Any] = {
            "lang": language(),
            "title": t("serve.upload.title"),
            "css_url": str(request.app.router["assets"].url_for(filename="upload.css")),
            "heading": t("serve.upload.heading"),
            "target": _target_text(target) if target else "",
            "invalid": "" if target else t("attach.ticket_invalid"),
            "invalid_heading": t("serve.upload.invalid_heading"),
            "stored": _stored_text(stored) if stored else "",
            "stored_heading": t("serve.upload.stored_heading"),
            "return_hint": t("serve.upload.return_hint"),
            "refusal": refusal,
            "refused_heading": t("serve.upload.refused_heading"),
            "another": t("serve.upload.another"),
            "file_label": t("serve.upload.file_label"),
            "accept": ",".join("." + e for k in rules.KINDS for e in k.extensions),
            "limit": t("serve.upload.limit", limit=rules.megabytes(rules.MAX_BYTES)),
            "kinds": t("serve.upload.kinds", kinds=kinds),
            "submit": t("serve.upload.submit"),
        }
        response = aiohttp_jinja2.render_template("upload.html", request, context, status=status)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = UPLOAD_CSP
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def handle_upload_page(self, request: web.Request) -> web.Response:
        target = await self._in_thread(attachments.ticket_target, request.match_info["token"])
        return self._upload_page(request, target, status=200 if target else 404)

    async def handle_upload(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        address = client_address(request)
        held = self.uploads.admit(address)
        if held is not None:
            log.info(t("serve.upload.log_refused", address=address, reason=held))
            target = await self._in_thread(attachments.ticket_target, token)
            busy = held == "serve.full"
            words = t("serve.upload.busy" if busy else "serve.upload.too_many")
            return self._upload_page(request, target, status=503 if busy else 429, refusal=words)
        try:
            # A spent or made-up ticket: refused before its body is read.
            target = await self._in_thread(attachments.ticket_target, token)
            if target is None:
                log.info(t("serve.upload.log_refused", address=address, reason="no ticket"))
                return self._upload_page(request, None, status=404)
            try:
                try:
                    name, data = await _receive_file(request)
                except DomainError as exc:
                    if exc.key == "attach.too_big":  # unread: tell the waiting session
                        await self._in_thread(attachments.refuse, token, exc)
                    raise
                stored = await self._in_thread(_store, token, name, data)
            except DomainError as exc:
                log.info(t("serve.upload.log_refused", address=address, reason=exc.key))
                # As it is now (spent meanwhile, or expired, the page says so).
                target = await self._in_thread(attachments.ticket_target, token)
                status = {"attach.too_big": 413, "serve.upload.stalled": 408}.get(exc.key, 400)
                if target is None:
                    status = 404
                return self._upload_page(request, target, status=status, refusal=exc.message())
            log.info(t("serve.upload.log_stored", address=address, size=stored.size))
            return self._upload_page(request, target, stored=stored)
        finally:
            self.uploads.release()

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


def _store(db: Database, token: str, name: str, data: bytes) -> attachments.AttachmentInfo:
    """:func:`attachments.upload`, with the disk or the database refusing said in words."""
    from diklat.db.errors import storage_error

    try:
        return attachments.upload(db, token, name, data)
    except DomainError:
        raise
    except Exception as exc:
        said = storage_error(exc)
        if said is None:
            raise
        raise said from None


def _target_text(target: attachments.TicketTarget) -> str:
    label = stage_label(Stage(target.stage))
    if target.slot == rules.REPORT_WHOLE:
        return t("serve.upload.for_report", name=target.name, stage=label)
    milestone = target.milestone or target.slot
    return t("serve.upload.for_milestone", name=target.name, stage=label, milestone=milestone)


def _stored_text(stored: attachments.AttachmentInfo) -> str:
    return t(
        "serve.upload.stored",
        name=stored.filename,
        kind=stored.kind_label,
        size=rules.megabytes(stored.size),
    )


async def _receive_file(request: web.Request) -> tuple[str, bytes]:
    """The name and content of the form's file, read part by part, never more than
    the limit; a DomainError says what was wrong with the upload."""
    length = request.content_length
    if length is None or not request.content_type.startswith("multipart/form-data"):
        raise DomainError("serve.upload.malformed")
    try:
        reader = await request.multipart()
        while (part := await _arriving(reader.next())) is not None:
            if not isinstance(part, BodyPartReader) or part.name != "file":
                if length > UPLOAD_BODY_LIMIT:
                    break
                await _arriving(part.release())  # bounded: the body is within the limit
                continue
            name = part.filename or ""
            if length > UPLOAD_BODY_LIMIT:
                # Refused unread (aiohttp drains the rest a while, so that the browser
                # gets this page rather than a broken connection).
                raise _too_big(name, length)
            if not name:
                raise DomainError("serve.upload.no_file")
            chunks: list[bytes] = []
            while chunk := await _arriving(part.read_chunk(UPLOAD_CHUNK)):
                chunks.append(chunk)
            return name, b"".join(chunks)
    except DomainError:
        raise
    except TimeoutError:
        raise DomainError("serve.upload.stalled") from None
    except (ValueError, AssertionError, KeyError):  # not a form aiohttp can read
        raise DomainError("serve.upload.malformed") from None
    if length > UPLOAD_BODY_LIMIT:
        raise _too_big("", length)
    raise DomainError("serve.upload.no_file")


async def _arriving(step: Awaitable[T]) -> T:
    """``step`` of reading the body, given up when nothing arrives for a while."""
    async with asyncio.timeout(UPLOAD_IDLE_SECONDS):
        return await step


def _too_big(name: str, length: int) -> DomainError:
    """A file refused unread, its size the body's (a few hundred bytes more than the
    file's, which the rounding hides)."""
    return DomainError(
        "attach.too_big",
        name=rules.clean_name(name) or "?",
        size=rules.megabytes(length),
        limit=rules.megabytes(rules.MAX_BYTES),
    )


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
