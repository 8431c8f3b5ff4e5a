"""Builds the FastAPI app from settings: data checked at start-up, routes, headers and error pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from app.policy import load_packs
from app.settings import ROOT, Settings, get_settings
from app.web import api, pages
from app.web.deps import AppState
from app.web.errors import FieldError, error_response
from app.web.i18n import Catalogs, LocaleFromPath, _, use_locale
from app.web.security import SecurityHeaders
from app.web.templating import make_environment

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
HTMX_DIR = ROOT / "node_modules" / "htmx.org" / "dist"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    packs = load_packs()
    catalogs = Catalogs(settings.locales_dir)
    state = AppState(settings=settings, packs=packs, catalogs=catalogs, jinja=make_environment(settings, catalogs))

    app = FastAPI(
        title="pd-screener API",
        version="1.0.0",
        description="Maps answers to the factors of past DHS/ICE prosecutorial-discretion guidance. "
        "Legal information, not legal advice.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.pds = state

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict:
        return {"status": "ok", "policies": list(packs.by_id), "languages": list(catalogs.languages)}

    router = api.router
    app.include_router(router)
    api_screen = api.APIRouter(prefix="/api/v1", tags=["screening"])
    api.add_screen_route(api_screen, state)
    app.include_router(api_screen)
    app.include_router(pages.router)
    app.mount("/static/vendor", StaticFiles(directory=HTMX_DIR, check_dir=False), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        with use_locale(catalogs, settings.default_language):
            errors = [FieldError(field=".".join(str(p) for p in e.get("loc", ())), message=_("This value is not valid.")) for e in exc.errors()]
            return error_response(422, _("Please correct the request."), errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request):
            with use_locale(catalogs, settings.default_language):
                message = _("Not found.") if exc.status_code == 404 else _("This request is not allowed here.")
                return error_response(exc.status_code, message)
        return pages.error_page(request, exc.status_code)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:  # never a stack trace to the person
        if is_api(request):
            return JSONResponse({"error": {"status": 500, "message": "Internal error", "errors": []}}, status_code=500)
        return pages.error_page(request, 500)

    app.add_middleware(LocaleFromPath, catalogs=catalogs, default_language=settings.default_language)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(SecurityHeaders)
    return app
