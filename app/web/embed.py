"""Embedding on partner sites: the /{lang}/embed page (snippet and preview) and each partner's colours and logo."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import Response

from app.web.deps import LinkPage, StateDep
from app.web.i18n import _, language_list, use_locale
from app.web.rendering import Page

router = APIRouter(include_in_schema=False)

FRAME_ID = "pd-screener"
SANDBOX = ("allow-forms allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox "
           "allow-top-navigation-by-user-activation allow-downloads")
ASSET_CACHE = "public, max-age=3600"


def embed_snippet(app_url: str, entry_path: str, title: str, link_text: str) -> str:
    """The HTML a partner pastes: the frame (no sandbox, so quick exit can leave the whole page), a link that opens
    the screener in a new tab (what a browser that refuses the frame leaves in its place), and the sizing script."""
    url = escape(app_url + entry_path)
    return (
        f'<iframe id="{FRAME_ID}" src="{url}" title="{escape(title)}"\n'
        f'        width="100%" height="900" loading="lazy" referrerpolicy="no-referrer"></iframe>\n'
        f'<p id="{FRAME_ID}-link"><a href="{url}" target="_blank" rel="noopener noreferrer">{escape(link_text)}</a></p>\n'
        f'<script src="{escape(app_url)}/static/js/embed-host.js" data-pd-frame="{FRAME_ID}" async></script>'
    )


def snippets(page: Page) -> list[dict[str, str]]:
    """The snippet in each language on offer, the page's own first; each frame and link worded in its language."""
    query = page.visit.query()
    found = []
    for lang in sorted(page.state.catalogs.languages, key=lambda lang: lang != page.lang):
        language = language_list([lang])  # named in the page's language
        with use_locale(page.state.catalogs, lang):
            code = embed_snippet(page.public_base, f"/{lang}/{query}", _("Immigration guidance check"),
                                 _("Open the immigration guidance check in a new tab"))
        found.append({"lang": lang, "language": language, "code": code})
    return found


@router.get("/{lang}/embed")
async def embed_page(page: LinkPage) -> Response:
    entry_path = f"/{page.lang}/{page.visit.query()}"
    title = _("Immigration guidance check")
    return page.render_shared("embed.html", lambda: {
        "snippets": snippets(page),
        "entry_path": entry_path,
        "frame_id": FRAME_ID,
        "frame_title": title,
        "sandbox": SANDBOX,
    })


@router.get("/partner/{partner_id}/theme.css")
async def partner_theme(state: StateDep, partner_id: str) -> Response:
    partner = state.partners.get(partner_id)
    if partner is None or partner.accent is None:
        return Response("/* no such partner theme */\n", status_code=404, media_type="text/css")
    # Colours were checked for WCAG AA contrast at start-up; site.css reads them through these variables.
    css = f":root {{ --brand: {partner.accent}; --brand-dark: {partner.accent_dark}; }}\n"
    return Response(css, media_type="text/css", headers={"Cache-Control": ASSET_CACHE})


@router.get("/partner/{partner_id}/logo")
async def partner_logo(state: StateDep, partner_id: str) -> Response:
    partner = state.partners.get(partner_id)
    logo = partner.logo if partner else None
    if logo is None or logo.content is None:
        return Response(status_code=404)
    return Response(logo.content, media_type=logo.media_type, headers={"Cache-Control": ASSET_CACHE})
