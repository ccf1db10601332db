"""FHIR R4 provider directory: CapabilityStatement, Location, PractitionerRole.

In the style of HL7's National Directory and Da Vinci Plan-Net: a
PractitionerRole says where (Location) a Practitioner works, in which
specialty (NUCC taxonomy 171100000X) and whether they take new patients. Each
clinic of a verified, published practitioner is one Location and one role
(the same id). Every error answers an OperationOutcome.
"""

import re
from functools import partial
from urllib.parse import urlencode

from django.urls import reverse
from django.views.decorators.http import require_safe

from core.numbers import parse_positive_int
from practitioners.models import Clinic

from .fhir import (
    ACUPUNCTURIST_TAXONOMY,
    DEFAULT_COUNT,
    MAX_COUNT,
    TAXONOMY_SYSTEM,
    _base,
    _bounded_int,
    exported_practitioners,
    fhir_response,
    operation_outcome,
    payment_extensions,
    practitioner_resource,
)

FHIR_VERSION = "4.0.1"
MAX_NEAR_MILES = 500
NEAR_RE = re.compile(r"^(-?\d{1,3}(?:\.\d+)?)\|(-?\d{1,3}(?:\.\d+)?)(?:\|(\d{1,3}(?:\.\d+)?)(?:\|(mi|km|\[mi_i\]))?)?$")  # fmt: skip
PAGING = ("_count", "_offset")
SEARCH_PARAMS = {
    "Practitioner": {"name": "string", "address-postalcode": "string"},
    "Location": {"address-postalcode": "string", "near": "special"},
    "PractitionerRole": {
        "practitioner": "reference",
        "location": "reference",
        "specialty": "token",
        "address-postalcode": "string",
    },  # fmt: skip
}
INCLUDES = {"PractitionerRole": ["PractitionerRole:practitioner", "PractitionerRole:location"]}


class BadParameter(ValueError):
    pass


def exported_clinics():
    """Clinics of verified, published practitioners, the locations the directory exports."""
    return (
        Clinic.objects.filter(practitioner__in=exported_practitioners().values("pk"))
        .select_related("practitioner")
        .order_by("practitioner__last_name", "practitioner__first_name", "pk")
    )


def location_resource(clinic: Clinic) -> dict:
    address = {"use": "work", "line": [x for x in (clinic.address_line1, clinic.address_line2) if x],
               "city": clinic.city, "state": clinic.state, "postalCode": clinic.zip_code,
               "country": "US"}  # fmt: skip
    resource = {
        "resourceType": "Location",
        "id": str(clinic.pk),
        "status": "active",
        "name": clinic.name,
        "address": address,
        "position": {"latitude": clinic.latitude, "longitude": clinic.longitude},
    }
    if clinic.phone:
        resource["telecom"] = [{"system": "phone", "value": clinic.phone, "use": "work"}]
    return resource


def role_resource(clinic: Clinic, base: str) -> dict:
    practitioner = clinic.practitioner
    resource = {
        "resourceType": "PractitionerRole",
        "id": str(clinic.pk),
        "active": True,
        "practitioner": {
            "reference": f"Practitioner/{practitioner.pk}",
            "display": practitioner.full_name,
        },
        "location": [{"reference": f"Location/{clinic.pk}", "display": clinic.name}],
        "specialty": [
            {
                "coding": [
                    {
                        "system": TAXONOMY_SYSTEM,
                        "code": ACUPUNCTURIST_TAXONOMY,
                        "display": "Acupuncturist",
                    }  # fmt: skip
                ]
            }
        ],
        "availabilityExceptions": "Accepting new patients"
        if practitioner.accepting_new_patients
        else "Not accepting new patients",
        "extension": [
            {
                "url": "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/newpatients",
                "extension": [
                    {
                        "url": "acceptingPatients",
                        "valueCodeableConcept": {
                            "coding": [
                                {
                                    "system": "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/AcceptingPatientsCS",
                                    "code": "newpt"
                                    if practitioner.accepting_new_patients
                                    else "nopt",
                                }
                            ]
                        },
                    }  # fmt: skip
                ],
            },
            *payment_extensions(practitioner, base),
        ],
    }
    return resource


def _reference_id(value: str, resource_type: str) -> int:
    number = parse_positive_int(value.removeprefix(f"{resource_type}/"))
    if number is None:
        raise BadParameter(f"Expected {resource_type}/<id> or an id, got {value!r}.")
    return number


def _check_params(request, resource_type: str) -> None:
    allowed = set(SEARCH_PARAMS[resource_type]) | set(PAGING)
    if resource_type in INCLUDES:
        allowed.add("_include")
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise BadParameter(
            f"Unsupported search parameter(s) for {resource_type}: {', '.join(unknown)}. "
            "See /fhir/metadata."
        )


def _postal(request, queryset):
    postal = request.GET.get("address-postalcode", "").strip()
    if postal and not re.fullmatch(r"[0-9]{1,5}", postal):
        raise BadParameter("address-postalcode must be up to 5 digits.")
    return queryset.filter(zip_code__startswith=postal) if postal else queryset


