"""Ask the NPI Registry API about one NPI, to prefill a new profile.

Off unless `NPI_REGISTRY_URL` is set. One short request (TIMEOUT_SECONDS), the
answer cached a day, and every failure is an `NpiLookupError` whose message the
page shows before falling back to manual entry. Nothing here saves anything.
"""

import json
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.cache import cache

from .validators import ACUPUNCTURIST_TAXONOMY, is_valid_npi

TIMEOUT_SECONDS = 2.5
CACHE_SECONDS = 24 * 60 * 60
API_VERSION = "2.1"
MANUAL = "Please fill in your details yourself."


class NpiLookupError(Exception):
    """The lookup gave nothing usable; str() is the message for the page."""


@dataclass(frozen=True)
class NpiRecord:
    npi: str
    first_name: str
    last_name: str
    credential: str = ""
    address_line1: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    phone: str = ""
    license_number: str = ""
    license_state: str = ""


def lookup_enabled() -> bool:
    return bool(settings.NPI_REGISTRY_URL)


def lookup_npi(npi: str) -> NpiRecord:
    """The registry's record for `npi`, or NpiLookupError with a message."""
    npi = (npi or "").strip()
    if not lookup_enabled():
        raise NpiLookupError(f"The NPI lookup is not available here. {MANUAL}")
    if not is_valid_npi(npi):
        raise NpiLookupError("Enter your 10-digit NPI with its correct check digit to look it up.")
    key = f"npi-lookup:{npi}"
    payload = cache.get(key)
    if payload is None:
        payload = _fetch(npi)
        cache.set(key, payload, CACHE_SECONDS)
    return parse_record(npi, payload)


def _fetch(npi: str) -> dict:
    base = settings.NPI_REGISTRY_URL
    if not base.startswith(("https://", "http://")):
        raise NpiLookupError(f"The NPI lookup is not set up correctly. {MANUAL}")
    query = urlencode({"version": API_VERSION, "number": npi})
    separator = "&" if "?" in base else "?"
    request = Request(f"{base}{separator}{query}", headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (http(s) only, checked above)
            body = response.read()
    except HTTPError as exc:
        raise NpiLookupError(
            f"The NPI Registry answered with an error ({exc.code}). {MANUAL}"
        ) from exc
    except (URLError, TimeoutError, OSError) as exc:
        raise NpiLookupError(f"The NPI Registry did not answer in time. {MANUAL}") from exc
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise NpiLookupError(
            f"The NPI Registry sent an answer we could not read. {MANUAL}"
        ) from exc
    if not isinstance(payload, dict):
        raise NpiLookupError(f"The NPI Registry sent an answer we could not read. {MANUAL}")
    return payload


def _text(mapping: dict, name: str) -> str:
    value = mapping.get(name) if isinstance(mapping, dict) else None
    return value.strip() if isinstance(value, str) else ""


def parse_record(npi: str, payload: dict) -> NpiRecord:
    """Map a v2.1 answer to an NpiRecord; not found or not an acupuncturist: NpiLookupError."""
    results = payload.get("results")
    if not isinstance(results, list) or not results or not isinstance(results[0], dict):
        raise NpiLookupError(f"The NPI Registry has no record of NPI {npi}. {MANUAL}")
    result = results[0]
    taxonomies = [t for t in result.get("taxonomies") or [] if isinstance(t, dict)]
    taxonomy = next((t for t in taxonomies if t.get("code") == ACUPUNCTURIST_TAXONOMY), None)
    if taxonomy is None:
        raise NpiLookupError(
            f"NPI {npi} is not registered as an acupuncturist, so we did not use it. {MANUAL}"
        )
    basic = result.get("basic") if isinstance(result.get("basic"), dict) else {}
    first_name, last_name = _text(basic, "first_name"), _text(basic, "last_name")
    if not (first_name or last_name):
        raise NpiLookupError(f"The NPI Registry lists no person's name for NPI {npi}. {MANUAL}")
    addresses = [a for a in result.get("addresses") or [] if isinstance(a, dict)]
    location = next((a for a in addresses if a.get("address_purpose") == "LOCATION"), {})
    return NpiRecord(
        npi=npi,
        first_name=first_name.title(),
        last_name=last_name.title(),
        credential=_text(basic, "credential"),
        address_line1=_text(location, "address_1").title(),
        city=_text(location, "city").title(),
        state=_text(location, "state").upper()[:2],
        zip_code=_text(location, "postal_code")[:5],
        phone=_text(location, "telephone_number"),
        license_number=_text(taxonomy, "license"),
        license_state=_text(taxonomy, "state").upper()[:2],
    )
