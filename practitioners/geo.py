"""Offline US ZIP and "City, ST" lookup through the `zipcodes` package."""

import difflib
import functools
import math
import re
from dataclasses import dataclass

import zipcodes
from django.db.models import F
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from core.states import STATE_CODES

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
CITY_STATE_RE = re.compile(r"^\s*(.+?)\s*,\s*([A-Za-z]{2})\s*$")
MILES_PER_DEGREE_LATITUDE = 69.0
EARTH_RADIUS_MILES = 3958.8
PLACE_HINT = 'Enter a 5-digit ZIP code or a city and state, like "Portland, OR".'


MAX_SUGGESTIONS = 8


class LocationNotFound(ValueError):
    """The ZIP or city could not be resolved to coordinates."""

    def __init__(self, message: str, *, suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        # "City, ST" places the patient may have meant, most likely first.
        self.suggestions = suggestions


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    city: str
    state: str
    zip_code: str = ""

    @property
    def query(self) -> str:
        """What to send as `near` to find this place again."""
        return self.zip_code or f"{self.city}, {self.state}"

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


@functools.cache
def _cities_by_name() -> dict[str, list[tuple[str, str]]]:
    """Each city name (casefolded) to its (City, ST) places, the ones with most ZIPs first."""
    names: dict[str, list[tuple[int, str, str]]] = {}
    for (name, state), found in _city_index().items():
        names.setdefault(name, []).append((-len(found), found[0]["city"], state))
    return {name: [(city, st) for _, city, st in sorted(places)] for name, places in names.items()}


def load_places() -> None:
    """Read the offline ZIP table and index its cities now (at start-up), not in a request."""
    _cities_by_name()


def cities_named(name: str) -> tuple[str, ...]:
    """Return "City, ST" for every state that has a city of this name, largest first."""
    places = _cities_by_name().get(" ".join(name.split()).casefold(), [])
    return tuple(f"{city}, {state}" for city, state in places[:MAX_SUGGESTIONS])


def similar_cities(name: str, state: str = "") -> tuple[str, ...]:
    """Return "City, ST" for the city names closest in spelling to `name` (a typo's fix)."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return ()
    if state:
        pool = [n for (n, st) in _city_index() if st == state]
    else:
        # The first letter is rarely the typo, and it keeps the comparison quick.
        pool = [n for n in _cities_by_name() if n[:1] == wanted[:1]]
    close = difflib.get_close_matches(wanted, pool, n=3, cutoff=0.8)
    names = _cities_by_name()
    suggestions = [
        f"{city}, {st}" for n in close for city, st in names[n] if not state or st == state
    ]
    return tuple(suggestions[:MAX_SUGGESTIONS])


@functools.lru_cache(maxsize=4096)
def locate_city(city: str, state: str) -> Location:
    """Return the centre of a city (mean of its ZIP codes' coordinates)."""
    state = state.upper()
    if state not in STATE_CODES:
        raise LocationNotFound(f"{state} is not a US state code.")
    found = _city_index().get((" ".join(city.split()).casefold(), state), [])
    if not found:
        suggestions = similar_cities(city, state)
        raise LocationNotFound(
            f"We couldn't find {city.strip()}, {state}."
            + (" Did you mean one of these?" if suggestions else ""),
            suggestions=suggestions,
        )
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
    if len(text) <= 100 and not any(ch.isdigit() for ch in text):
        # A city without its state: offer the states that have one, or the
        # spellings closest to it.
        if places := cities_named(text):
            raise LocationNotFound(
                f"Which {places[0].rsplit(',', 1)[0]}? Choose one, or add its state.",
                suggestions=places,
            )
        if close := similar_cities(text):
            raise LocationNotFound(
                f"We couldn't find {text}. Did you mean one of these?", suggestions=close
            )
    raise LocationNotFound(PLACE_HINT)


def bounding_box(
    latitude: float, longitude: float, miles: float
) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lon, max_lon) enclosing a circle of `miles`."""
    dlat = miles / MILES_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    dlon = miles / (MILES_PER_DEGREE_LATITUDE * cos_lat)
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def great_circle_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def haversine_miles(latitude: float, longitude: float):
    """Great-circle distance from a point to a row's latitude/longitude, as SQL."""
    lat0, lon0 = Radians(latitude), Radians(longitude)
    dlat = (Radians(F("latitude")) - lat0) / 2
    dlon = (Radians(F("longitude")) - lon0) / 2
    a = Power(Sin(dlat), 2) + Cos(lat0) * Cos(Radians(F("latitude"))) * Power(Sin(dlon), 2)
    return 2 * EARTH_RADIUS_MILES * ASin(Sqrt(a))
