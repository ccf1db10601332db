"""The page-cache version lives in the database, so every worker reads the same one."""

import pytest
from django.db import DatabaseError, transaction

from core.models import PageCacheVersion
from core.page_cache import _bump, bump_data_version, bumps_batched, data_version

pytestmark = pytest.mark.django_db


def test_the_version_is_one_before_any_change():
    PageCacheVersion.objects.all().delete()
    assert data_version() == 1


def test_the_first_bump_creates_the_row_past_the_initial_version(
    django_capture_on_commit_callbacks,
):
    PageCacheVersion.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    assert PageCacheVersion.objects.get().value == 2
    assert data_version() == 2


def test_each_committed_bump_adds_one(django_capture_on_commit_callbacks):
    before = data_version()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            bump_data_version()
    assert data_version() == before + 3


def test_a_bump_waits_for_the_commit(django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bump_data_version()
        assert data_version() == before
    assert len(callbacks) == 1


def test_a_rolled_back_transaction_does_not_bump(django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                bump_data_version()
                raise RuntimeError
        except RuntimeError:
            pass
    assert data_version() == before


def test_a_bump_that_finds_the_row_created_meanwhile_still_counts(monkeypatch):
    # Another process creates the row between this one's update and its create.
    PageCacheVersion.objects.all().delete()
    real_get_or_create = PageCacheVersion.objects.get_or_create

    def created_elsewhere_first(**kwargs):
        PageCacheVersion.objects.create(pk=1, value=2)
        return real_get_or_create(**kwargs)

    monkeypatch.setattr(PageCacheVersion.objects, "get_or_create", created_elsewhere_first)
    _bump()
    assert PageCacheVersion.objects.get().value == 3


def test_a_failed_bump_is_logged_and_does_not_fail_the_write(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def unavailable(*args, **kwargs):
        raise DatabaseError("database went away")

    monkeypatch.setattr(PageCacheVersion.objects, "filter", unavailable)
    with django_capture_on_commit_callbacks(execute=True):
        bump_data_version()
    assert "database went away" in caplog.text


def test_writes_inside_bumps_batched_queue_one_bump(django_capture_on_commit_callbacks):
    before = data_version()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
        bumps_batched(),
    ):
        for _ in range(50):
            bump_data_version()
    assert len(callbacks) == 1
    assert data_version() == before + 1


def test_bumps_batched_with_no_write_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, bumps_batched():
        pass
    assert callbacks == []
