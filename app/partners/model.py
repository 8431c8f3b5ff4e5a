"""A partner organization's profile: who it is, where it may embed the screener, its colour, logo and contact."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.referral.host_org import HostOrg


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
    contact: HostOrg | None = None  # shown first wherever help is offered on this partner's visits
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
