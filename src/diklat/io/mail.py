"""Sending e-mail over SMTP: the server from ``DIKLAT_SMTP_URL``, the sender from
``DIKLAT_SMTP_FROM``.

``smtp://user:password@host:587`` talks plain SMTP and upgrades with STARTTLS when the
server offers it; ``smtps://…:465`` is TLS from the first byte. User and password are
optional (a relay on the local network may need none); they are URL-encoded like any
URL's (``%40`` for ``@`` in a user name). The password is never shown: ``SmtpConfig``'s
text and every message name the server as ``smtp://user@host:port``.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import unquote, urlsplit

from diklat.domain.errors import DomainError

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
TIMEOUT = 30


@dataclass(frozen=True)
class SmtpConfig:
    scheme: str
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    sender: str

    def __str__(self) -> str:
        who = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{who}{self.host}:{self.port}"


def smtp_config(environ: dict[str, str] | None = None) -> SmtpConfig:
    """The configured server, or a DomainError saying what is missing or wrong (without
    the password)."""
    env = os.environ if environ is None else environ
    url = env.get("DIKLAT_SMTP_URL", "").strip()
    sender = env.get("DIKLAT_SMTP_FROM", "").strip()
    if not url:
        raise DomainError("mail.no_url")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise DomainError("mail.bad_url", why=str(err).split(":")[0]) from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise DomainError("mail.bad_url", why=parts.scheme or "-")
    if not sender or "@" not in sender:
        raise DomainError("mail.no_from")
    return SmtpConfig(
        parts.scheme,
        parts.hostname,
        port or DEFAULT_PORTS[parts.scheme],
        unquote(parts.username or ""),
        unquote(parts.password or ""),
        sender,
    )


@dataclass(frozen=True)
class Mail:
    to: str
    to_name: str
    subject: str
    body: str


class Mailer:
    """One open SMTP connection; ``send`` delivers one message or raises DomainError."""

    def __init__(self, config: SmtpConfig, client: smtplib.SMTP) -> None:
        self.config = config
        self.client = client

    def send(self, mail: Mail) -> None:
        from diklat.domain.text import clean, clean_line

        # A mail is read in a terminal too (mail, mutt): names and text in it carry no
        # controls (a name stored by an older version may), and a header no line break.
        msg = EmailMessage()
        msg["From"] = self.config.sender
        msg["To"] = formataddr((clean_line(mail.to_name), mail.to))
        msg["Subject"] = clean_line(mail.subject)
        msg["Message-ID"] = make_msgid(domain=self.config.sender.rpartition("@")[2] or None)
        msg.set_content(clean(mail.body))
        try:
            self.client.send_message(msg)
        except (smtplib.SMTPException, OSError) as err:
            raise DomainError("mail.send_failed", to=mail.to, why=_why(err)) from None


def _why(err: BaseException) -> str:
    if isinstance(err, smtplib.SMTPResponseException):
        text = err.smtp_error.decode("utf-8", "replace") if err.smtp_error else ""
        return f"{err.smtp_code} {text}".strip()
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{a}: {c}" for a, (c, _) in err.recipients.items())
    return err.strerror if isinstance(err, OSError) and err.strerror else type(err).__name__


@contextmanager
def connect(config: SmtpConfig) -> Iterator[Mailer]:
    """An open, logged-in connection; a refused or failed connection or log-in is a
    DomainError naming the server (never the password)."""
    context = ssl.create_default_context()
    try:
        if config.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.port, timeout=TIMEOUT, context=context
            )
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT)
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
    except (smtplib.SMTPException, OSError) as err:
        raise DomainError("mail.connect_failed", server=str(config), why=_why(err)) from None
    if config.user:
        try:
            client.login(config.user, config.password)
        except (smtplib.SMTPException, OSError):
            # smtplib tries each mechanism and raises the last one's error, which is not
            # always SMTPAuthenticationError: any failure here is a refused log-in.
            client.close()
            raise DomainError("mail.login_failed", server=str(config)) from None
    try:
        yield Mailer(config, client)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
