"""FHIR R4 export of verified, published practitioners (read and search).

Verification is expressed as VerificationResult resources in the style of the
FHIR National Directory: they are included in search bundles and linked from
each Practitioner (`/fhir/VerificationResult?target=Practitioner/<id>`).
"""

import json
import re
import unicodedata

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.numbers import parse_positive_int
from practitioners.models import PAYMENT_OPTIONS, Clinic, Practitioner
from practitioners.validators import ACUPUNCTURIST_TAXONOMY
from verification.models import (
    FHIR_VERIFICATION_STATUS,
    Credential,
    License,
    PrimarySource,
    VerificationStatus,
)

FHIR_JSON = "application/fhir+json"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
TAXONOMY_SYSTEM = "http://nucc.org/provider-taxonomy"
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
PRIMARY_SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/verificationresult-primary-source-type"
VALIDATION_TYPE = "http://terminology.hl7.org/CodeSystem/verificationresult-validation-type"
VALIDATION_STATUS = "http://terminology.hl7.org/CodeSystem/verificationresult-validation-status"
MAX_COUNT = 100
DEFAULT_COUNT = 20

SOURCE_TYPE = {
    PrimarySource.STATE_BOARD_LOOKUP: "lic-board",
    PrimarySource.BOARD_ROSTER: "lic-board",
    PrimarySource.NCCAOM_REGISTRY: "bd-cert",
    PrimarySource.ISSUER_LETTER: "bd-cert",
}


def fhir_response(data: dict, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type=FHIR_JSON)


def operation_outcome(code: str, diagnostics: str, status: int) -> HttpResponse:
    return fhir_response(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": diagnostics}],
        },
        status=status,
    )


def exported_practitioners():
    """Verified, published practitioners with what the export shows."""
    return (
        Practitioner.objects.listed()
        .verified()
        .prefetch_related(
            Prefetch("clinics", queryset=Clinic.objects.order_by("-is_primary", "name")),
            Prefetch(
                "licenses",
                queryset=License.objects.select_related("board").order_by("state", "number"),
            ),
            Prefetch("credentials", queryset=Credential.objects.order_by("kind")),
            "languages",
        )
        .order_by("last_name", "first_name", "pk")
    )


def _period(record) -> dict:
    period = {}
    if record.issued_on:
        period["start"] = record.issued_on.isoformat()
    if record.expires_on:
        period["end"] = record.expires_on.isoformat()
    return period


def _records(practitioner) -> list:
    """Licenses then credentials, in the order of Practitioner.qualification."""
    return [*practitioner.licenses.all(), *practitioner.credentials.all()]


def practitioner_resource(p: Practitioner, base: str) -> dict:
    identifiers = []
    if p.npi:
        identifiers.append({"use": "official", "system": NPI_SYSTEM, "value": p.npi})
    for lic in p.licenses.all():
        identifiers.append(
            {
                "use": "official",
                "type": {
                    "coding": [{"system": V2_0203, "code": "LN", "display": "License number"}]
                },
                "system": f"urn:us-state-license:{lic.state.lower()}",
                "value": lic.number,
            }
        )
    telecom = []
    if p.phone:
        telecom.append({"system": "phone", "value": p.phone, "use": "work"})
    if p.email:
        telecom.append({"system": "email", "value": p.email, "use": "work"})
    if p.website:
        telecom.append({"system": "url", "value": p.website, "use": "work"})
    qualification = []
    for record in _records(p):
        is_license = record.record_kind == "license"
        entry = {
            "identifier": [
                {"value": record.number if is_license else (record.identifier or record.kind)}
            ],
            "code": {
                "coding": [
                    {
                        "system": TAXONOMY_SYSTEM,
                        "code": ACUPUNCTURIST_TAXONOMY,
                        "display": "Acupuncturist",
                    }
                ],
                "text": record.get_title_display() if is_license else record.get_kind_display(),
            },
            "issuer": {
                "display": (
                    (
                        record.board.name
                        if record.board and record.board.name
                        else f"{record.get_state_display()} licensing board"
                    )
                    if is_license
                    else record.issuer
                )
            },
        }
        if period := _period(record):
            entry["period"] = period
        qualification.append(entry)
    resource = {
        "resourceType": "Practitioner",
        "id": str(p.pk),
        "meta": {"lastUpdated": p.updated_at.isoformat()},
        "text": {
            "status": "generated",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{_xhtml(p.full_name)}, acupuncturist</div>',
        },
        "identifier": identifiers,
        "active": True,
        "name": [
            {"use": "official", "text": p.full_name, "family": p.last_name, "given": [p.first_name]}
        ],
        "address": [
            {
                "use": "work",
                "line": [line for line in (c.address_line1, c.address_line2) if line],
                "city": c.city,
                "state": c.state,
                "postalCode": c.zip_code,
                "country": "US",
            }
            for c in p.clinics.all()
        ],
        "communication": [
            {"coding": [{"system": "urn:ietf:bcp:47", "code": lang.code, "display": lang.name}]}
            for lang in p.languages.all()
        ],
        "qualification": qualification,
    }
    if telecom:
        resource["telecom"] = telecom
    if payment := payment_extensions(p, base):
        resource["extension"] = payment
    for key in ("identifier", "address", "communication", "qualification"):
        if not resource[key]:
            del resource[key]
    return resource


