"""Offline US ZIP and "City, ST" lookup through the `zipcodes` package."""

import functools
import re
from dataclasses import dataclass

import zipcodes

from .states import STATE_CODES

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
CITY_STATE_RE = re.compile(r"^\s*(.+?)\s*,\s*([A-Za-z]{2})\s*$")


class LocationNotFound(ValueError):
    """The ZIP or city could not be resolved to coordinates."""


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    city: str
    state: str
    zip_code: str = ""

    @property
    def label(self) -> str:
        return (
            f"{self.zip_code} ({self.city}, {self.state})"
            if self.zip_code
            else f"{self.city}, {self.state}"
        )


@functools.lru_cache(maxsize=4096)
def locate_zip(zip_code: str) -> Location:
    """Return the location of a 5-digit ZIP code, or raise LocationNotFound."""
    match = ZIP_RE.match(zip_code or "")
    if not match:
        raise LocationNotFound("Enter a 5-digit US ZIP code.")
    code = match.group(1)
    try:
        found = zipcodes.matching(code)
    except (ValueError, TypeError):
        found = []
    found = [z for z in found if z.get("lat") and z.get("long")]
    if not found:
        raise LocationNotFound(f"We don't know the ZIP code {code}.")
    z = found[0]
    return Location(float(z["lat"]), float(z["long"]), z["city"], z["state"], code)


@functools.cache
def _city_index() -> dict[tuple[str, str], list[dict]]:
    index: dict[tuple[str, str], list[dict]] = {}
    for z in zipcodes.list_all():
        if z.get("lat") and z.get("long") and z["zip_code_type"] in {"STANDARD", "UNIQUE"}:
            index.setdefault((z["city"].casefold(), z["state"]), []).append(z)
    return index


@functools.lru_cache(maxsize=4096)
def locate_city(city: str, state: str) -> Location:
    """Return the centre of a city (mean of its ZIP codes' coordinates)."""
    state = state.upper()
    if state not in STATE_CODES:
        raise LocationNotFound(f"{state} is not a US state code.")
    found = _city_index().get((" ".join(city.split()).casefold(), state), [])
    if not found:
        raise LocationNotFound(f"We couldn't find {city.strip()}, {state}.")
    lat = sum(float(z["lat"]) for z in found) / len(found)
    lon = sum(float(z["long"]) for z in found) / len(found)
    return Location(lat, lon, found[0]["city"], state)


def locate(text: str) -> Location:
    """Resolve a ZIP code or "City, ST" to a Location, or raise LocationNotFound."""
    text = (text or "").strip()
    if ZIP_RE.match(text):
        return locate_zip(text)
    match = CITY_STATE_RE.match(text)
    if match and len(text) <= 100:
        return locate_city(match.group(1), match.group(2))
    raise LocationNotFound('Enter a 5-digit ZIP code or a city and state, like "Portland, OR".')
