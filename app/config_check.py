"""Checks a deployment before it goes live: reads every configured file the way the app does, shows what a visitor
will see under "Who to call" in each language, and lists every problem with its file and line.

    python -m app.config_check        (or: make check-config)

It reads the same PDS_ environment variables as the app. Exit status 0: the app will start with this configuration;
1: it will not, or a setting is wrong (each problem is printed on its own line).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar

from fastapi import FastAPI
from pydantic import ValidationError

from app import startup_check
from app.errors import StartupError
from app.partners import PartnerConfigError, Partners, load_partners
from app.referral.config import NO_HOST_ORG
from app.referral.fields import Problem, ReferralConfigError
from app.referral.host_org import HostOrg, load_host_org
from app.referral.providers import Provider, load_providers
from app.settings import Settings
from app.web.factory import create_app
from app.web.i18n import _, use_locale
from app.web.presenter import CallSection
from app.web.state import AppState
from app.web.visit import make_visit

Loaded = TypeVar("Loaded")


def one_line(text: str) -> str:
    return " ".join(text.split())


def settings_problems() -> tuple[Settings, list[str]]:
    """The PDS_ settings, and what is wrong with them, one line each as the app's own start-up check says it
    (app/startup_check.py). A setting that cannot be read is left at its default, so that the files can still be
    checked."""
    try:
        settings, lines = Settings(), []
    except ValidationError as exc:
        lines = startup_check.validation_refusals(exc)
        bad = {str(e["loc"][0]) for e in exc.errors(include_url=False) if e["loc"]}
        settings = Settings(**{name: Settings.model_fields[name].default for name in bad if name in Settings.model_fields})
    return settings, lines + startup_check.settings_problems(settings)


def file_problems(path: object, problems: Iterable[Problem]) -> list[str]:
    """Each problem as an editor reads it: "file:line: what is wrong" ("file: ..." when it is on no line)."""
    return [f"{path}:{p.line}: {one_line(p.text)}" if p.line else f"{path}: {one_line(p.text)}"
            for p in sorted(problems, key=lambda p: p.line or 0)]


def load(problems: list[str], read: Callable[[], Loaded]) -> Loaded | None:
    """What `read` loads, or None with its problems added to `problems`."""
    try:
        return read()
    except (ReferralConfigError, PartnerConfigError) as exc:
        problems += file_problems(exc.path, exc.located)
    return None


class _Text(HTMLParser):
    """The text of an HTML fragment, one line per paragraph, list item or heading."""

    BLOCKS = {"p", "li", "ul", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        self.lines[-1] += data


def text_lines(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [line for line in map(one_line, parser.lines) if line]


def who_to_call(state: AppState, lang: str, partner_id: str | None = None) -> list[str]:
    """The "Who to call" block (#call) of a result page with no urgent help, as a visitor reads it, drawn by the
    result page's own section template."""
    visit = make_visit(state, partner_id, None)
    with use_locale(state.catalogs, lang):
        section = CallSection(heading=_("Who to call"), urgent=False, flags=())
        html = state.templates[lang].get_template("partials/result/call.html").render(lang=lang, visit=visit, idp="",
                                                                                      section=section)
        return text_lines(html)


def _file(setting: str, path: Path | None, loaded: object, what: Callable[[], str]) -> str:
    """One line on a configured file: where it is and what it holds ("none"; "has problems" when it could not be read)."""
    if path is None:
        return f"{setting}: none"
    return f"{setting}: {path} ({what() if loaded is not None else 'has problems, listed below'})"


def describe(settings: Settings, host: HostOrg | None, providers: tuple[Provider, ...] | None, partners: Partners | None) -> list[str]:
    """What is configured, in a few lines."""
    lines = [
        _file("Host organization (PDS_HOST_ORG_FILE)", settings.host_org_file, host, lambda: host.name if host else ""),
        _file("Providers for the ZIP search (PDS_PROVIDERS_FILE)", settings.providers_file, providers,
              lambda: f"{len(providers or ())} providers"),
        "Sites allowed to frame every page (PDS_EMBED_ORIGINS): " + (", ".join(settings.embed_origins) or "none besides this one"),
        _file("Partners (PDS_PARTNERS_FILE)", settings.partners_file, partners, lambda: f"{len(partners or ())} partners"),
    ]
    for partner in partners or ():
        origins = ", ".join(partner.origins) or "none besides this one"
        lines.append(f"  {partner.id}: entry address /en/?partner={partner.id}; may be framed by {origins}"
                     + ("; intake-desk mode" if partner.desk_mode else ""))
    lines += [
        f"Intake-desk mode for every visit (PDS_DESK_MODE): {'on' if settings.desk_mode else 'off'}",
        "Public address (PDS_PUBLIC_URL): " + (settings.public_url or "not set (each request's own address)"),
        f"Proxies believed (PDS_TRUSTED_PROXIES): {', '.join(settings.trusted_proxies) or 'none'}; "
        f"plain HTTP sent to HTTPS (PDS_HTTPS_REDIRECT): {'yes' if settings.https_redirect else 'no'}",
    ]
    return lines


def who_to_call_report(app: FastAPI) -> list[str]:
    """ "Who to call" for every visit in each language, then for each partner that has a contact of its own."""
    state: AppState = app.state.pds
    lines = ['What a visitor sees under "Who to call" on the result page:']
    kinds: list[tuple[str | None, str]] = [(None, "every visit")]
    for partner in state.partners:
        if partner.contact is None:
            lines.append(f"(partner {partner.id} has no contact of its own: its visits show the same as every visit)")
        else:
            kinds.append((partner.id, f"partner {partner.id} (?partner={partner.id})"))
    for partner_id, label in kinds:
        for lang in state.catalogs.languages:
            lines.append(f"[{lang}] {label}")
            lines += [f"    {line}" for line in who_to_call(state, lang, partner_id)]
    return lines


def run(out: Callable[[str], None] = print) -> int:
    settings, problems = settings_problems()
    host_file, providers_file = settings.host_org_file, settings.providers_file
    host = load(problems, lambda: load_host_org(host_file)) if host_file else None
    providers = load(problems, lambda: load_providers(providers_file)) if providers_file else ()
    partners = load(problems, lambda: load_partners(settings.partners_file))
    out("pd-screener configuration check")
    out("")
    for line in describe(settings, host, providers, partners):
        out(line)
    out("")
    app = None
    if not problems:
        try:
            app = create_app(settings)  # what `make run` does next: anything else that stops start-up shows here
        except StartupError as exc:
            problems.append(f"the app will not start: {one_line(str(exc))}")
    if app is not None:
        for line in who_to_call_report(app):
            out(line)
        out("")
    if settings.host_org_file is None:
        out(f"Note: {NO_HOST_ORG}")
    if problems:
        out(f"{len(problems)} problem(s), the app will not start until they are fixed:" if app is None
            else f"{len(problems)} problem(s):")
        for problem in problems:
            out(f"  {problem}")
        return 1
    out("No problems found.")
    return 0


if __name__ == "__main__":
    sys.exit(run())
