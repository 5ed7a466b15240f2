"""Which addresses may be served without TLS.

The app carries passwords and people's work; on a network it must reach browsers over
HTTPS. diklat does not terminate TLS itself: a reverse proxy (Caddy, nginx) does, and
passes the websocket on to ``diklat serve`` on the loopback address (docs/deploy.md).
"""

from __future__ import annotations

import ipaddress

from diklat.domain.errors import DomainError


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_binding(host: str, public_url: str | None, insecure_http: bool) -> bool:
    """True when the browsers' connection is not encrypted and the log-in screen must say
    so; raises when a network address would be served in clear without consent."""
    if is_loopback(host):
        return False
    if public_url and public_url.lower().startswith("https://"):
        return False
    if insecure_http:
        return True
    raise DomainError("serve.needs_tls", host=host)


def check_public_url(public_url: str | None) -> None:
    if public_url is None:
        return
    if not public_url.lower().startswith(("http://", "https://")) or "://" == public_url[-3:]:
        raise DomainError("serve.bad_public_url", url=public_url)
