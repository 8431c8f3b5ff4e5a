"""Embedding on partner sites: the /{lang}/embed page (snippet and preview) and each partner's colours and logo."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import Response

from app.web.deps import LinkPage, StateDep
from app.web.i18n import _

router = APIRouter(include_in_schema=False)

FRAME_ID = "pd-screener"
SANDBOX = ("allow-forms allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox "
           "allow-top-navigation-by-user-activation allow-downloads")
ASSET_CACHE = "public, max-age=3600"


def embed_snippet(app_url: str, entry_path: str, title: str) -> str:
    """The HTML a partner pastes: the frame (no sandbox, so quick exit can leave the whole page) and the sizing script."""
    return (
        f'<iframe id="{FRAME_ID}" src="{escape(app_url + entry_path)}" title="{escape(title)}"\n'
        f'        width="100%" height="900" loading="lazy" referrerpolicy="no-referrer"></iframe>\n'
        f'<script src="{escape(app_url)}/static/js/embed-host.js" data-pd-frame="{FRAME_ID}" async></script>'
    )


@router.get("/{lang}/embed")
async def embed_page(page: LinkPage) -> Response:
    app_url = page.public_base
    entry_path = f"/{page.lang}/{page.visit.query()}"
    title = _("Immigration guidance check")
    return page.render_shared("embed.html", lambda: {
        "snippet": embed_snippet(app_url, entry_path, title),
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
