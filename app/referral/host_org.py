"""The host organization: who runs or embeds this tool, read and checked from a small YAML or TOML file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.policy.yamlload import read_yaml
from app.referral.fields import (
    FieldProblem, ReferralConfigError, boolean, email_address, language_code, us_phone, web_address,
)

WHAT = "host organization file"
REQUIRED = ("name", "phone", "doj_recognized", "has_attorneys")
OPTIONAL = ("email", "address", "hours", "languages", "website")


@dataclass(frozen=True)
class HostOrg:
    name: str
    phone: str  # 10 digits
    doj_recognized: bool
    has_attorneys: bool
    email: str | None = None
    address: str | None = None
    hours: dict[str, str] | str | None = None  # one text, or one per language code
    languages: tuple[str, ...] = ()
    website: str | None = None

    def hours_in(self, lang: str) -> str | None:
        """The opening hours in `lang`, else in English, else the first language given."""
        if self.hours is None or isinstance(self.hours, str):
            return self.hours
        return self.hours.get(lang) or self.hours.get("en") or next(iter(self.hours.values()), None)


def _read(path: Path) -> Any:
    if path.suffix in (".yaml", ".yml"):
        return read_yaml(path)
    if path.suffix == ".toml":
        with path.open("rb") as handle:
            return tomllib.load(handle)
    raise ReferralConfigError(WHAT, path, ["the file name must end in .yaml, .yml or .toml"])


def _text(value: object, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldProblem(f"{key} must be a non-empty text")
    return value.strip()


def _hours(value: object) -> dict[str, str] | str:
    if isinstance(value, dict):
        if not value:
            raise FieldProblem("hours must not be empty")
        return {language_code(str(lang)): _text(text, f"hours.{lang}") for lang, text in value.items()}
    return _text(value, "hours")


def _languages(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldProblem("languages must be a list of language codes, like [en, es]")
    return tuple(language_code(v) for v in value)


CHECKS = {
    "name": lambda v: _text(v, "name"),
    "phone": lambda v: us_phone(_text(v, "phone")),
    "doj_recognized": lambda v: boolean(v, "doj_recognized"),
    "has_attorneys": lambda v: boolean(v, "has_attorneys"),
    "email": lambda v: email_address(_text(v, "email")),
    "address": lambda v: _text(v, "address"),
    "hours": _hours,
    "languages": _languages,
    "website": lambda v: web_address(_text(v, "website")),
}


def load_host_org(path: Path) -> HostOrg:
    """The host organization in `path`, or ReferralConfigError listing every problem found."""
    try:
        data = _read(path)
    except OSError as exc:
        raise ReferralConfigError(WHAT, path, [f"cannot be read: {exc.strerror or exc}"]) from None
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, UnicodeDecodeError) as exc:
        raise ReferralConfigError(WHAT, path, [f"is not valid {path.suffix.lstrip('.').upper()}: {exc}"]) from None
    if not isinstance(data, dict):
        raise ReferralConfigError(WHAT, path, ["must be a mapping of fields, like `name: ...`"])
    problems = [f"{key} is not a known field (known fields: {', '.join(REQUIRED + OPTIONAL)})" for key in data if key not in CHECKS]
    problems += [f"{key} is missing" for key in REQUIRED if key not in data]
    values: dict[str, Any] = {}
    for key, check in CHECKS.items():
        if key in data:
            try:
                values[key] = check(data[key])
            except FieldProblem as exc:
                problems.append(str(exc))
    if problems:
        raise ReferralConfigError(WHAT, path, problems)
    return HostOrg(**values)
