"""What the NPPES import last wrote per NPI (the registry's facts, kept apart from edits)."""

from django.db import models
from django.utils import timezone

from .models import Clinic, Practitioner
from .validators import validate_npi


class RegistryRecordQuerySet(models.QuerySet):
    def for_npis(self, npis):
        return self.filter(npi__in=list(npis))


class RegistryRecord(models.Model):
    """What the NPPES import last wrote for one NPI, so edits made since are kept.

    `snapshot` holds the registry's facts as last imported (names, phone, the
    practice location, licenses). A later import changes a profile's field only
    while it still equals the snapshot's value: anything a practitioner or staff
    edited stays theirs. Claims read it as the registry's evidence for an NPI.
    """

    npi = models.CharField("NPI", max_length=10, unique=True, validators=[validate_npi])
    practitioner = models.OneToOneField(
        Practitioner, on_delete=models.CASCADE, related_name="registry_record"
    )
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    last_update_date = models.DateField(null=True, blank=True)
    deactivated_on = models.DateField(null=True, blank=True)
    unpublished_by_deactivation = models.BooleanField(default=False)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = RegistryRecordQuerySet.as_manager()

    def __str__(self) -> str:
        return f"NPI {self.npi}"

    @property
    def address(self) -> str:
        place = self.snapshot.get("clinic") or {}
        parts = [place.get("address_line1", ""), place.get("city", ""), place.get("state", "")]
        return ", ".join(p for p in parts if p) + (f" {place['zip_code']}" if place else "")
