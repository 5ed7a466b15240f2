"""An institution's logo: a PNG or JPEG, told by its content and decoded whole once.

The name of a file says nothing (a ``logo.png`` may be a renamed PDF or a web page
saved by a browser), and a picture the PDF writer cannot decode would break every
signed document later; so the bytes are decoded here, once, when the logo is stored.
"""

from __future__ import annotations

from diklat.domain.errors import DomainError

MAX_LOGO_BYTES = 1_000_000
MAX_SIDE = 4000
MIME = {"PNG": "image/png", "JPEG": "image/jpeg"}


def check_logo(data: bytes) -> str:
    """The MIME type of a usable logo, or a DomainError saying why it is not one."""
    if not data:
        raise DomainError("institution.logo_empty")
    if len(data) > MAX_LOGO_BYTES:
        raise DomainError("institution.logo_too_big", size=len(data), max=MAX_LOGO_BYTES)
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise DomainError("institution.logo_not_image")
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = img.format
            width, height = img.size
            if kind in MIME and max(width, height) <= MAX_SIDE:
                img.load()  # decodes every pixel: a truncated file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        raise DomainError("institution.logo_broken") from err
    if kind not in MIME:
        raise DomainError("institution.logo_not_image")
    if max(width, height) > MAX_SIDE:
        raise DomainError("institution.logo_too_large", width=width, height=height, max=MAX_SIDE)
    return MIME[kind]
