"""Drawing pages: a template as a whole page or, for an htmx swap of #main, its fragment; and the error pages.

Route modules import `Page` and `ErrorPage` from here (never from each other); `deps` builds the Page a route gets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Template
from markupsafe import Markup

from app.partners.origins import frame_ancestors
from app.web.desk import desk_rows
from app.web.i18n import use_locale
from app.web.security import content_security_policy
from app.web.state import AppState, state_of
from app.web.visit import Visit, visit_in_query, with_carried_fields


class ErrorPage(Exception):
    """Send the error page for `status` (404 unknown language, 413 body too large, 422 unreadable form) instead.

    `visit` is the posted one when the form was read; by default the one in the address's query.
    """

    def __init__(self, status: int, visit: Visit | None = None):
        super().__init__(status)
        self.status = status
        self.visit = visit


# The pages a person's answers fill, drawn in a kept frame (`Frame`): none sets a variable the layout reads
# (indexable, page_path), so the frame is the same for every page of the kind, language and visit.
FRAMED = frozenset({"question.html", "check.html", "result.html"})
SLOT = re.compile("\ue000(title|switch|main)\ue001")


@dataclass(frozen=True)
class Frame:
    """The layout of a page kind for one language, visit and site address (head, header, visit bar, footer), drawn
    once with its three slots left open: the title, the language switch (it carries the answers) and main."""

    parts: tuple[str, ...]  # before the title, between the title and the switch, between it and main, after main

    @classmethod
    def draw(cls, tpl: Template, ctx: dict[str, Any]) -> Frame:
        # Private-use characters mark the slots: they are not in any catalog, and escaping leaves them as they are.
        slots = {name: Markup(f"\ue000{name}\ue001") for name in ("title", "switch", "main")}
        pieces = SLOT.split(tpl.render({**ctx, "frame_slots": slots}))
        assert pieces[1::2] == ["title", "switch", "main"], "the layout must have its three slots, once each, in order"
        return cls(tuple(pieces[0::2]))

    def fill(self, *, title: str, switch: str, main: str) -> str:
        before, after_title, after_switch, after_main = self.parts
        return "".join((before, title, after_title, switch, after_switch, main, after_main))


@dataclass(frozen=True)
class Page:
    """Where a page is drawn: the app's state, the page's language, the visit, and whether htmx asked for #main only."""

    state: AppState
    lang: str
    visit: Visit
    fragment: bool = False
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
        cache_key = (template, self.lang, visit.options, self.fragment, self.public_base, *key)
        html = self.state.shared_pages.get(cache_key, lambda: self._draw(template, context() if context else None))
        return self._response(html, status=200, private=private)

    def _draw(self, template: str, context: dict[str, Any] | None) -> str:
        state, visit = self.state, self.visit
        context = with_carried_fields(visit, context or {})
        with use_locale(state.catalogs, self.lang):
            tpl = state.jinja.get_template(template)
            ctx = {
                "lang": self.lang,
                "languages": state.catalogs.languages,
                "visit": visit,
                "public_base": self.public_base,
                "desk_rows": desk_rows(state, visit, template, self.lang, context),
                **context,
            }
            if self.fragment or (template in FRAMED and state.shared_pages.enabled):
                # The layout's title block, filled with this page's title block: the same <title> as a full page.
                # One context for both blocks: neither sets anything outside itself.
                blocks = tpl.new_context(ctx)
                title = "".join(state.jinja.get_template("base.html").blocks["head_title"](blocks))
                main = "".join(tpl.blocks["main"](blocks))
            if self.fragment:
                html = "".join(["<title>", title, "</title>", main,
                                state.jinja.get_template("partials/language_switch_oob.html").render(ctx)])
            elif template in FRAMED and state.shared_pages.enabled:
                language_switch: Callable[..., str] = state.jinja.globals["language_switch"]  # type: ignore[assignment]
                frame = state.shared_pages.get(("frame", template, self.lang, visit.options, self.public_base),
                                               lambda: Frame.draw(tpl, ctx))
                switch = language_switch(self.lang, ctx["languages"], ctx.get("switch"), visit, "")
                html = frame.fill(title=title, switch=switch, main=main)
            else:
                html = tpl.render(ctx)
        return html

    def _response(self, html: str, *, status: int, private: bool) -> HTMLResponse:
        visit = self.visit
        headers = {
            "Content-Language": self.lang,
            "Vary": "HX-Request, HX-Target",
            # Only this site and the visit's partner may frame the page (the security headers keep a set one).
            "Content-Security-Policy": page_policy(visit.frame_origins),
        }
        if private:
            headers["Cache-Control"] = "no-store"
        return HTMLResponse(html, status_code=status, headers=headers)


@lru_cache(maxsize=256)
def page_policy(frame_origins: tuple[str, ...]) -> str:
    """A page's CSP for the origins that may frame it: the deployment's and a partner's, never a person's."""
    return content_security_policy(frame_ancestors(frame_origins))


def public_base_url(state: AppState, request: Request) -> str:
    """The address people use (PDS_PUBLIC_URL), else this request's own, without a trailing slash."""
    return (state.settings.public_url or str(request.base_url)).rstrip("/")


def wants_fragment(request: Request) -> bool:
    """An htmx request that swaps only #main."""
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "main"


def error_page(request: Request, status: int, visit: Visit | None = None) -> HTMLResponse:
    """The error page in the address's language (the default for an unknown one)."""
    state = state_of(request)
    first = request.url.path.strip("/").split("/")[0]
    lang = first if first in state.catalogs else state.settings.default_language
    page = Page(state, lang, visit or visit_in_query(state, request), wants_fragment(request),
                public_base_url(state, request))
    return page.render("error.html", {"status": status}, status=status, private=True)
