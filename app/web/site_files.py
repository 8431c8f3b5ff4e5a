"""What a search engine or a person typing an address asks for: robots.txt, a sitemap, favicon.ico, and the
language-less page addresses, which go to the browser's language like `/` does."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.web.deps import StateDep
from app.web.rendering import public_base_url

router = APIRouter(include_in_schema=False)

ICON = Path(__file__).resolve().parent.parent / "static" / "img" / "icon.svg"
# The pages a search may lead to; each also carries `{% set indexable = true %}` in its template.
INDEXABLE_PAGES = ("", "help", "safety")
# Addresses a person may type or a partner may link without a language: /help, /embed, ...
LANGUAGE_LESS_PAGES = ("help", "help/checklist", "help/providers", "safety", "embed", "questions")
FILE_CACHE = "public, max-age=86400"


def redirect_by_language(request: Request, state: StateDep, path: str) -> Response:
    lang = state.catalogs.best_match(request.headers.get("accept-language"), state.settings.default_language)
    query = f"?{request.url.query}" if request.url.query else ""  # ?partner=… and ?desk=1 ride along
    return RedirectResponse(f"/{lang}/{path}{query}", status_code=303, headers={"Vary": "Accept-Language"})


def _add_language_less(path: str) -> None:
    async def to_language(request: Request, state: StateDep) -> Response:
        return redirect_by_language(request, state, path)

    router.add_api_route(f"/{path}", to_language, methods=["GET"], name=f"language-less /{path}")


for _path in LANGUAGE_LESS_PAGES:
    _add_language_less(_path)


@router.get("/robots.txt")
async def robots(request: Request, state: StateDep) -> Response:
    text = f"User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: {public_base_url(state, request)}/sitemap.xml\n"
    return Response(text, media_type="text/plain", headers={"Cache-Control": FILE_CACHE})


@router.get("/sitemap.xml")
async def sitemap(request: Request, state: StateDep) -> Response:
    base, languages = public_base_url(state, request), state.catalogs.languages
    entries = []
    for page in INDEXABLE_PAGES:
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(f"{base}/{lang}/{page}")}"/>'
            for lang in languages)
        entries += [f"<url><loc>{escape(f'{base}/{lang}/{page}')}</loc>{alternates}</url>" for lang in languages]
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
           + "".join(entries) + "</urlset>\n")
    return Response(xml, media_type="application/xml", headers={"Cache-Control": FILE_CACHE})


@router.get("/favicon.ico")
async def favicon() -> Response:
    # Browsers ask for /favicon.ico before reading the page's <link rel="icon">; Chromium and Firefox read an SVG one.
    return Response(ICON.read_bytes(), media_type="image/svg+xml", headers={"Cache-Control": FILE_CACHE})
