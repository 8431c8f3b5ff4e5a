"""Origins that may frame the screener, checked so nothing but an origin can reach the CSP header."""

from __future__ import annotations

import re

# scheme://host[:port], where the host may start with "*." (any subdomain); no path, no spaces, no quotes.
ORIGIN = re.compile(r"^https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$")


def check_origin(raw: object) -> str:
    """The origin in lower case without a trailing slash; ValueError saying what an origin looks like."""
    text = raw.strip().lower().rstrip("/") if isinstance(raw, str) else ""
    if not ORIGIN.match(text):
        raise ValueError(f"{raw!r} is not an origin like https://www.example.org (scheme, host, optional port; no path)")
    return text


def frame_ancestors(origins: tuple[str, ...] | list[str]) -> str:
    """The CSP frame-ancestors source list: this site, then the given origins."""
    return " ".join(["'self'", *dict.fromkeys(origins)])
