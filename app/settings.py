"""Deployment settings, read from environment variables prefixed PDS_ (see README)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PDS_", extra="ignore")

    locales_dir: Path = ROOT / "locales"
    policy_data_dir: Path = ROOT / "app" / "policy" / "data"
    templates_dir: Path = ROOT / "templates"
    default_language: str = "en"
    # Fixes "today" for previews and tests; the rules themselves never read the clock.
    today: date | None = None
    quick_exit_url: str = "https://www.google.com/search?q=weather"
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    host_org_file: Path | None = None  # YAML or TOML, see examples/host-org.example.yaml
    providers_file: Path | None = None  # CSV, see examples/providers.example.csv

    def as_of_today(self) -> date:
        return self.today or date.today()


@lru_cache
def get_settings() -> Settings:
    return Settings()
