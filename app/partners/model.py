"""A partner organization's profile: who it is, where it may embed the screener, its colour, logo and contact."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Contact:
    """How to reach the partner; the same fields as the referral helper's host organization."""

    name: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    hours: dict[str, str] | str | None = None  # one text, or one per language code
    languages: tuple[str, ...] = ()
    website: str | None = None
    doj_recognized: bool = False
    has_attorneys: bool = False

    @property
    def phone_uri(self) -> str | None:
        """A tel: address of the digits only, as phones dial it."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+") if self.phone else None

    def hours_in(self, lang: str) -> str | None:
        """The opening hours in `lang`, else in English, else the first language given."""
        if self.hours is None or isinstance(self.hours, str):
            return self.hours
        return self.hours.get(lang) or self.hours.get("en") or next(iter(self.hours.values()), None)


@dataclass(frozen=True)
class Logo:
    """Either a path on this site (`url`), or a file read at start-up and served at /partner/{id}/logo."""

    url: str
    content: bytes | None = None
    media_type: str | None = None


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    origins: tuple[str, ...]
    accent: str | None = None  # "#rrggbb", checked for AA contrast at start-up
    accent_dark: str | None = None  # hover shade, derived from the accent
    logo: Logo | None = None
    contact: Contact | None = None
    desk_mode: bool = False


@dataclass(frozen=True)
class Partners:
    by_id: dict[str, Partner] = field(default_factory=dict)

    def get(self, partner_id: str | None) -> Partner | None:
        """The partner with this id, or None (the default look and contacts) for anything unknown."""
        return self.by_id.get(partner_id or "")

    def __iter__(self):
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)
