"""Moving licenses, credentials and claims to their own apps keeps every row."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from claims.models import ClaimRequest
from practitioners.models import Practitioner
from verification.models import (
    Credential,
    ExpiryReminder,
    License,
    LicensingBoard,
    VerificationEvent,
)

# The last migration of each app before the redesign; verification and claims
# did not exist yet.
BEFORE_REDESIGN = [
    ("practitioners", "0006_practitioner_verified_until"),
    ("verification", None),
    ("claims", None),
]
MOVED = ["licensingboard", "license", "credential", "verificationevent", "expiryreminder"]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader


@pytest.mark.django_db(transaction=True)
def test_rows_written_at_the_old_schema_survive_the_move_to_the_new_apps():
    old = _migrate(BEFORE_REDESIGN).project_state(BEFORE_REDESIGN[:1]).apps
    user = old.get_model("accounts", "User").objects.create(email="old@example.org")
    practitioner = old.get_model("practitioners", "Practitioner").objects.create(
        slug="old-timer", first_name="Old", last_name="Timer", owner=user
    )
    board = old.get_model("practitioners", "LicensingBoard").objects.get(state="OR")
    today = timezone.localdate()
    license = old.get_model("practitioners", "License").objects.create(
        practitioner=practitioner,
        state="OR",
        board=board,
        number="OLD-1",
        verification_status="verified",
        verified_at=timezone.now(),
        primary_source="state-board-lookup",
        expires_on=today + datetime.timedelta(days=30),
    )
    credential = old.get_model("practitioners", "Credential").objects.create(
        practitioner=practitioner, kind="dipl-ac", issuer="NCCAOM"
    )
    old.get_model("practitioners", "VerificationEvent").objects.create(
        practitioner=practitioner, license=license, from_status="pending", to_status="verified"
    )
    old.get_model("practitioners", "ExpiryReminder").objects.create(
        license=license, days_before=30, expires_on=license.expires_on
    )
    claimant = old.get_model("accounts", "User").objects.create(email="claimant@example.org")
    old.get_model("practitioners", "ClaimRequest").objects.create(
        practitioner=practitioner, user=claimant, message="It is me."
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    license_type = content_types.get_or_create(app_label="practitioners", model="license")[0]
    boards_before = old.get_model("practitioners", "LicensingBoard").objects.count()

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Practitioner.objects.get(slug="old-timer").owner.email == "old@example.org"
    moved = License.objects.get(number="OLD-1")
    assert (moved.pk, moved.board.state, moved.is_in_good_standing) == (license.pk, "OR", True)
    assert Credential.objects.get(pk=credential.pk).issuer == "NCCAOM"
    assert VerificationEvent.objects.get(license=moved).to_status == "verified"
    reminder = ExpiryReminder.objects.get(license=moved)
    assert reminder.days_before == 30
    # Reminders from before the task queue were sent at once: they stay sent.
    assert reminder.sent_at is not None and reminder.queued_at == reminder.sent_at
    assert ClaimRequest.objects.get(practitioner__slug="old-timer").message == "It is me."
    assert LicensingBoard.objects.count() == boards_before
    # Permissions and admin history hang off the content type: it moved, same id.
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.get(pk=license_type.pk).model_class() is License
    assert not ContentType.objects.filter(app_label="practitioners", model__in=MOVED).exists()


def test_the_moved_models_keep_their_tables():
    assert [m._meta.db_table for m in (License, Credential, LicensingBoard)] == [
        "practitioners_license",
        "practitioners_credential",
        "practitioners_licensingboard",
    ]
    assert ClaimRequest._meta.db_table == "practitioners_claimrequest"
