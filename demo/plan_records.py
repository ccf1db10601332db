"""Plan a practitioner's licenses and credentials, with the verification history behind each."""

import random
from collections.abc import Sequence
from dataclasses import dataclass

from verification.models import Credential, PrimarySource
from verification.models import VerificationStatus as S

from .data import (
    ABMA_ISSUER,
    CREDENTIAL_MIX,
    CREDENTIAL_REJECTIONS,
    LICENSE_MIX,
    LICENSE_REJECTIONS,
    NCCAOM,
    NEIGHBOUR_STATES,
    SCHOOLS,
    VERIFIED_STANDINGS,
)
from .weighted import cumulative, pick

_LICENSE_MIX = {key: cumulative(pairs) for key, pairs in LICENSE_MIX.items()}
_CREDENTIAL_MIX = {key: cumulative(pairs) for key, pairs in CREDENTIAL_MIX.items()}
_STANDINGS = cumulative(VERIFIED_STANDINGS)

# A verification event: (from_status, to_status, actor role, days ago, note).
# The actor role is "owner", "admin" or "" (the automatic daily sweep).
EventPlan = tuple[str, str, str, int, str]


@dataclass(frozen=True, slots=True)
class Timeline:
    expires_in: int | None
    submitted_ago: int | None
    verified_ago: int | None
    recheck_in: int | None
    rejection_reason: str
    events: tuple[EventPlan, ...]

    @property
    def verified_once(self) -> bool:
        return self.verified_ago is not None


@dataclass(frozen=True, slots=True)
class _History:
    """What a record kind's history draws on."""

    rejections: Sequence[str]  # the reasons verifiers reject one for
    edited_fact: str  # the verified fact owners edit, sending it back to review


_LICENSE_HISTORY = _History(LICENSE_REJECTIONS, edited_fact="number")
_CREDENTIAL_HISTORY = _History(CREDENTIAL_REJECTIONS, edited_fact="identifier")


@dataclass(frozen=True, slots=True)
class LicensePlan:
    state: str
    number: str
    title: str
    standing: str
    status: str
    issued_ago: int
    primary_source: str
    reference: str
    has_proof: bool
    timeline: Timeline


@dataclass(frozen=True, slots=True)
class CredentialPlan:
    kind: str
    issuer: str
    identifier: str
    status: str
    issued_ago: int | None
    expires_in: int | None
    primary_source: str
    reference: str
    has_proof: bool
    timeline: Timeline


def _license_number(*, seed: int, index: int, state: str) -> str:
    """Return a license number unique per index within a seed."""
    offset = random.Random(f"seed-demo:{seed}:license").randrange(900_000)
    return f"{'L' if state == 'NY' else 'AC'}{100_000 + (index * 104_729 + offset) % 900_000}"


def _license_state(
    rng: random.Random, clinic_state: str, unlicensed: frozenset[str], *, forced: bool
) -> str | None:
    """Choose the state whose license the practitioner holds, or None for no license."""
    if forced or clinic_state not in unlicensed:
        return clinic_state
    if rng.random() < 0.5:
        return None
    neighbours = [s for s in NEIGHBOUR_STATES.get(clinic_state, ()) if s not in unlicensed]
    return rng.choice(neighbours) if neighbours else None


def _plan_timeline(
    rng: random.Random,
    status: str,
    history: _History,
    *,
    claimed: bool,
    expiring: bool,
    source: PrimarySource,
    reference: str,
) -> Timeline:
    """Plan dates and the event history that lead a record to `status`."""
    submitter = "owner" if claimed else "admin"
    submitted = verified = recheck = None
    reason = ""
    events: list[EventPlan] = []
    expires_in = rng.randint(30, 730)
    if status == S.PENDING:
        submitted = rng.randint(0, 30)
    elif status == S.REJECTED:
        submitted = rng.randint(3, 200)
        reason = rng.choice(history.rejections)
    elif status == S.VERIFIED:
        expires_in = rng.randint(15, 60) if rng.random() < 0.1 else rng.randint(61, 730)
        verified = rng.randint(1, 360)
    elif status == S.NEEDS_REVIEW:
        expires_in = rng.randint(30, 500)
        verified = rng.randint(2, 360) if claimed and rng.random() < 0.5 else rng.randint(366, 900)
    elif status == S.EXPIRED:
        expires_in = -rng.randint(2, 400)
        # Verified before the expiry and less than a year before it, so the
        # re-check date did not come first.
        verified = -expires_in + rng.randint(30, 360)
    if verified is not None:
        submitted = verified + rng.randint(1, 21)
        recheck = 365 - verified
        if expiring:
            recheck = min(expires_in, recheck)
    if submitted is not None:
        events.append((S.UNVERIFIED, S.PENDING, submitter, submitted, "Submitted with proof."))
    if status == S.REJECTED:
        events.append((S.PENDING, S.REJECTED, "admin", rng.randint(0, submitted - 1), reason))
    if verified is not None:
        events.append(
            (
                S.PENDING,
                S.VERIFIED,
                "admin",
                verified,
                f"Verified against {source.label}: {reference}.",
            )
        )
    if status == S.NEEDS_REVIEW:
        if verified <= 360:
            note = f"Verified facts edited: {history.edited_fact}."
            events.append((S.VERIFIED, S.NEEDS_REVIEW, "owner", rng.randint(0, verified - 1), note))
        else:
            events.append(
                (S.VERIFIED, S.NEEDS_REVIEW, "", verified - 365, "Re-check date reached.")
            )
    if status == S.EXPIRED:
        events.append((S.VERIFIED, S.EXPIRED, "", -expires_in - 1, "Expiry date passed."))
    return Timeline(
        expires_in=expires_in if expiring else None,
        submitted_ago=submitted,
        verified_ago=verified,
        recheck_in=recheck,
        rejection_reason=reason,
        events=tuple(events),
    )


