"""What a signed document carries: the letterhead of the institution that issues it and
the official who signs it. Plain values shared by the services that gather them and the
io/ writers that print them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Letterhead:
    name: str = ""
    lines: tuple[str, ...] = ()  # printed under the name (ministry, unit, ...)
    address: str = ""
    logo: bytes | None = None  # PNG or JPEG bytes

    @property
    def empty(self) -> bool:
        return not (self.name or self.lines or self.address or self.logo)


@dataclass(frozen=True)
class Signatory:
    """The signing official; blank fields are printed as dotted lines to fill in by hand."""

    place: str = ""
    on: date | None = None
    title: str = ""
    name: str = ""
    nip: str = ""

    def over(self, other: Signatory) -> Signatory:
        """These values, each blank one taken from ``other`` (options over stored values)."""
        return Signatory(
            place=self.place or other.place,
            on=self.on or other.on,
            title=self.title or other.title,
            name=self.name or other.name,
            nip=self.nip or other.nip,
        )
