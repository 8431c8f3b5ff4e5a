"""ZIP codes to places and distances, offline, with the `zipcodes` package's data; which entries are stale."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar

import zipcodes

ZIP_FORMAT = re.compile(r"^(\d{5})(?:-\d{4})?$")
EARTH_RADIUS_MILES = 3958.8
DEFAULT_RADIUS_MILES = 100.0
DEFAULT_LIMIT = 10
STALE_AFTER_MONTHS = 12


class ZipProblem(ValueError):
    """The text is not a ZIP code (`malformed`), or no such ZIP code exists (`unknown`)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def normalize_zip(raw: str) -> str:
    """The 5-digit ZIP in `raw` ("02139", " 02139-4307 "), or ZipProblem("malformed")."""
    match = ZIP_FORMAT.match(raw.strip())
    if not match:
        raise ZipProblem("malformed")
    return match.group(1)


def zip_location(raw: str) -> tuple[float, float]:
    """(latitude, longitude) of a ZIP code, or ZipProblem."""
    found = zipcodes.matching(normalize_zip(raw))
    if not found:
        raise ZipProblem("unknown")
    return float(found[0]["lat"]), float(found[0]["long"])


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def stale_before(today: date) -> date:
    """Entries last verified before this date are more than 12 months old."""
    year = today.year - STALE_AFTER_MONTHS // 12
    try:
        return today.replace(year=year)
    except ValueError:  # February 29 in a year that has none
        return today.replace(year=year, day=28)


class Located(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def location(self) -> tuple[float, float]: ...


PlaceT = TypeVar("PlaceT", bound=Located)


@dataclass(frozen=True)
class Nearby(Generic[PlaceT]):
    provider: PlaceT
    miles: float


def nearest(providers: Iterable[PlaceT], origin: tuple[float, float], *,
            radius_miles: float = DEFAULT_RADIUS_MILES, limit: int = DEFAULT_LIMIT) -> list[Nearby[PlaceT]]:
    """The providers within `radius_miles` of `origin`, nearest first (ties by name)."""
    found = [Nearby(p, haversine_miles(origin, p.location)) for p in providers]
    found = [n for n in found if n.miles <= radius_miles]
    found.sort(key=lambda n: (n.miles, n.provider.name.casefold()))
    return found[:limit]
