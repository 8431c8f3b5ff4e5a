"""Translations per request without races: the locale lives in a ContextVar, never on shared state."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from markupsafe import Markup

SOURCE_LANGUAGE = "en"
SPANISH_E_BEFORE = re.compile(r"h?i(?![aeoáéó])", re.IGNORECASE)

current_locale: ContextVar[str] = ContextVar("current_locale", default=SOURCE_LANGUAGE)


class Catalogs:
    """The languages on offer: English (the source) plus every compiled catalog in the locales folder."""

    def __init__(self, locales_dir: Path):
        self.locales_dir = locales_dir
        found = sorted(p.parent.parent.name for p in locales_dir.glob("*/LC_MESSAGES/messages.mo"))
        self.languages: tuple[str, ...] = (SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE])
        self._translations: dict[str, NullTranslations] = {SOURCE_LANGUAGE: NullTranslations()}
        for lang in self.languages[1:]:
            with (locales_dir / lang / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
                self._translations[lang] = Translations(handle)

    def __contains__(self, lang: object) -> bool:
        return lang in self._translations

    def get(self, lang: str) -> NullTranslations:
        return self._translations.get(lang, self._translations[SOURCE_LANGUAGE])

    def best_match(self, accept_language: str | None, default: str) -> str:
        """The first language of an Accept-Language header that we offer, else the default."""
        weighted: list[tuple[float, int, str]] = []
        for i, part in enumerate((accept_language or "").split(",")):
            tag, _, params = part.strip().partition(";")
            q = 1.0
            if params.strip().startswith("q="):
                try:
                    q = float(params.strip()[2:])
                except ValueError:
                    q = 0.0
            if tag:
                weighted.append((-q, i, tag.strip().lower()))
        for negative_q, _, tag in sorted(weighted):
            if negative_q >= 0:
                continue
            # "pt-BR" matches a pt_BR catalog first, then pt; "es-MX" matches es.
            language, _sep, region = tag.partition("-")
            for candidate in (f"{language}_{region.upper()}" if region else None, language):
                if candidate and candidate in self:
                    return candidate
        return default if default in self else SOURCE_LANGUAGE


# The app's catalogs travel with the locale, so two apps in one process never share state.
current_catalogs: ContextVar[Catalogs | None] = ContextVar("current_catalogs", default=None)


def _translations() -> NullTranslations:
    catalogs = current_catalogs.get()
    return catalogs.get(current_locale.get()) if catalogs else NullTranslations()


def gettext(message: str) -> str:
    if not message:
        return message
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return str(_translations().pgettext(context, message))


_ = gettext


def markup_gettext(message: str, /, **variables: object) -> Markup:
    """What jinja2.ext's newstyle gettext gives in an autoescaped template: the translation as Markup, always
    %-formatted (so "%%" is "%" with or without variables), each variable escaped."""
    return Markup(gettext(message)) % variables


@contextmanager
def use_locale(catalogs: Catalogs, lang: str) -> Iterator[None]:
    """Translate into `lang` for the duration of the block (one request, one render)."""
    tokens = current_catalogs.set(catalogs), current_locale.set(lang)
    try:
        yield
    finally:
        current_locale.reset(tokens[1])
        current_catalogs.reset(tokens[0])


def format_date(value: date, lang: str | None = None) -> str:
    return _long_date(value, lang or current_locale.get())


@lru_cache(maxsize=32)
def _long_date(value: date, lang: str) -> str:
    """Babel's long date (20-30 us; a result writes its as-of date up to three times). Only dates are kept here: the
    deployment's today, or an API caller's `as_of`, never an answer."""
    return babel_format_date(value, format="long", locale=lang)


def format_number(value: float, lang: str | None = None) -> str:
    return format_decimal(value, locale=lang or current_locale.get())


@lru_cache(maxsize=32)
def language_name(lang: str) -> str:
    """A language's name written in that language ("English", "Español")."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def language_list(codes: Iterable[str]) -> str:
    """The languages an organization speaks, named in the reader's language ("español e inglés")."""
    lang = current_locale.get()
    names = [Locale.parse(code).get_display_name(lang) or code for code in codes]
    text = format_list(names, locale=lang)
    if lang == "es" and " y " in text and SPANISH_E_BEFORE.match(names[-1]):
        # Spanish writes "e" for "and" before an "i" sound ("español e inglés"); CLDR's list pattern does not.
        head, _and, last = text.rpartition(" y ")
        text = f"{head} e {last}"
    return text


class LocaleFromPath:
    """ASGI middleware: a request under /<lang>/ runs in that language, any other in the default.

    So every _() a route calls (error messages too) is translated without each call site
    remembering use_locale; a route may still narrow it (the API's `lang`). Pure ASGI, so the
    context variables it sets are the ones the route's task sees.
    """

    def __init__(self, app, catalogs: Catalogs, default_language: str):
        self.app = app
        self.catalogs = catalogs
        self.default_language = default_language if default_language in catalogs else SOURCE_LANGUAGE

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        first = scope.get("path", "/").strip("/").split("/", 1)[0]
        lang = first if first in self.catalogs else self.default_language
        with use_locale(self.catalogs, lang):
            await self.app(scope, receive, send)
