"""Abstract bases every app builds on (core owns no tables)."""

from django.conf import settings
from django.db import models


class Term(models.Model):
    """A fixed vocabulary entry patients search by (a condition, a technique)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class AppendOnly:
    """Audit-log models: a saved row is never rewritten or deleted through the ORM."""

    append_only_label = "Events"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(
                f"{self.append_only_label} are append-only and cannot be changed."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self.append_only_label} are append-only and cannot be deleted.")


def acting_user(**kwargs) -> models.ForeignKey:
    """Return a reference to the account that acted, kept (as empty) if it is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )
