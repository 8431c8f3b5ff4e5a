"""Deployment settings, read from environment variables prefixed PDS_ (see README)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, cast

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.partners.origins import check_origin

ROOT = Path(__file__).resolve().parent.parent


def _split_list(value: object) -> list[str]:
    """An environment list: "a, b" or "a b"; a list as it is."""
    return value.replace(",", " ").split() if isinstance(value, str) else list(cast(Iterable[str], value or []))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PDS_", extra="ignore")

    locales_dir: Path = ROOT / "locales"
    policy_data_dir: Path = ROOT / "app" / "policy" / "data"
    templates_dir: Path = ROOT / "templates"
    default_language: str = "en"
    # Fixes "today" for previews and tests; the rules themselves never read the clock.
    today: date | None = None
    quick_exit_url: str = "https://www.google.com/search?q=weather"
    # The browser tab's title on every page; empty: a neutral "Questionnaire" in the page's language.
    site_title: str = ""
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # Pages that show nothing of the person are drawn once and reused (app/web/shared_pages.py); off only to
    # compare with a plain render (tests/test_shared_pages.py).
    render_cache: bool = True
    host_org_file: Path | None = None  # YAML or TOML, see examples/host-org.example.yaml
    providers_file: Path | None = None  # CSV, see examples/providers.example.csv
    # Embedding, partners, intake desk and PDF (README "Embedding on partner sites").
    partners_file: Path | None = None
    # Sites allowed to frame every page, besides this one: "https://a.org, https://b.org".
    embed_origins: Annotated[list[str], NoDecode] = []
    desk_mode: bool = False
    # The address people use, for the embed snippet; the request's own address when unset.
    public_url: str | None = None
    # HTTPS (README "HTTPS and proxies"): the addresses whose X-Forwarded-Proto/-For are believed
    # ("10.0.0.0/8, 127.0.0.1", or "*"), and whether plain HTTP is sent to HTTPS.
    trusted_proxies: Annotated[list[str], NoDecode] = ["127.0.0.1"]
    https_redirect: bool = False
    pdf_font: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf_font_bold: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    # PDFs a worker process makes at once; more are answered 503 with Retry-After (each holds ~6 MB while made).
    pdf_builds: int = Field(default=2, ge=1, le=8)
    # Seconds a request's body may take to arrive; a slower one is cut off with 408 (uvicorn has no such limit).
    body_timeout: float = Field(default=20, ge=1, le=300)

    @field_validator("embed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> list[str]:
        return [check_origin(item) for item in _split_list(value)]

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> list[str]:
        return _split_list(value)

    def as_of_today(self) -> date:
        return self.today or date.today()


@lru_cache
def get_settings() -> Settings:
    return Settings()
