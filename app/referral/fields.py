"""Checks shared by the host organization file, partner contacts and the providers file: text, phone, web address,
e-mail, languages, true/false."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from app.errors import StartupError

_PHONE_PUNCTUATION = re.compile(r"[\s().\-+]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_HOST = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


class FieldProblem(ValueError):
    """A value that does not fit its field; the message says what is wrong, for the person who deploys."""


def non_empty_text(value: object, key: str) -> str:
    """The text without surrounding spaces; FieldProblem for anything else or for nothing but spaces."""
    if not isinstance(value, str) or not value.strip():
        raise FieldProblem(f"{key} must be a non-empty text")
    return value.strip()


def us_phone(raw: str) -> str:
    """The 10 digits of a US phone number, written any common way ("(555) 555-0100", "+1 555 555 0100")."""
    digits = _PHONE_PUNCTUATION.sub("", raw)
    if not digits.isdigit():
        raise FieldProblem(f"phone {raw!r} has characters other than digits, spaces, ( ) . - +")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        raise FieldProblem(f"phone {raw!r} is not a 10-digit US phone number")
    if digits[0] in "01" or digits[3] in "01":
        raise FieldProblem(f"phone {raw!r} is not a valid US number (area code and exchange cannot start with 0 or 1)")
    return digits


def display_phone(digits: str) -> str:
    """The 10 digits as a US phone number is usually written: (312) 555-0142."""
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


def phone_uri(digits: str) -> str:
    return f"tel:+1{digits}"


def web_address(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not _HOST.match(parts.hostname or "") or " " in raw:
        raise FieldProblem(f"website {raw!r} is not a web address starting with https:// or http://")
    return raw


def email_address(raw: str) -> str:
    if not _EMAIL.match(raw):
        raise FieldProblem(f"email {raw!r} is not an e-mail address")
    return raw


def language_code(raw: str) -> str:
    """A language code Babel knows ("en", "es", "zh-Hant"), so its name can be shown in any language."""
    code = raw.strip().replace("-", "_")
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise FieldProblem(f"language {raw!r} is not a language code such as en, es, ht, zh") from None
    return code


def boolean(raw: object, name: str) -> bool:
    # YAML (true/false only: the strict reader keeps yes/no as text) and TOML give booleans; "true"/"false" quoted too.
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise FieldProblem(f"{name} must be true or false, not {raw!r}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a deployment file, and the line it is on when it is on one (a missing field is on none)."""

    text: str
    line: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.text}" if self.line else self.text


class ReferralConfigError(StartupError, ValueError):
    """A deployment file that cannot be used. Its text is what the check command prints and why the app will not start."""

    def __init__(self, what: str, path: object, problems: Sequence[str | Problem]):
        self.what, self.path = what, path
        self.located = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        self.problems = [str(p) for p in self.located]
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        super().__init__("\n".join([f"{what} {path} has {count}:", *(f"  {p}" for p in self.problems)]))