def plan_licenses(
    rng: random.Random,
    *,
    seed: int,
    index: int,
    clinic_state: str,
    unlicensed: frozenset[str],
    title: str,
    years: int,
    publication: str,
    claimed: bool,
    forced: tuple[str, str] | None,
) -> tuple[LicensePlan, ...]:
    """Plan the practitioner's license: none, or one in its clinic's state or a neighbour's."""
    state = _license_state(rng, clinic_state, unlicensed, forced=forced is not None)
    if not state:
        return ()
    number = _license_number(seed=seed, index=index, state=state)
    return (
        _plan_license(
            rng,
            state=state,
            number=number,
            title=title,
            years=years,
            publication=publication,
            claimed=claimed,
            forced=forced,
        ),
    )


def _plan_license(
    rng: random.Random,
    *,
    state: str,
    number: str,
    title: str,
    years: int,
    publication: str,
    claimed: bool,
    forced: tuple[str, str] | None,
) -> LicensePlan:
    """Plan one license: its status, standing, dates and history."""
    if forced:
        status, standing = forced
    else:
        status = pick(rng, _LICENSE_MIX[(publication, claimed)])
        standing = "active"
        if status == S.VERIFIED:
            standing = pick(rng, _STANDINGS)
        elif status == S.EXPIRED:
            standing = rng.choice(("lapsed", "active"))
    roster = not claimed or rng.random() < 0.1
    # The seeded boards have no lookup URL: a license is verified by the roster
    # import or by a letter from its board, never "against the board's lookup".
    source = PrimarySource.BOARD_ROSTER if roster else PrimarySource.ISSUER_LETTER
    reference = _license_reference(state=state, number=number, roster=roster)
    timeline = _plan_timeline(
        rng,
        status,
        _LICENSE_HISTORY,
        claimed=claimed,
        expiring=True,
        source=source,
        reference=reference,
    )
    issued = years * 365 + rng.randint(0, 300)
    issued = max(issued, (timeline.submitted_ago or 0) + 30, -(timeline.expires_in or 0) + 365)
    verified_once = timeline.verified_once
    return LicensePlan(
        state=state,
        number=number,
        title=title,
        standing=standing,
        status=status,
        issued_ago=issued,
        primary_source=source if verified_once else "",
        reference=reference if verified_once else "",
        has_proof=status != S.UNVERIFIED or rng.random() < 0.5,
        timeline=timeline,
    )


def _license_reference(*, state: str, number: str, roster: bool) -> str:
    """Name the evidence: the roster file and row the import matched, or the board's letter."""
    if roster:
        # A row number fixed by the license number: the same seed, the same row.
        return f"roster {state.lower()}-board-roster.csv line {int(number[-6:]) % 4000 + 2}"
    return f"{state} board letter confirming #{number}"


def plan_credentials(
    rng: random.Random,
    *,
    title: str,
    years: int,
    publication: str,
    claimed: bool,
    forced: str | None,
) -> tuple[CredentialPlan, ...]:
    """Plan the practitioner's certifications and degrees."""
    kinds = []
    if forced or (title != "physician" and rng.random() < 0.55):
        kinds.append("dipl-ac" if forced or rng.random() < 0.65 else "dipl-om")
    if rng.random() < 0.1:
        kinds.append("dipl-ch")
    if rng.random() < 0.03:
        kinds.append("dipl-abt")
    if title == "physician":
        kinds.append("abma")
    elif rng.random() < 0.2:
        kinds.append("dacm" if rng.random() < 0.75 else "daom")
    elif rng.random() < 0.45:
        kinds.append("masters")
    mix = _CREDENTIAL_MIX[
        "draft" if publication == "draft" else ("claimed" if claimed else "unclaimed")
    ]
    plans = []
    for position, kind in enumerate(kinds):
        nccaom = kind in Credential.NCCAOM_KINDS
        status = forced if forced and position == 0 else pick(rng, mix)
        if status == S.EXPIRED and not nccaom:
            status = S.VERIFIED  # degrees and ABMA certification carry no expiry date
        if nccaom:
            issuer, identifier = NCCAOM, f"{rng.randint(10_000, 199_999)}"
            source = PrimarySource.NCCAOM_REGISTRY
            reference = f"NCCAOM registry, diplomate #{identifier}"
        else:
            issuer = ABMA_ISSUER if kind == "abma" else rng.choice(SCHOOLS)
            identifier = ""
            source = PrimarySource.ISSUER_LETTER
            reference = f"Letter from {issuer} confirming the {Credential.SHORT_LABELS[kind]}"
        timeline = _plan_timeline(
            rng,
            status,
            _CREDENTIAL_HISTORY,
            claimed=claimed,
            expiring=nccaom,
            source=source,
            reference=reference,
        )
        verified_once = timeline.verified_once
        plans.append(
            CredentialPlan(
                kind=kind,
                issuer=issuer,
                identifier=identifier,
                status=status,
                # NCCAOM certificates are dated from their expiry (issue + 4 years).
                issued_ago=None if nccaom else years * 365 + rng.randint(30, 400),
                expires_in=timeline.expires_in,
                primary_source=source if verified_once else "",
                reference=reference if verified_once else "",
                has_proof=status != S.UNVERIFIED or rng.random() < 0.5,
                timeline=timeline,
            )
        )
    return tuple(plans)
