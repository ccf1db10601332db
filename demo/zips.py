"""Real US ZIP codes for the demo clinics, and the metro areas they cluster in."""

import bisect
import functools
import random
from dataclasses import dataclass

import zipcodes

from core.states import STATE_CODES
from practitioners.geo import great_circle_miles

# A dozen real metro ZIP codes; a good share of practitioners cluster around
# them so radius searches from these ZIPs show full result pages.
METRO_CENTERS = (
    "97214",  # Portland, OR
    "10001",  # New York, NY
    "94110",  # San Francisco, CA
    "90012",  # Los Angeles, CA
    "60614",  # Chicago, IL
    "78701",  # Austin, TX
    "02139",  # Cambridge, MA
    "98103",  # Seattle, WA
    "80202",  # Denver, CO
    "33130",  # Miami, FL
    "30307",  # Atlanta, GA
    "55406",  # Minneapolis, MN
)
METRO_RADIUS_MILES = 15.0
METRO_SHARE = 0.45


@dataclass(frozen=True, slots=True)
class Zip:
    code: str
    city: str
    state: str
    latitude: float
    longitude: float
    area_code: str


@functools.cache
def standard_zips() -> tuple[Zip, ...]:
    """Return every active STANDARD US ZIP code with coordinates, sorted by code."""
    found = []
    for z in zipcodes.list_all():
        if z["zip_code_type"] != "STANDARD" or not z.get("active", True):
            continue
        if not (z.get("lat") and z.get("long")) or z["state"] not in STATE_CODES:
            continue
        area_code = (z.get("area_codes") or ["555"])[0]
        found.append(
            Zip(z["zip_code"], z["city"], z["state"], float(z["lat"]), float(z["long"]), area_code)
        )
    return tuple(sorted(found, key=lambda z: z.code))


@functools.cache
def zip_by_code() -> dict[str, Zip]:
    """Return the standard ZIP codes by code."""
    return {z.code: z for z in standard_zips()}


@functools.cache
def zips_by_state() -> dict[str, tuple[Zip, ...]]:
    """Return the standard ZIP codes of each state, sorted by code."""
    by_state: dict[str, list[Zip]] = {}
    for z in standard_zips():
        by_state.setdefault(z.state, []).append(z)
    return {state: tuple(zips) for state, zips in by_state.items()}


@functools.cache
def metro_zips() -> tuple[tuple[Zip, ...], ...]:
    """Return, per metro centre, the same-state ZIP codes within the metro radius."""
    metros = []
    for code in METRO_CENTERS:
        centre = zip_by_code()[code]
        metros.append(
            tuple(
                z
                for z in zips_by_state()[centre.state]
                if great_circle_miles(centre.latitude, centre.longitude, z.latitude, z.longitude)
                <= METRO_RADIUS_MILES
            )
        )
    return tuple(metros)


def pick_zip(rng: random.Random, index: int) -> tuple[Zip, int | None]:
    """Choose practitioner `index`'s primary ZIP code; return it and its metro, if any."""
    metros = metro_zips()
    # The first practitioners sit at the metro centres, so every metro has someone.
    if index < len(metros):
        return zip_by_code()[METRO_CENTERS[index]], index
    if rng.random() < METRO_SHARE:
        metro = rng.randrange(len(metros))
        return rng.choice(metros[metro]), metro
    return rng.choice(standard_zips()), None


def nearby_zip(rng: random.Random, primary: Zip, metro: int | None) -> Zip:
    """Choose a second clinic's ZIP code near the primary one."""
    if metro is not None:
        return rng.choice(metro_zips()[metro])
    # Numerically close ZIP codes in one state are usually close on the map.
    state_zips = zips_by_state()[primary.state]
    position = bisect.bisect_left(state_zips, primary.code, key=lambda z: z.code)
    position = min(max(position + rng.choice((-2, -1, 1, 2)), 0), len(state_zips) - 1)
    return state_zips[position]
