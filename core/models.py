"""Abstract bases, fields and checks every app builds on, and the page-cache version.

core owns one table: the single row counting changes to public data
(`PageCacheVersion`), which every worker reads, so an invalidation made in
one process holds in all of them (core/page_cache.py).
"""

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


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


class TimeStamped(models.Model):
    """When a row was created and when it was last saved."""

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


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


def optional_reference(to, *, related_name: str = "+", **kwargs) -> models.ForeignKey:
    """Return an optional reference to `to`, emptied (not cascaded) when its row is deleted."""
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name, **kwargs
    )


def acting_user(**kwargs) -> models.ForeignKey:
    """Return a reference to the account that acted, kept (as empty) if it is deleted."""
    return optional_reference(settings.AUTH_USER_MODEL, **kwargs)


def unless_null(*fields: str, then: Q) -> Q:
    """Return a condition met where any of `fields` is null, and elsewhere only by `then`."""
    empty = [Q(**{f"{field}__isnull": True}) for field in fields]
    return reduce(operator.or_, [*empty, then])


class PageCacheVersion(models.Model):
    """The one row whose counter names the current version of cached public pages."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    value = models.PositiveBigIntegerField(default=1)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="core_page_cache_one_row")]

    def __str__(self) -> str:
        return f"page cache version {self.value}"
