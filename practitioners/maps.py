"""What the results and profile maps show: numbered points, the searched circle, tile settings."""

from urllib.parse import quote_plus

from django.conf import settings

from .geo import Location, great_circle_miles


def tiles() -> dict:
    """The base-map settings the map script reads (empty URL: state outlines only)."""
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


def _nearest_clinic(practitioner, location: Location | None):
    clinics = getattr(practitioner, "clinic_list", [])
    if location is None or not clinics:
        return getattr(practitioner, "primary_clinic", None)
    return min(
        clinics,
        key=lambda c: great_circle_miles(
            location.latitude, location.longitude, c.latitude, c.longitude
        ),
    )


def results_map(results, *, start: int, location: Location | None, radius: int) -> dict:
    """One marker per result (its clinic nearest the search), numbered as in the list."""
    markers = []
    for number, practitioner in enumerate(results, start=start):
        clinic = _nearest_clinic(practitioner, location)
        if clinic is None:
            continue
        markers.append(
            {
                "number": number,
                "name": practitioner.full_name,
                "place": f"{clinic.city}, {clinic.state}",
                "url": getattr(practitioner, "card_url", None) or practitioner.get_absolute_url(),
                "lat": clinic.latitude,
                "lon": clinic.longitude,
            }
        )
    circle = (
        {
            "lat": location.latitude,
            "lon": location.longitude,
            "miles": radius,
            "label": location.label,
        }
        if location
        else None
    )
    return {"markers": markers, "circle": circle, "tiles": tiles()}


def directions_url(clinic) -> str:
    """A directions link to the clinic's street address (works in any maps app's browser page)."""
    address = ", ".join(
        part
        for part in (
            clinic.address_line1,
            clinic.address_line2,
            clinic.city,
            f"{clinic.state} {clinic.zip_code}".strip(),
        )
        if part
    )
    return f"https://www.google.com/maps/dir/?api=1&destination={quote_plus(address)}"


def profile_map(clinics) -> dict:
    """One marker per clinic of a profile, numbered in the page's order."""
    markers = [
        {
            "number": number,
            "name": clinic.name,
            "place": f"{clinic.address_line1}, {clinic.city}, {clinic.state}",
            "url": directions_url(clinic),
            "lat": clinic.latitude,
            "lon": clinic.longitude,
        }
        for number, clinic in enumerate(clinics, start=1)
    ]
    return {"markers": markers, "circle": None, "tiles": tiles()}
