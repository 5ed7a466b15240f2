"""Evidence attached to the implementation and the report: decrees (SK), SOPs, photos,
screenshots, office documents.

A file's type is read from its content, never from its name: a name only has to agree
with what the content is (``sk.pdf`` must be a PDF). Office documents are ZIP packages
(Office Open XML, OpenDocument) recognised by the names in their central directory,
which is read without inflating anything (a ZIP bomb costs nothing here), or the older
OLE2 compound files of Office 97-2003.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from diklat.domain.errors import DomainError
from diklat.domain.workflow import Stage

# A scanned decree or a phone photo fits; a video does not.
MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_STAGE = 30
MAX_NAME = 120
# The stages whose documents carry evidence, and the slot a file sits in: a short-term
# milestone's key, or REPORT_WHOLE for the report as a whole.
STAGES = (Stage.IMPLEMENTATION, Stage.REPORT)
REPORT_WHOLE = ""


@dataclass(frozen=True)
class Kind:
    key: str  # catalogue: attach.kind.<key>
    mime: str
    extensions: tuple[str, ...]  # the first is given to a name without one


PDF = Kind("pdf", "application/pdf", ("pdf",))
PNG = Kind("png", "image/png", ("png",))
JPEG = Kind("jpeg", "image/jpeg", ("jpg", "jpeg"))
DOCX = Kind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
)
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
PPTX = Kind(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)
)
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", ("odt",))
ODS = Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", ("ods",))
ODP = Kind("odp", "application/vnd.oasis.opendocument.presentation", ("odp",))
# Office 97-2003 keeps Word, Excel and PowerPoint in the same container; the name's
# extension says which (the content agrees on the container, which is what is checked).
OFFICE97 = Kind("office97", "application/x-ole-storage", ("doc", "xls", "ppt"))

KINDS = (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, ODP, OFFICE97)
BY_KEY = {k.key: k for k in KINDS}
MIME_OF_EXTENSION = {"doc": "application/msword", "xls": "application/vnd.ms-excel",
                     "ppt": "application/vnd.ms-powerpoint"}  # fmt: skip

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": ODS,
    b"application/vnd.oasis.opendocument.presentation": ODP,
}


def sniff(data: bytes) -> Kind | None:
    """What ``data`` is, by its content; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(_OLE2):
        return OFFICE97
    if data.startswith(b"PK\x03\x04"):
        return _package(data)
    return None


def _package(data: bytes) -> Kind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            if "mimetype" in names:
                # OpenDocument stores its type first, uncompressed: read as bytes at
                # its offset rather than through the decompressor.
                info = package.getinfo("mimetype")
                if info.compress_type == zipfile.ZIP_STORED and info.file_size <= 100:
                    return _ODF_TYPES.get(package.read("mimetype").strip())
                return None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OOXML_PARTS.items():
        if any(n.startswith(prefix) for n in names):
            return kind
    return None


def clean_name(name: str) -> str:
    """The name a file is kept and offered under: its last path part (either kind of
    separator), without control characters, at most MAX_NAME characters with its
    extension kept."""
    last = PureWindowsPath(PurePosixPath(name.strip()).name).name
    text = "".join(c for c in last if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    text = re.sub(r"\s+", " ", text)
    if len(text) > MAX_NAME:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            text = stem[: MAX_NAME - len(ext) - 1].rstrip() + "." + ext
        else:
            text = text[:MAX_NAME]
    return text


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


@dataclass(frozen=True)
class Checked:
    name: str
    kind: Kind
    size: int
    sha256: str

    @property
    def mime(self) -> str:
        return MIME_OF_EXTENSION.get(extension(self.name), self.kind.mime)


def check(name: str, data: bytes) -> Checked:
    """The file as it will be kept, or a DomainError saying what is wrong with it."""
    shown = clean_name(name)
    if not shown:
        raise DomainError("attach.no_name")
    if not data:
        raise DomainError("attach.empty", name=shown)
    if len(data) > MAX_BYTES:
        raise DomainError(
            "attach.too_big", name=shown, size=megabytes(len(data)), limit=megabytes(MAX_BYTES)
        )
    kind = sniff(data)
    if kind is None:
        raise DomainError("attach.unknown_type", name=shown)
    ext = extension(shown)
    if not ext:
        shown = f"{shown[: MAX_NAME - 5]}.{kind.extensions[0]}"
    elif ext not in kind.extensions:
        raise DomainError("attach.name_mismatch", name=shown, kind=kind_label(kind))
    return Checked(shown, kind, len(data), hashlib.sha256(data).hexdigest())


def kind_label(kind: Kind) -> str:
    from diklat.i18n import t

    return t(f"attach.kind.{kind.key}")


def megabytes(size: int) -> str:
    """A size as people read it: ``2,4 MB`` (``2.4 MB`` in English), ``980 kB``."""
    from diklat.i18n import language

    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    text = f"{size / (1024 * 1024):.1f} MB"
    return text.replace(".", ",") if language() == "id" else text
