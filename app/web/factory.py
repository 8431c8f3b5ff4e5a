"""Builds the FastAPI app from settings: data checked at start-up, routes, headers and error pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.core.advice import Advice
from app.partners import load_partners
from app.partners.origins import frame_ancestors
from app.policy import PolicyDataError, load_packs
from app.policy.present import load_advice, reported_problems
from app.referral.config import load_referral
from app.settings import ROOT, Settings
from app.startup_check import load_settings, refuse, settings_problems
from app.web import api, embed, pages, pdf, site_files
from app.web import help as help_pages
from app.web.errors import ApiRefusal, error_response
from app.web.forms import HiddenFields
from app.web.i18n import Catalogs, LocaleFromPath, _, pgettext, use_locale
from app.web.presenter import advice_texts, pack_views
from app.web.referral_view import ReferralView
from app.web.rendering import ErrorPage, error_page
from app.web.security import HTTPSRedirect, SecurityHeaders
from app.web.shared_pages import SharedPages
from app.web.state import AppState, BuildSlots
from app.web.static_files import HashedStaticFiles, StaticUrls
from app.web.templating import Templates
from app.web.texts import pack_text

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
HTMX_DIR = ROOT / "node_modules" / "htmx.org" / "dist"


def refuse_unreported(advice: Advice, catalogs: Catalogs) -> None:
    """An item resting on a reported [R] source must say so in every language (present.yaml's rule): refused at
    start-up, naming the item and the language, when its words do not."""
    def in_language(lang: str) -> tuple[str, Callable[[str], str], str]:
        def gettext(text: str) -> str:
            with use_locale(catalogs, lang):
                return str(_(text))
        with use_locale(catalogs, lang):
            # Translators: one word (or the start of one), lower case, that every sentence resting on a reported,
            # unconfirmed fact contains in your language: in English "report" (as in "Reports say…").
            marker = str(pgettext("reported-fact marker", "report"))
        return lang, gettext, marker

    problems = reported_problems(advice, [in_language(lang) for lang in catalogs.languages])
    if problems:
        raise PolicyDataError("\n".join(problems))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    refuse(settings_problems(settings))  # one line a bad setting, as `python -m app.startup_check` says it
    packs = load_packs(settings.policy_data_dir)
    referral = load_referral(settings.host_org_file, settings.providers_file)  # a bad file stops start-up
    catalogs = Catalogs(settings.locales_dir)
    partners = load_partners(settings.partners_file)
    advice = load_advice(packs, settings.policy_data_dir)
    refuse_unreported(advice, catalogs)
    state = AppState(settings=settings, packs=packs, catalogs=catalogs, templates=Templates(settings, catalogs), advice=advice,
                     partners=partners, referral=referral, shared_pages=SharedPages(enabled=settings.render_cache),
                     pdf_builds=BuildSlots(settings.pdf_builds))
    for lang in catalogs.languages:  # every pack's words in every language, resolved now, not for a first visitor
        with use_locale(catalogs, lang):
            advice_texts(advice)
            for pack in packs:
                pack_text(pack)
                pack_views(pack)
                api.pack_texts(pack)
    # Read-only; every help block shows the referral set-up.
    state.templates.add_globals(referral=ReferralView(referral), hidden_fields=HiddenFields(packs))

    app = FastAPI(
        title="pd-screener API",
        version="1.0.0",
        description="Maps answers to the factors of past DHS/ICE prosecutorial-discretion guidance. "
        "Legal information, not legal advice.",
        docs_url=None,  # no docs page: the schema is for any OpenAPI viewer (README "The JSON API")
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.pds = state

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict:
        return {"status": "ok", "policies": list(packs.by_id), "languages": list(catalogs.languages)}

    # The routes go straight onto the app's own router, in this order, not through include_router: an included
    # router is matched route by route on every request, then matched again to handle it (FastAPI 0.165), which
    # was a third of the start page's time. The routes are the same APIRoute objects either way.
    routes = [route for router in (api.build_router(state),
                                   site_files.router,  # before pages: "/help" would otherwise match "/{lang}"
                                   help_pages.router, pages.router, embed.router, pdf.router) for route in router.routes]
    # Routes are tried in order. The pages of the flow come first: no other route's pattern matches theirs (only
    # "/api/" fits "/{lang}/", and an ErrorPage under /api/ is answered in JSON), and a question page would
    # otherwise be tried against 30 routes before its own.
    app.router.routes.extend([*pages.FLOW_ROUTES, *routes])
    static = {"vendor/": HashedStaticFiles(directory=HTMX_DIR, check_dir=False), "": HashedStaticFiles(directory=STATIC_DIR, minify=True)}
    app.mount("/static/vendor", static["vendor/"], name="vendor")
    app.mount("/static", static[""], name="static")
    state.templates.add_globals(static_url=StaticUrls(static).url)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def api_refused(status: int) -> Response:
        with use_locale(catalogs, settings.default_language):
            return error_response(status, _("Not found.") if status == 404 else _("This request is not allowed here."))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return api.validation_error_response(request, exc)

    @app.exception_handler(ApiRefusal)
    async def api_refusal(request: Request, exc: ApiRefusal) -> Response:
        return error_response(exc.status, exc.message, exc.errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request):
            refused = api_refused(exc.status_code)
            refused.headers.update(exc.headers or {})
            return refused
        response = error_page(request, exc.status_code)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(ErrorPage)
    async def page_refused(request: Request, exc: ErrorPage) -> Response:
        if is_api(request):  # "/api/" fits the pattern of the start page
            return api_refused(exc.status)
        return error_page(request, exc.status, exc.visit)

    @app.exception_handler(ClientDisconnect)
    async def client_left(request: Request, exc: ClientDisconnect) -> Response:
        # The browser went away while it was still sending the form (a closed tab, a lost signal): nobody is
        # there to read an answer, and it is no error of the app's, so nothing is logged as one.
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:  # never a stack trace to the person
        if is_api(request):
            return JSONResponse({"error": {"status": 500, "message": "Internal error", "errors": []}}, status_code=500)
        return error_page(request, 500)

    app.add_middleware(LocaleFromPath, catalogs=catalogs, default_language=settings.default_language)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    if settings.https_redirect:
        app.add_middleware(HTTPSRedirect)
    app.add_middleware(SecurityHeaders, frame_ancestors=frame_ancestors(settings.embed_origins))
    # Outermost: the scheme and client a trusted proxy reports are what every layer below sees.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    state.templates.install_macros()  # last: the macros see every global set above
    return app
