"""Drawing pages: a template as a whole page or, for an htmx swap of #main, its fragment; and the error pages.

Route modules import `Page` and `ErrorPage` from here (never from each other); `deps` builds the Page a route gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.core import Policy
from app.partners.origins import frame_ancestors
from app.web.desk import desk_rows
from app.web.i18n import use_locale
from app.web.security import content_security_policy
from app.web.state import AppState, state_of
from app.web.texts import PackText, pack_text
from app.web.visit import Visit, visit_in_query, with_carried_fields


class ErrorPage(Exception):
    """Send the error page for `status` (404 unknown language, 413 body too large, 422 unreadable form) instead.

    `visit` is the posted one when the form was read; by default the one in the address's query.
    """

    def __init__(self, status: int, visit: Visit | None = None):
        super().__init__(status)
        self.status = status
        self.visit = visit


@dataclass(frozen=True)
class Page:
    """Where a page is drawn: the app's state, the page's language, the visit, and whether htmx asked for #main only."""

    state: AppState
    lang: str
    visit: Visit
    fragment: bool = False
    chrome: bool = False  # with the fragment, the header and footer again (an htmx language switch)
    public_base: str = ""  # the site's address (public_base_url), for absolute hreflang and canonical links

    def render(self, template: str, context: dict[str, Any] | None = None, *, status: int = 200,
               private: bool = False) -> HTMLResponse:
        """The page, or for an htmx swap of #main only its title, main block and language switch."""
        return self._response(self._draw(template, context), status=status, private=private)

    def render_shared(self, template: str, context: Callable[[], dict[str, Any]] | None = None, *,
                      key: tuple = (), private: bool = False) -> HTMLResponse:
        """`render` for a page that shows nothing of the person: drawn once per language, visit options, site
        address and `key` (what else the page depends on, such as the date), then reused (`SharedPages`).
        `context` is called only when the page is drawn."""
        visit = self.visit
        cache_key = (template, self.lang, visit.options, self.fragment, self.chrome, self.public_base, *key)
        html = self.state.shared_pages.get(cache_key, lambda: self._draw(template, context() if context else None))
        return self._response(html, status=200, private=private)

    def words(self, policy: Policy) -> PackText:
        """The pack's words in the page's language (resolved at start-up)."""
        return pack_text.made_in(self.state.catalogs, self.lang, policy)

    def _draw(self, template: str, context: dict[str, Any] | None) -> str:
        state, visit = self.state, self.visit
        context = with_carried_fields(visit, context or {})
        env = state.templates[self.lang]
        with use_locale(state.catalogs, self.lang):
            tpl = env.get_template(template)
            ctx = {
                "lang": self.lang,
                "languages": state.catalogs.languages,
                "visit": visit,
                "public_base": self.public_base,
                "desk_rows": desk_rows(state, visit, template, self.lang, context),
                **context,
            }
            if not self.fragment:
                return tpl.render(ctx)
            # An htmx swap of #main: the layout's title block filled with this page's (the same <title> as the whole
            # page; one context for both blocks, as neither sets anything outside itself), the main block, and the
            # language switch.
            blocks = tpl.new_context(ctx)
            title = "".join(env.get_template("base.html").blocks["head_title"](blocks))
            main = "".join(tpl.blocks["main"](blocks))
            if self.chrome:  # a language switch: everything around #main in the new language, swapped out of band
                oob = {**ctx, "oob": True}
                chrome = [env.get_template(f"partials/site_{part}.html").render(oob) for part in ("header", "footer")]
                return "".join(["<title>", title, "</title>", main, *chrome])
            switch = env.get_template("partials/language_switch_oob.html").render(ctx)
            return "".join(["<title>", title, "</title>", main, switch])

    def _response(self, html: str, *, status: int, private: bool) -> HTMLResponse:
        response = HTMLResponse(html, status_code=status)
        response.raw_headers += page_headers(self.lang, self.visit.frame_origins, private)
        return response


@lru_cache(maxsize=256)
def page_headers(lang: str, frame_origins: tuple[str, ...], private: bool) -> tuple[tuple[bytes, bytes], ...]:
    """A page's own headers, for its language, the origins that may frame it (the deployment's and a partner's) and
    whether it shows answers (no-store): never anything of a person's."""
    headers = [("content-language", lang), ("vary", "HX-Request, HX-Target"),
               # Only this site and the visit's partner may frame the page (the security headers keep a set one).
               ("content-security-policy", content_security_policy(frame_ancestors(frame_origins)))]
    headers += [("cache-control", "no-store")] if private else []
    return tuple((name.encode("latin-1"), value.encode("latin-1")) for name, value in headers)


def public_base_url(state: AppState, request: Request) -> str:
    """The address people use (PDS_PUBLIC_URL), else this request's own, without a trailing slash."""
    return (state.settings.public_url or str(request.base_url)).rstrip("/")


# Sent by the language switch's htmx request (macros.language_switch): the swap brings the page's header and footer too.
SWITCH_HEADER = "x-pds-language-switch"


def wants_chrome(request: Request) -> bool:
    return request.headers.get(SWITCH_HEADER) == "1"


def wants_fragment(request: Request) -> bool:
    """An htmx request that swaps only #main."""
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "main"


def error_page(request: Request, status: int, visit: Visit | None = None) -> HTMLResponse:
    """The error page in the address's language (the default for an unknown one)."""
    state = state_of(request)
    first = request.url.path.strip("/").split("/")[0]
    lang = first if first in state.catalogs else state.settings.default_language
    page = Page(state, lang, visit or visit_in_query(state, request), wants_fragment(request), wants_chrome(request),
                public_base_url(state, request))
    return page.render("error.html", {"status": status}, status=status, private=True)
