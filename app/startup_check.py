"""Every setting checked before the app serves anything: one line per problem, naming the variable, its value and
what is allowed, never a traceback.

    python -m app.startup_check    # nothing and exit 0, or one line per problem on stderr and exit 1

`make run` and the Docker image's command run it before uvicorn, so a bad setting ends the start there: with
several workers, uvicorn would start each worker again each time it died of it. `create_app` makes the same checks
(`load_settings`, `settings_problems`) and refuses with the same lines. `problems()` gives them, and the files'
(policy data, host organization, providers, partners), to other code.
"""

from __future__ import annotations

import ipaddress
import json
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.support import Translations
from pydantic import ValidationError

from app.errors import StartupError
from app.settings import Settings, get_settings
from app.web.i18n import SOURCE_LANGUAGE
from app.web.summary_pdf import BOX, BULLET, LINK

PREFIX = "pd-screener cannot start: "
REQUIRED_LANGUAGES = (SOURCE_LANGUAGE, "es")
FONT_SUFFIXES = (".ttf", ".otf")
# Tables fpdf reads from a font (fpdf.fonts.TTFFont).
FONT_TABLES = ("head", "hhea", "hmtx", "OS/2", "post", "name", "cmap")
# What the PDF writes besides the catalogs' text: its marks and plain ASCII (page numbers, addresses, names).
PDF_CHARACTERS = BULLET + LINK + BOX + "".join(chr(code) for code in range(0x20, 0x7F))

# What each setting allows, as its refusal says it (README "Configuring a deployment").
ALLOWED = {
    "locales_dir": "a folder of compiled catalogs, <language>/LC_MESSAGES/messages.mo, one of them es "
                   "(`make setup` compiles them)",
    "policy_data_dir": "the folder of the policy packs (app/policy/data)",
    "templates_dir": "the folder of the page templates (templates/)",
    "default_language": "one of the languages on offer: {languages}",
    "today": "a date written YYYY-MM-DD, such as 2026-11-23",
    "quick_exit_url": "an http:// or https:// address, such as https://www.google.com/search?q=weather",
    "site_title": "any text",
    "max_body_bytes": "a whole number of bytes, at least 1024",
    "render_cache": "true or false",
    "host_org_file": "a YAML or TOML file like examples/host-org.example.yaml",
    "providers_file": "a CSV file like examples/providers.example.csv",
    "partners_file": "a YAML file like examples/partners.example.yaml",
    "embed_origins": "origins such as https://a.org, https://b.org (scheme, host, optional port; no path)",
    "desk_mode": "true or false",
    "public_url": "the site's address without a path, such as https://screener.example.org",
    "trusted_proxies": "IP addresses or networks such as 127.0.0.1, 10.0.0.0/8 (commas between them), or *",
    "https_redirect": "true or false",
    "pdf_font": "a readable TrueType font (.ttf or .otf) with every character of the catalogs and the PDF's marks, "
                "such as /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf (Debian's fonts-dejavu-core)",
    "pdf_font_bold": "a readable TrueType font (.ttf or .otf) with every character of the catalogs and the PDF's marks, "
                     "such as /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf (Debian's fonts-dejavu-core)",
    "pdf_builds": "a whole number from 1 to 8",
    "body_timeout": "a number of seconds from 1 to 300",
}


def variable(name: str) -> str:
    return f"PDS_{name.upper()}"


def refusal(name: str, value: object, problem: str, **allowed: str) -> str:
    """One line: the variable and its value (quoted, on one line), what is wrong with it, and what is allowed."""
    shown = json.dumps(value if isinstance(value, str) else str(value), ensure_ascii=False)
    if len(shown) > 120:
        shown = shown[:117] + '..."'
    what = ALLOWED.get(name, "see the README")
    return f"{variable(name)}={shown} {problem}; allowed: {what.format(**allowed) if allowed else what}"


def validation_refusals(error: ValidationError) -> list[str]:
    """The settings pydantic could not read, one line a variable (a list setting may fail once per item)."""
    return list(dict.fromkeys(refusal(str(e["loc"][0]), e["input"], "is not valid") if e["loc"] else str(e["msg"])
                              for e in error.errors(include_url=False)))


def load_settings() -> Settings:
    """The deployment's settings from the environment; SettingsRefused with one line a bad variable."""
    try:
        return get_settings()
    except ValidationError as error:
        raise SettingsRefused(validation_refusals(error)) from None


@dataclass
class _Languages:
    """The languages the locales folder offers (the source language needs no catalog) and what they say."""

    offered: list[str]
    texts: list[str]


