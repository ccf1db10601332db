"""What claims add to the dashboard's start page: the account's claims and the claim search."""

from practitioners.extensions import PractitionerExtension

from .forms import ClaimSearchForm
from .models import ClaimRequest


class ClaimsExtension(PractitionerExtension):
    def start_context(self, user):
        claims = list(ClaimRequest.objects.filter(user=user).select_related("practitioner")[:5])
        pending = next((c for c in claims if c.status == ClaimRequest.Status.PENDING), None)
        return {"pending_claim": pending, "claims": claims, "search_form": ClaimSearchForm()}
