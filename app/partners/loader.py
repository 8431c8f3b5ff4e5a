"""Reads the partners file (PDS_PARTNERS_FILE) and refuses to start on a profile that is unsafe or unreadable."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from app.errors import StartupError
from app.partners.contrast import AA_NORMAL_TEXT, contrast_ratio, darken, normalise
from app.partners.model import Logo, Partner, Partners
from app.partners.origins import check_origin
from app.policy.yamlload import DuplicateKeyError, read_yaml
from app.referral.fields import FieldProblem, boolean, non_empty_text
from app.referral.host_org import HostOrg, HostOrgProblems, host_org_from

PARTNER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
PARTNER_KEYS = ("id", "name", "origins", "accent", "logo", "contact", "desk_mode")
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".svg": "image/svg+xml"}
LOGO_MAX_BYTES = 256 * 1024
WHITE = "#ffffff"
# The light panel behind the footer and the referral box (site.css --panel): links in the accent sit on it too.
PANEL = "#f3f5f7"
HOVER_DARKEN = 0.25


class PartnerConfigError(StartupError):
    """The partners file cannot be used; the message names the file, the partner and the problem."""


def _accent_checks(accent: str, dark: str) -> list[tuple[str, str, str]]:
    """Each pair of colours the theme puts together: (what, foreground, background)."""
    return [
        ("accent as link text on white", accent, WHITE),
        ("accent as link text on the light panel", accent, PANEL),
        ("white text on the accent (header and buttons)", WHITE, accent),
        ("white text on the darker hover shade", WHITE, dark),
    ]


def check_accent(raw: object) -> tuple[str, str]:
    """(accent, hover shade) if every pair keeps WCAG AA contrast for normal text; else FieldProblem naming the pair."""
    try:
        accent = normalise(raw)  # type: ignore[arg-type]
    except ValueError as exc:
        raise FieldProblem(f"accent: {exc}") from None
    dark = darken(accent, HOVER_DARKEN)
    for what, fg, bg in _accent_checks(accent, dark):
        ratio = contrast_ratio(fg, bg)
        if ratio < AA_NORMAL_TEXT:
            raise FieldProblem(
                f"accent {accent} fails WCAG AA contrast: {what} ({fg} on {bg}) is {ratio:.2f}:1, "
                f"needs at least {AA_NORMAL_TEXT}:1; choose a darker accent"
            )
    return accent, dark


def _logo(value: object, partner_id: str, base: Path) -> Logo:
    text = non_empty_text(value, "logo")
    if text.startswith("/") and not text.startswith("//"):
        return Logo(url=text)  # already on this site, e.g. /static/...
    if "://" in text or text.startswith(("//", "data:")):
        raise FieldProblem(
            f"logo {text!r} is on another site; the Content-Security-Policy allows images only from this site "
            "(img-src 'self'): put the image file next to the partners file and give its file name"
        )
    path = (base / text).resolve()
    media_type = LOGO_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise FieldProblem(f"logo {text!r} must be a {', '.join(LOGO_TYPES)} file")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise FieldProblem(f"logo {text!r} cannot be read ({exc.strerror or exc})") from None
    if len(content) > LOGO_MAX_BYTES:
        raise FieldProblem(f"logo {text!r} is {len(content)} bytes; the limit is {LOGO_MAX_BYTES}")
    return Logo(url=f"/partner/{partner_id}/logo", content=content, media_type=media_type)


def _contact(value: object) -> HostOrg:
    """The partner's contact: the same fields and checks as the host organization file."""
    try:
        return host_org_from(value)
    except HostOrgProblems as exc:
        raise FieldProblem("; ".join(f"contact: {problem}" for problem in exc.problems)) from None


def _partner(entry: dict, base: Path) -> Partner:
    partner_id = entry["id"]
    unknown = [k for k in entry if k not in PARTNER_KEYS]
    if unknown:
        raise FieldProblem(f"{unknown[0]} is not a known field (known: {', '.join(PARTNER_KEYS)})")
    origins = entry.get("origins", [])
    if not isinstance(origins, list):
        raise FieldProblem("origins must be a list, like [\"https://www.example.org\"]")
    try:
        checked = tuple(check_origin(o) for o in origins)
    except ValueError as exc:
        raise FieldProblem(f"origins: {exc}") from None
    accent, dark = check_accent(entry["accent"]) if "accent" in entry else (None, None)
    return Partner(
        id=partner_id,
        name=non_empty_text(entry.get("name"), "name"),
        origins=checked,
        accent=accent,
        accent_dark=dark,
        logo=_logo(entry["logo"], partner_id, base) if "logo" in entry else None,
        contact=_contact(entry["contact"]) if "contact" in entry else None,
        desk_mode=boolean(entry["desk_mode"], "desk_mode") if "desk_mode" in entry else False,
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
        except FieldProblem as exc:
            problems.append(f"partner {partner_id!r}: {exc}")
    if problems:
        raise PartnerConfigError(f"{where} has {len(problems)} problem(s): " + "; ".join(problems))
    return Partners(by_id)