def _near(request, queryset):
    near = request.GET.get("near", "").strip()
    if not near:
        return queryset
    match = NEAR_RE.match(near)
    if not match:
        raise BadParameter(
            "near must look like latitude|longitude|distance|mi, e.g. 45.5|-122.6|10|mi."
        )
    latitude, longitude = float(match[1]), float(match[2])
    miles = float(match[3] or 10)
    if match[4] == "km":
        miles /= 1.609344
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or not 0 < miles <= MAX_NEAR_MILES:
        raise BadParameter(
            f"near needs a real latitude and longitude and a distance up to {MAX_NEAR_MILES} mi."
        )
    return queryset.within(latitude, longitude, miles).order_by("miles", "pk")


def _role_filters(request, queryset):
    if value := request.GET.get("practitioner", "").strip():
        queryset = queryset.filter(practitioner_id=_reference_id(value, "Practitioner"))
    if value := request.GET.get("location", "").strip():
        queryset = queryset.filter(pk=_reference_id(value, "Location"))
    if value := request.GET.get("specialty", "").strip():
        system, _, code = value.rpartition("|")
        if code != ACUPUNCTURIST_TAXONOMY or system not in ("", TAXONOMY_SYSTEM):
            queryset = queryset.none()
    return queryset


def _includes(request) -> list[str]:
    includes = request.GET.getlist("_include")
    for value in includes:
        if value not in INCLUDES["PractitionerRole"]:
            raise BadParameter(f"_include supports {' and '.join(INCLUDES['PractitionerRole'])}.")
    return includes


def _page_url(request, name: str, count: int, offset: int) -> str:
    params = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k not in PAGING]
    query = urlencode([*params, ("_count", count), ("_offset", offset)])
    return request.build_absolute_uri(reverse(name)) + f"?{query}"


def _search(request, resource_type: str, url_name: str):
    try:
        _check_params(request, resource_type)
        count = _bounded_int(request, "_count", DEFAULT_COUNT, 1, MAX_COUNT)
        offset = _bounded_int(request, "_offset", 0, 0, 10_000_000)
        queryset = _postal(request, exported_clinics())
        includes = []
        if resource_type == "Location":
            queryset = _near(request, queryset)
        else:
            queryset = _role_filters(request, queryset)
            includes = _includes(request)
    except (BadParameter, ValueError) as exc:
        return operation_outcome("invalid", str(exc), 400)
    total = queryset.count()
    page = list(queryset[offset : offset + count])
    base = _base(request)
    build = location_resource if resource_type == "Location" else partial(role_resource, base=base)
    entries = [{"fullUrl": f"{base}/{resource_type}/{c.pk}", "resource": build(c),
                "search": {"mode": "match"}} for c in page]  # fmt: skip
    if "PractitionerRole:location" in includes:
        entries += [{"fullUrl": f"{base}/Location/{c.pk}", "resource": location_resource(c),
                     "search": {"mode": "include"}} for c in page]  # fmt: skip
    if "PractitionerRole:practitioner" in includes:
        ids = {c.practitioner_id for c in page}
        for p in exported_practitioners().filter(pk__in=ids):
            entries.append({"fullUrl": f"{base}/Practitioner/{p.pk}",
                            "resource": practitioner_resource(p, base),
                            "search": {"mode": "include"}})  # fmt: skip
    links = [{"relation": "self", "url": _page_url(request, url_name, count, offset)}]
    if offset + count < total:
        links.append(
            {"relation": "next", "url": _page_url(request, url_name, count, offset + count)}
        )
    bundle = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links}
    if entries:
        bundle["entry"] = entries
    return fhir_response(bundle)


def _read(resource_type: str, pk: str, build):
    number = parse_positive_int(pk)
    clinic = exported_clinics().filter(pk=number).first() if number else None
    if clinic is None:
        return operation_outcome("not-found", f"{resource_type}/{pk} does not exist.", 404)
    return fhir_response(build(clinic))


@require_safe
def location_search(request):
    return _search(request, "Location", "fhir:location-search")


@require_safe
def location_read(request, pk: str):
    return _read("Location", pk, location_resource)


@require_safe
def role_search(request):
    return _search(request, "PractitionerRole", "fhir:role-search")


@require_safe
def role_read(request, pk: str):
    return _read("PractitionerRole", pk, partial(role_resource, base=_base(request)))


@require_safe
def metadata(request):
    def resource(kind: str) -> dict:
        entry = {
            "type": kind,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [{"name": n, "type": t} for n, t in SEARCH_PARAMS[kind].items()],
        }
        if kind in INCLUDES:
            entry["searchInclude"] = INCLUDES[kind]
        return entry

    verification = {"type": "VerificationResult", "interaction": [{"code": "search-type"}],
                    "searchParam": [{"name": "target", "type": "reference"}]}  # fmt: skip
    return fhir_response({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-01",
        "kind": "instance",
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json"],
        "implementation": {"description": "Acupuncturist directory", "url": _base(request)},
        "rest": [{"mode": "server", "resource": [
            *(resource(k) for k in SEARCH_PARAMS), verification]}],
    })  # fmt: skip


def unknown(request, path: str):
    return operation_outcome(
        "not-supported", f"/fhir/{path} is not a supported resource or interaction.", 404
    )
