"""A real SMTP server on loopback for the reminder tests (aiosmtpd), with log-in."""

from __future__ import annotations

import socket
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "diklat"
PASSWORD = "Rahasia-SMTP-9f3k"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Inbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients the server refuses

    @property
    def url(self) -> str:
        return f"smtp://{USER}:{PASSWORD}@127.0.0.1:{self.port}"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (
        auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok)


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox(free_port())
    with warnings.catch_warnings():
        # AUTH without TLS: on loopback only, the real server does TLS.
        warnings.simplefilter("ignore", UserWarning)
        controller = _controller(inbox)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def _controller(inbox: Inbox) -> Controller:
    return Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        authenticator=_authenticate,
        auth_require_tls=False,  # loopback only; TLS is the real server's business
        auth_required=True,
    )
