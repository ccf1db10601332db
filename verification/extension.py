"""What verification adds to a practitioner's pages: licenses, credentials and their checks."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list

from core.formats import long_date, short_date
from practitioners.dashboard_selectors import CompletenessPoint, Step
from practitioners.extensions import PractitionerExtension
from practitioners.profile import ChecklistItem, Evidence, EvidenceLine

from .guidance import EXPIRY_WARNING_DAYS, with_guidance
from .models import Credential, License, VerificationStatus

S = VerificationStatus


class VerificationExtension(PractitionerExtension):
    # Cards: the verified badge and the credentials after the name. The card
    # keeps the verified records with their expiry; they are judged in good
    # standing on the day the card is shown, like the badge's `verified_until`.
    name = "verification"

    def card_facts(self, practitioner_ids):
        facts = {pk: {"licenses": [], "credentials": []} for pk in practitioner_ids}
        licenses = (
            License.objects.verified()
            .filter(practitioner_id__in=practitioner_ids, status=License.Standing.ACTIVE)
            .values_list("practitioner_id", "title", "verified_at", "expires_on")
        )
        for pk, title, verified_at, expires_on in licenses:
            facts[pk]["licenses"].append([title, _iso(verified_at), _iso(expires_on)])
        credentials = (
            Credential.objects.verified()
            .filter(practitioner_id__in=practitioner_ids)
            .values_list("practitioner_id", "kind", "expires_on")
        )
        for pk, kind, expires_on in credentials:
            facts[pk]["credentials"].append([kind, _iso(expires_on)])
        return facts

    def prepare_card(self, practitioner, facts):
        facts = facts or {"licenses": [], "credentials": []}
        today = timezone.localdate()
        licenses = [
            (title, datetime.datetime.fromisoformat(verified_at) if verified_at else None)
            for title, verified_at, expires_on in facts["licenses"]
            if _standing(expires_on, today)
        ]
        kinds = [kind for kind, expires_on in facts["credentials"] if _standing(expires_on, today)]
        practitioner.verified_since = max((at for _, at in licenses if at), default=None)
        practitioner.credential_labels = credential_labels(
            holds_lac=any(title == License.Title.LAC for title, _ in licenses), kinds=kinds
        )

    # The profile: records, and two of the four checklist points
    def profile_prefetches(self):
        return [
            Prefetch(
                "licenses", queryset=License.objects.select_related("board").order_by("state")
            ),
            Prefetch("credentials", queryset=Credential.objects.order_by("kind")),
        ]

    def extend_profile(self, profile):
        profile.licenses = list(profile.practitioner.licenses.all())
        profile.credentials = list(profile.practitioner.credentials.all())
        profile.license_last_verified = max(
            (
                lic.verified_at
                for lic in profile.licenses
                if lic.is_in_good_standing and lic.verified_at
            ),
            default=None,
        )
        profile.add_checklist_item(credentials_item(profile))
        profile.add_checklist_item(licensure_item(profile))

    def extend_json_ld(self, profile, data):
        data["hasCredential"] += [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "license",
                "name": f"{lic.get_state_display()} acupuncture license {lic.number}",
                "recognizedBy": {
                    "@type": "Organization",
                    "name": lic.board.name
                    if lic.board and lic.board.name
                    else lic.get_state_display(),
                },
                **({"expires": lic.expires_on.isoformat()} if lic.expires_on else {}),
            }
            for lic in profile.licenses
            if lic.is_in_good_standing
        ] + [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "certification",
                "name": c.get_kind_display(),
                "recognizedBy": {"@type": "Organization", "name": c.issuer},
            }
            for c in profile.credentials
            if c.is_in_good_standing
        ]

    # The dashboard overview
    def dashboard_prefetches(self):
        return [
            Prefetch("licenses", queryset=License.objects.order_by("state", "number")),
            Prefetch("credentials", queryset=Credential.objects.order_by("kind")),
        ]

    def dashboard_context(self, practitioner):
        return {
            "licenses": with_guidance(practitioner.licenses.all()),
            "credentials": with_guidance(practitioner.credentials.all()),
        }

    def completeness_points(self, practitioner, context):
        return completeness_points(
            licenses=context.get("licenses", []), credentials=context.get("credentials", [])
        )

    # Search: `credential=` counts only checked records (domain.md)
    def credential_choices(self):
        return [("lac", "L.Ac. (Licensed Acupuncturist)")] + [
            (value, Credential.SHORT_LABELS[value]) for value in Credential.Kind.values
        ]

    def credential_holders(self, value):
        if value == "lac":
            return License.objects.in_good_standing().filter(title=License.Title.LAC)
        if value in Credential.Kind.values:
            return Credential.objects.in_good_standing().filter(kind=value)
        return None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _standing(expires_on: str | None, today: datetime.date) -> bool:
    """Not past its expiry on `today` (an expiry-less record never lapses)."""
    return expires_on is None or datetime.date.fromisoformat(expires_on) >= today


def credential_labels(*, holds_lac: bool, kinds) -> list[str]:
    """What follows the name: "L.Ac." for the state title, then each credential by kind."""
    labels = ["L.Ac."] if holds_lac else []
    labels.extend(Credential(kind=kind).short_label for kind in sorted(kinds))
    return labels


def credentials_item(profile) -> ChecklistItem:
    checked = [c for c in profile.credentials if c.is_in_good_standing]
    lac = [lic for lic in profile.licenses if lic.is_in_good_standing and lic.title == "lac"]
    evidence = [
        EvidenceLine(
            f"{c.get_kind_display()}, issued by {c.issuer}; verified {short_date(c.verified_at)}"
            f" against {c.get_primary_source_display()}"
            + (f"; valid until {short_date(c.expires_on)}" if c.expires_on else ""),
            Evidence.VERIFIED,
        )
        for c in checked
    ]
    if lac:
        evidence.insert(
            0,
            EvidenceLine(
                f"L.Ac. (state title) in {', '.join(lic.state for lic in lac)}", Evidence.VERIFIED
            ),
        )
    unchecked = [c for c in profile.credentials if not c.is_in_good_standing]
    if unchecked:
        evidence.append(
            EvidenceLine(
                "Listed but not yet checked: " + ", ".join(c.short_label for c in unchecked),
                Evidence.STATED,
            )
        )
    return ChecklistItem(
        key="credentials",
        title="Credentials and certifications",
        status="met" if (checked or lac) else ("partial" if unchecked else "missing"),
        summary=(
            "Checked by a verifier against the issuer's records."
            if checked or lac
            else "No credential has been checked by a verifier yet."
        ),
        evidence=evidence,
        section=profile.topics.get("checklist_credentials"),
    )


def license_line(lic, today: datetime.date) -> EvidenceLine:
    """A license as a patient can check it: state, number, status, who verified it, expiry."""
    text = (
        f"{lic.get_state_display()} license #{lic.number}, {lic.get_title_display()}, "
        f"{lic.get_status_display().lower()}"
    )
    if lic.is_in_good_standing:
        text += (
            f"; verified {short_date(lic.verified_at)} against {lic.get_primary_source_display()}"
        )
    else:
        text += f"; not verified (verification: {lic.get_verification_status_display().lower()})"
    if lic.expires_on:
        word = "expired" if lic.expires_on < today else "expires"
        text += f"; {word} {short_date(lic.expires_on)}"
    board = lic.board
    lookup = board.lookup_url if board else ""
    return EvidenceLine(
        text,
        Evidence.VERIFIED if lic.is_in_good_standing else Evidence.STATED,
        link_url=lookup,
        link_text=f"Check it yourself at the {lic.get_state_display()} board" if lookup else "",
    )


def licensure_item(profile) -> ChecklistItem:
    today = timezone.localdate()
    good = [lic for lic in profile.licenses if lic.is_in_good_standing]
    return ChecklistItem(
        key="licensure",
        title="Licensure and registration",
        status="met" if good else ("partial" if profile.licenses else "missing"),
        summary=(
            "Holds a license a verifier checked with the state board, active and unexpired."
            if good
            else "No verified, active license on record."
        ),
        evidence=[license_line(lic, today) for lic in profile.licenses],
        section=profile.topics.get("checklist_licensure"),
    )


def _names(records) -> str:
    return get_text_list([str(r) for r in records], "and")


def _verification_step(records, good, *, kind: str, url: str) -> Step:
    """The step 'a verifier has checked one', labelled with what stands in its way."""
    if good:
        return Step(f"Verified: {_names(good)}", True, url)
    if not records:
        return Step(f"Get a {kind} verified (add it first)", False, url)
    pending = [r for r in records if r.verification_status in (S.PENDING, S.NEEDS_REVIEW)]
    if pending:
        return Step(f"Waiting for a verifier to check {_names(pending)}", False, url)
    ready = [
        r
        for r in records
        if r.proof_document and r.verification_status in (S.UNVERIFIED, S.REJECTED)
    ]
    if ready:
        return Step(f"Submit {_names(ready)} for verification", False, url)
    no_proof = [r for r in records if not r.proof_document]
    if no_proof:
        return Step(f"Attach proof to {_names(no_proof)} and submit it", False, url)
    return Step(f"Renew {_names(records)}, then submit it again", False, url)


def completeness_points(
    *, licenses: list, credentials: list, today: datetime.date | None = None
) -> list[CompletenessPoint]:
    """The credential and license points of the dashboard's completeness meter."""
    today = today or timezone.localdate()
    good_licenses = [lic for lic in licenses if lic.is_in_good_standing]
    lac = [lic for lic in good_licenses if lic.title == License.Title.LAC]
    good_credentials = [c for c in credentials if c.is_in_good_standing]
    credential_point = CompletenessPoint(
        "credentials",
        "Credentials and certifications",
        [
            Step(
                "List a credential, such as NCCAOM Dipl. Ac., with its proof document",
                bool(credentials) or bool(lac),
                reverse("verification_dashboard:credential_add"),
            ),
            _verification_step(
                credentials,
                good_credentials + lac,
                kind="credential",
                url=reverse("verification_dashboard:credentials"),
            ),
        ],
    )
    license_steps = [
        Step(
            "Add your state license with its proof document",
            bool(licenses),
            reverse("verification_dashboard:license_add"),
        ),
        _verification_step(
            licenses,
            good_licenses,
            kind="license",
            url=reverse("verification_dashboard:licenses"),
        ),
    ]
    for lic in good_licenses:
        if lic.expires_on and (lic.expires_on - today).days <= EXPIRY_WARNING_DAYS:
            license_steps.append(
                Step(
                    f"Renew {lic} (expires {long_date(lic.expires_on)}) and update it here",
                    False,
                    reverse("verification_dashboard:license_edit", args=[lic.pk]),
                )
            )
    license_point = CompletenessPoint("licensure", "Licensure and registration", license_steps)
    return [credential_point, license_point]