def _language_problems(settings: Settings, found: list[str]) -> _Languages:
    folder = settings.locales_dir
    languages = _Languages([SOURCE_LANGUAGE], [])
    if not folder.is_dir():
        found.append(refusal("locales_dir", folder, "is not a folder"))
        return languages
    for catalog_dir in sorted(p.parent for p in folder.glob("*/LC_MESSAGES")):
        lang, mo = catalog_dir.name, catalog_dir / "LC_MESSAGES" / "messages.mo"
        try:
            Locale.parse(lang)
        except (ValueError, UnknownLocaleError):
            found.append(refusal("locales_dir", folder, f"has {lang}/, which is no language code Babel knows"))
            continue
        if not mo.is_file():
            found.append(refusal("locales_dir", folder, f"has no compiled catalog for {lang} ({mo.name} missing)"))
            continue
        try:
            with mo.open("rb") as handle:
                catalog = Translations(handle)
        except Exception as error:  # gettext's own errors (OSError, UnicodeError, ...): an unreadable or damaged file
            found.append(refusal("locales_dir", folder, f"has a {lang} catalog that does not load ({error})"))
            continue
        if lang != SOURCE_LANGUAGE:
            languages.offered.append(lang)
        for msgid, msgstr in catalog._catalog.items():  # gettext keeps (msgid, n) keys for plural forms
            languages.texts += [*(msgid if isinstance(msgid, tuple) else (msgid,)), msgstr]
    missing = [lang for lang in REQUIRED_LANGUAGES if lang not in languages.offered]
    if missing:
        found.append(refusal("locales_dir", folder, f"has no catalog for {', '.join(missing)}"))
    return languages


def _needed_characters(texts: Iterable[str]) -> set[str]:
    """The characters the PDF may draw: its own, and every visible one of the catalogs (not spaces or controls)."""
    characters = set(PDF_CHARACTERS).union(*map(set, texts))
    return {c for c in characters if unicodedata.category(c)[0] not in "CZ"}


def _font_problem(path: Path, needed: set[str]) -> str | None:
    """What is wrong with the font at `path` for the PDF, or None."""
    if not path.is_file():
        return "is not a file"
    if path.suffix.lower() not in FONT_SUFFIXES:
        return "is not a TrueType font file (.ttf or .otf)"
    from fontTools.ttLib import TTFont, TTLibError  # its character map only: a few MB, kept by the first PDF anyway

    try:
        with TTFont(path, lazy=True) as font:
            absent = [tag for tag in FONT_TABLES if tag not in font]
            if absent:
                return f"is a font without the tables a PDF needs ({', '.join(absent)})"
            cmap = font.getBestCmap() or {}
    except (OSError, TTLibError, AssertionError, KeyError, ValueError) as error:
        return f"is not a font that can be read ({error})"
    lacking = sorted(c for c in needed if ord(c) not in cmap)
    if lacking:
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in lacking[:8])
        return f"lacks {len(lacking)} character(s) the PDF writes: {shown}"
    return None


def _is_http_address(value: str, *, path: bool) -> bool:
    parts = urlsplit(value)
    plain = path or (parts.path in ("", "/") and not parts.query and not parts.fragment)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and plain


def settings_problems(settings: Settings) -> list[str]:
    """Every problem with the settings that a type alone does not catch, one line each (empty when all is well)."""
    found: list[str] = []
    languages = _language_problems(settings, found)
    if settings.default_language not in languages.offered:
        found.append(refusal("default_language", settings.default_language, "is not on offer",
                             languages=", ".join(languages.offered)))
    needed = _needed_characters(languages.texts)
    for name in ("pdf_font", "pdf_font_bold"):
        path = getattr(settings, name)
        problem = _font_problem(path, needed)
        if problem:
            found.append(refusal(name, path, problem))
    if not _is_http_address(settings.quick_exit_url, path=True):
        found.append(refusal("quick_exit_url", settings.quick_exit_url, "is not an http:// or https:// address"))
    if settings.public_url is not None and not _is_http_address(settings.public_url, path=False):
        found.append(refusal("public_url", settings.public_url, "is not an http:// or https:// address without a path"))
    for proxy in settings.trusted_proxies:
        if proxy != "*":
            try:
                ipaddress.ip_network(proxy)  # as uvicorn reads it (strict): 10.0.0.1/8 is no network
            except ValueError:
                found.append(refusal("trusted_proxies", ", ".join(settings.trusted_proxies),
                                     f"has {proxy!r}, which is no IP address or network"))
    for name, inside in (("policy_data_dir", "sources.yaml"), ("templates_dir", "base.html")):
        folder = getattr(settings, name)
        if not (folder / inside).is_file():
            found.append(refusal(name, folder, f"is not a folder with {inside}"))
    for name in ("host_org_file", "providers_file", "partners_file"):
        path = getattr(settings, name)
        if path is not None and not path.is_file():
            found.append(refusal(name, path, "is not a file"))
    return found


class SettingsRefused(StartupError):
    """Bad settings: one line a problem (`problems`), each printed after PREFIX."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def refuse(found: list[str]) -> None:
    if found:
        raise SettingsRefused(found)


def problems() -> list[str]:
    """Every problem with the deployment's settings and the files they name, one line each; empty when the app can
    start with them."""
    from app.partners import load_partners
    from app.policy import load_packs
    from app.referral.config import load_referral

    try:
        settings = load_settings()
    except SettingsRefused as error:
        return error.problems
    found = settings_problems(settings)
    loads = {("policy_data_dir",): lambda: load_packs(settings.policy_data_dir),
             ("host_org_file", "providers_file"): lambda: load_referral(settings.host_org_file, settings.providers_file),
             ("partners_file",): lambda: load_partners(settings.partners_file)}
    for names, load in loads.items():
        if any(line.startswith(f"{variable(name)}=") for line in found for name in names):
            continue  # already said
        try:
            load()
        except StartupError as error:
            found.append(" ".join(str(error).split()))  # its message names the file and the problem
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(PREFIX + line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
