"""The host organization: who offers this tool and is shown first wherever help is offered.

The deployment's comes from a small YAML or TOML file (PDS_HOST_ORG_FILE); a partner profile's `contact` block has the
same fields and the same checks, and stands in for it on that partner's visits.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.policy.yamlload import DuplicateKeyError, key_lines, line_of, read_yaml
from app.referral.fields import (
    FieldProblem,
    Problem,
    ReferralConfigError,
    boolean,
    email_address,
    language_code,
    non_empty_text,
    phone_uri,
    us_phone,
    web_address,
)

WHAT = "host organization file"
REQUIRED = ("name", "phone", "doj_recognized", "has_attorneys")
OPTIONAL = ("email", "address", "hours", "languages", "website")


@dataclass(frozen=True)
class HostOrg:
    """An organization that offers legal help or finds it: the deployment's, or a partner's contact."""

    name: str
    phone: str  # 10 digits
    doj_recognized: bool
    has_attorneys: bool
    email: str | None = None
    address: str | None = None
    hours: dict[str, str] | str | None = None  # one text, or one per language code
    languages: tuple[str, ...] = ()
    website: str | None = None

    @property
    def phone_uri(self) -> str:
        return phone_uri(self.phone)

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


def _hours(value: object) -> dict[str, str] | str:
    if isinstance(value, dict):
        if not value:
            raise FieldProblem("hours must not be empty")
        return {language_code(str(lang)): non_empty_text(text, f"hours.{lang}") for lang, text in value.items()}
    return non_empty_text(value, "hours")


def _languages(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldProblem("languages must be a list of language codes, like [en, es]")
    return tuple(language_code(v) for v in value)


CHECKS = {
    "name": lambda v: non_empty_text(v, "name"),
    "phone": lambda v: us_phone(non_empty_text(v, "phone")),
    "doj_recognized": lambda v: boolean(v, "doj_recognized"),
    "has_attorneys": lambda v: boolean(v, "has_attorneys"),
    "email": lambda v: email_address(non_empty_text(v, "email")),
    "address": lambda v: non_empty_text(v, "address"),
    "hours": _hours,
    "languages": _languages,
    "website": lambda v: web_address(non_empty_text(v, "website")),
}


class HostOrgProblems(ValueError):
    """Everything wrong with a host organization's fields, one line each, with the field each is about (None: the whole)."""

    def __init__(self, located: list[tuple[str | None, str]]):
        self.located = located
        self.problems = [text for _, text in located]
        super().__init__("; ".join(self.problems))


def host_org_from(data: object) -> HostOrg:
    """The host organization a mapping of fields describes, or HostOrgProblems listing every problem found."""
    if not isinstance(data, dict):
        raise HostOrgProblems([(None, "must be a mapping of fields, like `name: ...`")])
    problems: list[tuple[str | None, str]] = [
        (key, f"{key} is not a known field (known fields: {', '.join(REQUIRED + OPTIONAL)})") for key in data if key not in CHECKS
    ]
    problems += [(key, f"{key} is missing") for key in REQUIRED if key not in data]
    values: dict[str, Any] = {}
    for key, check in CHECKS.items():
        if key in data:
            try:
                values[key] = check(data[key])
            except FieldProblem as exc:
                problems.append((key, str(exc)))
    if problems:
        raise HostOrgProblems(problems)
    return HostOrg(**values)


TOML_TABLE = re.compile(r"^\[\s*([A-Za-z0-9_.-]+)\s*\]")
TOML_KEY = re.compile(r"^\"?([A-Za-z0-9_-]+)\"?\s*=")


def _toml_key_lines(path: Path) -> dict[tuple[str | int, ...], int]:
    """The line each key of a (flat) TOML file is on, by its path: ("hours", "es") -> 9."""
    lines: dict[tuple[str | int, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if found := TOML_TABLE.match(text.strip()):
            table = tuple(found[1].split("."))
            lines.setdefault(table, number)
        elif found := TOML_KEY.match(text.strip()):
            lines.setdefault((*table, found[1]), number)
    return lines


def _parse_error_line(exc: Exception) -> int | None:
    """The line a YAML or TOML reader stopped at, when it says."""
    if isinstance(exc, DuplicateKeyError):
        return exc.line
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return mark.line + 1
    found = re.search(r"at line (\d+)", str(exc))
    return int(found[1]) if found else None


def load_host_org(path: Path) -> HostOrg:
    """The host organization in `path`, or ReferralConfigError listing every problem found, each on its line."""
    try:
        data = _read(path)
    except ReferralConfigError:
        raise
    except OSError as exc:
        raise ReferralConfigError(WHAT, path, [f"cannot be read: {exc.strerror or exc}"]) from None
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, UnicodeDecodeError) as exc:
        problem = Problem(f"is not valid {path.suffix.lstrip('.').upper()}: {exc}", _parse_error_line(exc))
        raise ReferralConfigError(WHAT, path, [problem]) from None
    try:
        return host_org_from(data)
    except HostOrgProblems as exc:
        lines = _toml_key_lines(path) if path.suffix == ".toml" else key_lines(path)
        located = [Problem(text, line_of(lines, (key,)) if key else None) for key, text in exc.located]
        raise ReferralConfigError(WHAT, path, located) from None