def payment_extensions(p: Practitioner, base: str) -> list[dict]:
    """The payment options a practitioner takes, as FHIR extensions.

    FHIR R4 has no element for them on Practitioner (nor PractitionerRole), so
    each is one `payment-option` extension whose coding is the search value
    (`medicare`, `hsa-fsa`, ...) and whose display is what the profile shows;
    Medicaid names its state and private insurance the plans as entered.
    """
    url = f"{base}/StructureDefinition/payment-option"
    system = f"{base}/CodeSystem/payment-option"
    extensions = []
    for value, field, label in PAYMENT_OPTIONS:
        if not getattr(p, field):
            continue
        coding = {"system": system, "code": value, "display": label}
        extension = {"url": url, "valueCodeableConcept": {"coding": [coding]}}
        if value == "medicaid" and p.medicaid_state:
            extension["valueCodeableConcept"]["text"] = f"Medicaid ({p.medicaid_state})"
        if value == "insurance" and p.insurance_plans:
            extension["valueCodeableConcept"]["text"] = f"Private insurance: {p.insurance_plans}"
        extensions.append(extension)
    return extensions


def _xhtml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def verification_results(p: Practitioner) -> list[dict]:
    results = []
    for index, record in enumerate(_records(p)):
        result = {
            "resourceType": "VerificationResult",
            "id": f"{record.record_kind}-{record.pk}",
            "target": [{"reference": f"Practitioner/{p.pk}"}],
            "targetLocation": [f"Practitioner.qualification[{index}]"],
            "status": FHIR_VERIFICATION_STATUS[record.verification_status],
            "statusDate": (record.verified_at or record.updated_at).isoformat(),
            "validationType": {"coding": [{"system": VALIDATION_TYPE, "code": "primary"}]},
        }
        if record.verification_status == VerificationStatus.VERIFIED and record.primary_source:
            result["lastPerformed"] = record.verified_at.isoformat()
            result["primarySource"] = [
                {
                    "type": [
                        {
                            "coding": [
                                {
                                    "system": PRIMARY_SOURCE_TYPE,
                                    "code": SOURCE_TYPE[record.primary_source],
                                }
                            ],
                            "text": record.get_primary_source_display(),
                        }
                    ],
                    "validationStatus": {
                        "coding": [{"system": VALIDATION_STATUS, "code": "successful"}]
                    },
                    "validationDate": record.verified_at.isoformat(),
                }
            ]
            result["validator"] = [{"organization": {"display": settings.SITE_NAME}}]
        if record.next_recheck_on:
            result["nextScheduled"] = record.next_recheck_on.isoformat()
        results.append(result)
    return results


def _base(request) -> str:
    return request.build_absolute_uri("/fhir/").rstrip("/")


