"""Local legal-help providers: a CSV file the deploying organization keeps, read and checked row by row.

Check a file with `python -m app.referral.providers check PATH`: it prints each bad row with its line
number and exits 1; the app refuses to start on the same file with the same message.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.referral.directories import N_
from app.referral.fields import FieldProblem, Problem, ReferralConfigError, language_code, us_phone, web_address
from app.referral.nearby import ZipProblem, stale_before, zip_location

WHAT = "providers file"
COLUMNS = ("name", "kind", "languages", "phone", "website", "address", "zip", "services", "last_verified")
KINDS = {
    "attorney": N_("Lawyer"),
    "doj_recognized": N_("DOJ-recognized organization"),
    "nonprofit": N_("Nonprofit organization"),
    "referral_service": N_("Referral service"),
}
LIST_SEPARATOR = ";"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Provider:
    line: int
    name: str
    kind: str
    languages: tuple[str, ...]
    phone: str | None  # 10 digits
    website: str | None
    address: str
    zip: str
    services: tuple[str, ...]
    last_verified: date
    location: tuple[float, float]

    def is_stale(self, today: date) -> bool:
        return self.last_verified < stale_before(today)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def _row(line: int, row: dict[str, str]) -> tuple[Provider | None, list[str]]:
    """One provider from a CSV row, or the list of what is wrong with it."""
    value = {column: (row.get(column) or "").strip() for column in COLUMNS}
    problems: list[str] = []

    def check(fn, *args):
        try:
            return fn(*args)
        except FieldProblem as exc:
            problems.append(str(exc))
            return None

    if not value["name"]:
        problems.append("name is empty")
    if value["kind"] not in KINDS:
        problems.append(f"kind {value['kind']!r} is not one of: {', '.join(KINDS)}")
    languages = tuple(filter(None, (check(language_code, code) for code in _split(value["languages"]))))
    phone = check(us_phone, value["phone"]) if value["phone"] else None
    website = check(web_address, value["website"]) if value["website"] else None
    if not value["phone"] and not value["website"]:
        problems.append("give a phone or a website, so people can reach the provider")
    location = None
    try:
        location = zip_location(value["zip"])
    except ZipProblem as exc:
        reason = "is not a 5-digit ZIP code" if exc.code == "malformed" else "is not a known US ZIP code"
        problems.append(f"zip {value['zip']!r} {reason}")
    verified = None
    if ISO_DATE.match(value["last_verified"]):
        try:
            verified = date.fromisoformat(value["last_verified"])
        except ValueError:
            pass
    if verified is None:
        problems.append(f"last_verified {value['last_verified']!r} is not a date written YYYY-MM-DD")
    if problems or verified is None or location is None:
        return None, problems
    return Provider(line, value["name"], value["kind"], languages, phone, website, value["address"],
                    value["zip"][:5], tuple(_split(value["services"])), verified, location), []


def load_providers(path: Path) -> tuple[Provider, ...]:
    """Every provider in the CSV at `path`, or ReferralConfigError naming each bad row by its line number."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ReferralConfigError(WHAT, path, [f"cannot be read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ReferralConfigError(WHAT, path, ["is not UTF-8 text: save it as “CSV UTF-8”"]) from None
    reader = csv.reader(text.splitlines(keepends=True))  # not DictReader: it hides blank lines from line counts
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        bad_header = [f"missing column {c!r}" for c in missing] + [f"unknown column {h!r}" for h in unknown]
        raise ReferralConfigError(WHAT, path, [Problem(p, 1) for p in [*bad_header, f"the columns are: {','.join(COLUMNS)}"]])
    providers: list[Provider] = []
    problems: list[Problem] = []
    line_after = reader.line_num
    try:
        for fields in reader:
            line, line_after = line_after + 1, reader.line_num  # the row's first line, even for a quoted line break
            if not any(f.strip() for f in fields):
                continue  # a blank line
            if len(fields) > len(header):
                problems.append(Problem(f"has more fields than the {len(COLUMNS)} columns", line))
                continue
            # A short row leaves its last columns empty.
            provider, wrong = _row(line, dict(zip(header, fields, strict=False)))
            problems += [Problem(w, line) for w in wrong]
            if provider:
                providers.append(provider)
    except csv.Error as exc:
        problems.append(Problem(str(exc), reader.line_num))
    if problems:
        raise ReferralConfigError(WHAT, path, problems)
    return tuple(providers)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "check":
        print("usage: python -m app.referral.providers check PATH", file=sys.stderr)
        return 2
    try:
        providers = load_providers(Path(args[1]))
    except ReferralConfigError as exc:
        print(exc)
        return 1
    print(f"{WHAT} {args[1]} is valid: {len(providers)} providers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
