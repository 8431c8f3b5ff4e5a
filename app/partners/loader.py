"""Reads the partners file (PDS_PARTNERS_FILE) and refuses to start on a profile that is unsafe or unreadable."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from app.errors import StartupError
from app.partners.contrast import AA_NORMAL_TEXT, contrast_ratio, darken, normalise
from app.partners.model import Logo, Partner, Partners
from app.partners.origins import check_origin
from app.policy.yamlload import DuplicateKeyError, key_lines, line_of, read_yaml
from app.referral.fields import FieldProblem, Problem, boolean, non_empty_text
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
    """The partners file cannot be used; the message names the file, then each problem with its line and partner."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path, self.located = path, problems
        super().__init__(f"partners file {path} has {len(problems)} problem(s): " + "; ".join(map(str, problems)))


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


Where = tuple[str | int, ...]  # a place in the partners file: ("partners", 0, "contact", "phone")


class _Problems:
    """What is wrong with one partner's fields, each with the place in the file it is about."""

    def __init__(self, at: Where):
        self.at = at
        self.found: list[tuple[Where, str]] = []

    def check(self, key: str, fn, *args):
        """fn(*args), or None with its FieldProblem noted against `key`."""
        try:
            return fn(*args)
        except FieldProblem as exc:
            self.found.append(((*self.at, key), str(exc)))
            return None


def _contact(value: object, problems: _Problems) -> HostOrg | None:
    """The partner's contact: the same fields and checks as the host organization file."""
    try:
        return host_org_from(value)
    except HostOrgProblems as exc:
        problems.found += [((*problems.at, "contact", *((key,) if key else ())), f"contact: {text}") for key, text in exc.located]
        return None


def _origins(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldProblem("origins must be a list, like [\"https://www.example.org\"]")
    try:
        return tuple(check_origin(o) for o in value)
    except ValueError as exc:
        raise FieldProblem(f"origins: {exc}") from None


def _partner(entry: dict, base: Path, problems: _Problems) -> Partner | None:
    """The partner an entry describes, or None with every problem noted in `problems`."""
    partner_id = entry["id"]
    problems.found += [((*problems.at, key), f"{key} is not a known field (known: {', '.join(PARTNER_KEYS)})")
                       for key in entry if key not in PARTNER_KEYS]
    origins = problems.check("origins", _origins, entry.get("origins", []))
    accent, dark = (problems.check("accent", check_accent, entry["accent"]) if "accent" in entry else None) or (None, None)
    name = problems.check("name", non_empty_text, entry.get("name"), "name")
    logo = problems.check("logo", _logo, entry["logo"], partner_id, base) if "logo" in entry else None
    contact = _contact(entry["contact"], problems) if "contact" in entry else None
    desk_mode = problems.check("desk_mode", boolean, entry["desk_mode"], "desk_mode") if "desk_mode" in entry else False
    if problems.found or origins is None or name is None:
        return None
    return Partner(id=partner_id, name=name, origins=origins, accent=accent, accent_dark=dark, logo=logo,
                   contact=contact, desk_mode=bool(desk_mode))


def load_partners(path: Path | None) -> Partners:
    """Every partner in `path` (none if no file is configured); PartnerConfigError listing each problem on its line."""
    if path is None:
        return Partners()
    try:
        data = read_yaml(path)
    except OSError as exc:
        raise PartnerConfigError(path, [Problem(f"cannot be read: {exc.strerror or exc}")]) from None
    except DuplicateKeyError as exc:
        raise PartnerConfigError(path, [Problem(f"is not valid YAML: {exc}", exc.line)]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PartnerConfigError(path, [Problem(f"is not valid YAML: {exc}", mark.line + 1 if mark else None)]) from None
    entries = data.get("partners") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise PartnerConfigError(path, [Problem("must have a `partners:` list")])
    found: list[tuple[Where, str]] = []
    by_id: dict[str, Partner] = {}
    for number, entry in enumerate(entries, start=1):
        at: Where = ("partners", number - 1)
        partner_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(partner_id, str) or not PARTNER_ID.match(partner_id):
            found.append(((*at, "id"), f"partner #{number}: id must be lower-case letters, digits and dashes, like casa-ayuda"))
            continue
        if partner_id in by_id:
            found.append(((*at, "id"), f"partner {partner_id!r}: the id is used twice"))
            continue
        problems = _Problems(at)
        partner = _partner(entry, path.parent, problems)
        found += [(place, f"partner {partner_id!r}: {text}") for place, text in problems.found]
        if partner is not None:
            by_id[partner_id] = partner
    if found:
        lines = key_lines(path)
        raise PartnerConfigError(path, [Problem(text, line_of(lines, place)) for place, text in found])
    return Partners(by_id)