@require_safe
def practitioner_read(request, pk: str):
    # ASCII digits only: "١" (Arabic-Indic one) is not Practitioner/1.
    number = parse_positive_int(pk)
    if number is None:
        return operation_outcome("not-found", f"Practitioner/{pk} does not exist.", 404)
    p = exported_practitioners().filter(pk=number).first()
    if p is None:
        return operation_outcome(
            "not-found", f"Practitioner/{pk} is not a verified, published practitioner.", 404
        )
    return fhir_response(practitioner_resource(p, _base(request)))


def _bounded_int(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    value = parse_positive_int(raw, minimum=low, maximum=high)
    if value is None:
        raise ValueError(f"{name} must be a whole number from {low} to {high}.")
    return value


@require_safe
def practitioner_search(request):
    try:
        count = _bounded_int(request, "_count", DEFAULT_COUNT, 1, MAX_COUNT)
        offset = _bounded_int(request, "_offset", 0, 0, 10_000_000)
    except ValueError as exc:
        return operation_outcome("invalid", str(exc), 400)
    name = request.GET.get("name", "").strip()
    postal = request.GET.get("address-postalcode", "").strip()
    if len(name) > 100:
        return operation_outcome("invalid", "name must be at most 100 characters.", 400)
    # PostgreSQL refuses a NUL in a query; no name holds a control character.
    if any(unicodedata.category(char) == "Cc" for char in name):
        return operation_outcome("invalid", "name must not contain control characters.", 400)
    # A ZIP prefix is text, not a number ("007" is not "7"): up to 5 ASCII digits.
    if postal and not re.fullmatch(r"[0-9]{1,5}", postal):
        return operation_outcome("invalid", "address-postalcode must be up to 5 digits.", 400)
    queryset = exported_practitioners()
    for part in name.split():
        # FHIR string search: case-insensitive "starts with" on any name part.
        queryset = queryset.filter(Q(first_name__istartswith=part) | Q(last_name__istartswith=part))
    if postal:
        queryset = queryset.filter(
            Exists(Clinic.objects.filter(practitioner=OuterRef("pk"), zip_code__startswith=postal))
        )
    total = queryset.count()
    page = list(queryset[offset : offset + count])
    base = _base(request)
    params = {k: v for k, v in (("name", name), ("address-postalcode", postal)) if v}
    entries = []
    for p in page:
        entries.append(
            {
                "fullUrl": f"{base}/Practitioner/{p.pk}",
                "resource": practitioner_resource(p, base),
                "search": {"mode": "match"},
            }
        )
        for result in verification_results(p):
            entries.append(
                {
                    "fullUrl": f"{base}/VerificationResult/{result['id']}",
                    "resource": result,
                    "search": {"mode": "include"},
                }
            )
    links = [{"relation": "self", "url": _search_url(request, params, count, offset)}]
    if offset + count < total:
        links.append(
            {"relation": "next", "url": _search_url(request, params, count, offset + count)}
        )
    if offset > 0:
        links.append(
            {
                "relation": "previous",
                "url": _search_url(request, params, count, max(0, offset - count)),
            }
        )
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
        "entry": entries,
    }
    if not entries:
        del bundle["entry"]
    return fhir_response(bundle)


def _search_url(request, params: dict, count: int, offset: int) -> str:
    from urllib.parse import urlencode

    query = urlencode({**params, "_count": count, "_offset": offset})
    return request.build_absolute_uri(reverse("fhir:practitioner-search")) + f"?{query}"


@require_safe
def verification_result_search(request):
    target = request.GET.get("target", "")
    prefix = "Practitioner/"
    number = parse_positive_int(target.removeprefix(prefix)) if target.startswith(prefix) else None
    if number is None:
        return operation_outcome("invalid", "target must look like Practitioner/123.", 400)
    p = exported_practitioners().filter(pk=number).first()
    results = verification_results(p) if p else []
    base = _base(request)
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(results),
        "link": [{"relation": "self", "url": request.build_absolute_uri()}],
        "entry": [
            {
                "fullUrl": f"{base}/VerificationResult/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in results
        ],
    }
    if not results:
        del bundle["entry"]
    return fhir_response(bundle)
