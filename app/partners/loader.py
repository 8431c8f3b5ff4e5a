"""Reads the partners file (PDS_PARTNERS_FILE) and refuses to start on a profile that is unsafe or unreadable."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from app.errors import StartupError
from app.partners.contrast import AA_NORMAL_TEXT, contrast_ratio, darken, normalise
from app.partners.model import Contact, Logo, Partner, Partners
from app.partners.origins import check_origin
from app.policy.yamlload import DuplicateKeyError, read_yaml

PARTNER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
PARTNER_KEYS = ("id", "name", "origins", "accent", "logo", "contact", "desk_mode")
CONTACT_KEYS = ("name", "phone", "email", "address", "hours", "languages", "website", "doj_recognized", "has_attorneys")
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".svg": "image/svg+xml"}
LOGO_MAX_BYTES = 256 * 1024
WHITE = "#ffffff"
# The light panel behind the footer and the referral box (site.css --panel): links in the accent sit on it too.
PANEL = "#f3f5f7"
HOVER_DARKEN = 0.25


class PartnerConfigError(StartupError):
    """The partners file cannot be used; the message names the file, the partner and the problem."""


class _Problem(ValueError):
    pass


def _text(value: object, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Problem(f"{key} must be a non-empty text")
    return value.strip()


def _boolean(value: object, key: str) -> bool:
    # The strict YAML reader keeps true/false as strings, so accept both spellings.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _Problem(f"{key} must be true or false, not {value!r}")


def _accent_checks(accent: str, dark: str) -> list[tuple[str, str, str]]:
    """Each pair of colours the theme puts together: (what, foreground, background)."""
    return [
        ("accent as link text on white", accent, WHITE),
        ("accent as link text on the light panel", accent, PANEL),
        ("white text on the accent (header and buttons)", WHITE, accent),
        ("white text on the darker hover shade", WHITE, dark),
    ]


def check_accent(raw: object) -> tuple[str, str]:
    """(accent, hover shade) if every pair keeps WCAG AA contrast for normal text; else _Problem naming the pair."""
    try:
        accent = normalise(raw)  # type: ignore[arg-type]
    except ValueError as exc:
        raise _Problem(f"accent: {exc}") from None
    dark = darken(accent, HOVER_DARKEN)
    for what, fg, bg in _accent_checks(accent, dark):
        ratio = contrast_ratio(fg, bg)
        if ratio < AA_NORMAL_TEXT:
            raise _Problem(
                f"accent {accent} fails WCAG AA contrast: {what} ({fg} on {bg}) is {ratio:.2f}:1, "
                f"needs at least {AA_NORMAL_TEXT}:1; choose a darker accent"
            )
    return accent, dark


def _logo(value: object, partner_id: str, base: Path) -> Logo:
    text = _text(value, "logo")
    if text.startswith("/") and not text.startswith("//"):
        return Logo(url=text)  # already on this site, e.g. /static/...
    if "://" in text or text.startswith(("//", "data:")):
        raise _Problem(
            f"logo {text!r} is on another site; the Content-Security-Policy allows images only from this site "
            "(img-src 'self'): put the image file next to the partners file and give its file name"
        )
    path = (base / text).resolve()
    media_type = LOGO_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise _Problem(f"logo {text!r} must be a {', '.join(LOGO_TYPES)} file")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise _Problem(f"logo {text!r} cannot be read ({exc.strerror or exc})") from None
    if len(content) > LOGO_MAX_BYTES:
        raise _Problem(f"logo {text!r} is {len(content)} bytes; the limit is {LOGO_MAX_BYTES}")
    return Logo(url=f"/partner/{partner_id}/logo", content=content, media_type=media_type)


def _hours(value: object) -> dict[str, str] | str:
    if isinstance(value, dict) and value:
        return {str(lang): _text(text, f"contact.hours.{lang}") for lang, text in value.items()}
    return _text(value, "contact.hours")


def _contact(value: object) -> Contact:
    if not isinstance(value, dict):
        raise _Problem("contact must be a mapping of fields, like `name: ...`")
    unknown = [k for k in value if k not in CONTACT_KEYS]
    if unknown:
        raise _Problem(f"contact.{unknown[0]} is not a known field (known: {', '.join(CONTACT_KEYS)})")
    if "name" not in value:
        raise _Problem("contact.name is missing")
    fields: dict[str, Any] = {"name": _text(value["name"], "contact.name")}
    for key in ("phone", "address"):
        if key in value:
            fields[key] = _text(value[key], f"contact.{key}")
    if "email" in value:
        fields["email"] = _text(value["email"], "contact.email")
        if not re.match(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$", fields["email"]):
            raise _Problem(f"contact.email {fields['email']!r} is not an e-mail address")
    if "website" in value:
        fields["website"] = _text(value["website"], "contact.website")
        if not re.match(r"^https?://[^\s/]+\.[^\s/]+", fields["website"]):
            raise _Problem(f"contact.website {fields['website']!r} must start with https:// or http://")
    if "hours" in value:
        fields["hours"] = _hours(value["hours"])
    if "languages" in value:
        languages = value["languages"]
        if not isinstance(languages, list) or not all(isinstance(v, str) and v for v in languages):
            raise _Problem("contact.languages must be a list of language codes, like [en, es]")
        fields["languages"] = tuple(languages)
    for key in ("doj_recognized", "has_attorneys"):
        if key in value:
            fields[key] = _boolean(value[key], f"contact.{key}")
    return Contact(**fields)


def _partner(entry: dict, base: Path) -> Partner:
    partner_id = entry["id"]
    unknown = [k for k in entry if k not in PARTNER_KEYS]
    if unknown:
        raise _Problem(f"{unknown[0]} is not a known field (known: {', '.join(PARTNER_KEYS)})")
    origins = entry.get("origins", [])
    if not isinstance(origins, list):
        raise _Problem("origins must be a list, like [\"https://www.example.org\"]")
    try:
        checked = tuple(check_origin(o) for o in origins)
    except ValueError as exc:
        raise _Problem(f"origins: {exc}") from None
    accent, dark = check_accent(entry["accent"]) if "accent" in entry else (None, None)
    return Partner(
        id=partner_id,
        name=_text(entry.get("name"), "name"),
        origins=checked,
        accent=accent,
        accent_dark=dark,
        logo=_logo(entry["logo"], partner_id, base) if "logo" in entry else None,
        contact=_contact(entry["contact"]) if "contact" in entry else None,
        desk_mode=_boolean(entry["desk_mode"], "desk_mode") if "desk_mode" in entry else False,
    )


def load_partners(path: Path | None) -> Partners:
    """Every partner in `path` (none if no file is configured); PartnerConfigError listing each problem."""
    if path is None:
        return Partners()
    where = f"partners file {path}"
    try:
        data = read_yaml(path)
    except OSError as exc:
        raise PartnerConfigError(f"{where} cannot be read: {exc.strerror or exc}") from None
    except (yaml.YAMLError, DuplicateKeyError, UnicodeDecodeError) as exc:
        raise PartnerConfigError(f"{where} is not valid YAML: {exc}") from None
    entries = data.get("partners") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise PartnerConfigError(f"{where} must have a `partners:` list")
    problems: list[str] = []
    by_id: dict[str, Partner] = {}
    for number, entry in enumerate(entries, start=1):
        partner_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(partner_id, str) or not PARTNER_ID.match(partner_id):
            problems.append(f"partner #{number}: id must be lower-case letters, digits and dashes, like casa-ayuda")
            continue
        if partner_id in by_id:
            problems.append(f"partner {partner_id!r}: the id is used twice")
            continue
        try:
            by_id[partner_id] = _partner(entry, path.parent)
        except _Problem as exc:
            problems.append(f"partner {partner_id!r}: {exc}")
    if problems:
        raise PartnerConfigError(f"{where} has {len(problems)} problem(s): " + "; ".join(problems))
    return Partners(by_id)
