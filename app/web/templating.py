"""The Jinja environment: autoescaped, with gettext that reads the request's locale at call time."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.settings import Settings
from app.web import i18n
from app.web.forms import hidden_fields, mark_chosen
from app.web.shared_pages import SharedPieces
from app.web.tables import check_sections

MACROS = ("sources_summary", "citation_links", "citations", "language_switch")


def install_macros(env: Environment) -> None:
    """The shared macros (partials/macros.html) as globals. Call it after the last global is set: the macros' module
    sees the globals as they are when it is made."""
    module = env.get_template("partials/macros.html").make_module()
    env.globals.update({name: getattr(module, name) for name in MACROS})


def make_environment(settings: Settings, catalogs: i18n.Catalogs) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(settings.templates_dir)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n", SharedPieces],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates ship with the release and the app restarts to change them: without this, every
        # get_template and include stats its file (19 stats a result page).
        auto_reload=False,
    )
    # Installed once; each call looks up the current request's locale in a ContextVar (no per-request install).
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext)
    # The same newstyle gettext, without the extension's context look-ups around each call (43-173 calls a page):
    # every template autoescapes (none turns it off), so a translation is Markup and its variables are escaped.
    env.globals["gettext"] = env.globals["_"] = i18n.markup_gettext
    # {% trans %} blocks are whitespace-trimmed, as the extractor (trimmed = "true") sees them.
    env.policies["ext.i18n.trimmed"] = True
    env.shared_pieces.enabled = settings.render_cache  # type: ignore[attr-defined]  # added by SharedPieces
    env.filters["date"] = lambda d: i18n.format_date(d)
    env.filters["number"] = lambda n: i18n.format_number(n)
    env.globals["hidden_fields"] = hidden_fields
    env.globals["mark_chosen"] = mark_chosen
    env.globals["check_sections"] = check_sections
    env.globals["language_name"] = i18n.language_name
    env.globals["language_list"] = i18n.language_list
    env.globals["quick_exit_url"] = settings.quick_exit_url
    env.globals["site_title"] = settings.site_title  # empty: the neutral "Questionnaire" of the page's language
    return env
