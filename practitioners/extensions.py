"""How other apps add to a practitioner's pages without this app importing them.

`practitioners` owns the profile, the result card, the dashboard overview and
the four-point qualification checklist, but licenses, credentials, reviews and
claims belong to apps that build on it. Each of those apps registers one
`PractitionerExtension` from its `AppConfig.ready()`; the read models here ask
every registered extension for its part. Dependencies so point one way: the
other apps import `practitioners`, never the reverse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Expression, Prefetch, QuerySet

    from .models import Practitioner

# The qualification checklist of domain.md, in the order patients read it.
CHECKLIST_ORDER = ("credentials", "licensure", "experience", "reviews")


class PractitionerExtension:
    """What one app adds to the practitioner's pages; override only what it adds."""

    # Result cards (search page and API list): kept ready on the practitioner's
    # listing (`listings.Listing.card`), so a page reads its cards with its rows.
    # The key its facts are kept under in the card.
    name = ""

    def card_facts(self, practitioner_ids: list[int]) -> dict[int, Any]:
        """What this app's part of each card is made from, by practitioner (JSON), in one query.

        Kept when the listing is written: whatever depends on the day (an
        expiry) is kept as the date and judged in `prepare_card()`.
        """
        return {}

    def prepare_card(self, practitioner: Practitioner, facts) -> None:
        """Set the attributes the card shows, from this app's card facts (None if none)."""

    # The public profile
    def profile_annotations(self) -> dict[str, Expression]:
        """Annotations on the profile's one practitioner row (instead of a query each)."""
        return {}

    def profile_prefetches(self) -> list[Prefetch | str]:
        return []

    def extend_profile(self, profile) -> None:
        """Add attributes and checklist items to a `profile.Profile`."""

    def extend_json_ld(self, profile, data: dict[str, Any]) -> None:
        """Add to the profile's schema.org description."""

    # The practitioner's dashboard
    def dashboard_prefetches(self) -> list[Prefetch | str]:
        return []

    def dashboard_context(self, practitioner: Practitioner) -> dict[str, Any]:
        return {}

    def completeness_points(self, practitioner: Practitioner, context: dict) -> list:
        """`dashboard_selectors.CompletenessPoint`s this app is responsible for."""
        return []

    def start_context(self, user) -> dict[str, Any]:
        """Context for the dashboard's start page (an account without a profile)."""
        return {}

    # Search
    def credential_choices(self) -> list[tuple[str, str]]:
        """(value, label) pairs for the search's `credential` parameter."""
        return []

    def credential_holders(self, value: str) -> QuerySet | None:
        """The records (rows with a `practitioner`) that hold this credential, or None if not this app's."""
        return None

    # Claims: another app hands the profile to an account
    def on_owner_changed(self, practitioner: Practitioner, owner, *, actor=None) -> None:
        """React to `owner` now managing `practitioner` (in the claim's transaction)."""

    def claim_warnings(self, practitioner: Practitioner, user) -> list[str]:
        """What staff should know before handing `practitioner` to `user`."""
        return []


_registered: list[PractitionerExtension] = []


def register(extension: PractitionerExtension) -> None:
    if not any(type(e) is type(extension) for e in _registered):
        _registered.append(extension)


def registered() -> tuple[PractitionerExtension, ...]:
    return tuple(_registered)


def prefetches(kind: str) -> list:
    return [p for e in _registered for p in getattr(e, f"{kind}_prefetches")()]


def annotations(kind: str) -> dict:
    return {k: v for e in _registered for k, v in getattr(e, f"{kind}_annotations")().items()}


def credential_choices() -> list[tuple[str, str]]:
    return [choice for e in _registered for choice in e.credential_choices()]


class CredentialChoices(Sequence):
    """The `credential` choices, read from the extensions when a form is built."""

    def __getitem__(self, index):
        return credential_choices()[index]

    def __len__(self) -> int:
        return len(credential_choices())


CREDENTIAL_CHOICES = CredentialChoices()
