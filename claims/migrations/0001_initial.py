"""Take over profile claims from practitioners, keeping their table and rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_types(app_label, models):
    def forward(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        ContentType.objects.using(db).filter(app_label="practitioners", model__in=models).update(
            app_label=app_label
        )

    def backward(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        ContentType.objects.using(db).filter(app_label=app_label, model__in=models).update(
            app_label="practitioners"
        )

    return forward, backward


FORWARD, BACKWARD = move_content_types("claims", ["claimrequest"])


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("practitioners", "0007_move_records_and_claims_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist (created by the practitioners app): only
            # Django's picture of which app owns them changes.
            state_operations=[
                migrations.CreateModel(
                    name="ClaimRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for staff"),
                                    ("approved", "Approved"),
                                    ("rejected", "Rejected"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        (
                            "message",
                            models.TextField(
                                blank=True,
                                help_text="What the claimant told staff to show the profile is theirs.",
                                max_length=2000,
                            ),
                        ),
                        (
                            "matched_email",
                            models.BooleanField(
                                default=False,
                                help_text="Approved automatically: verified email matched the profile's.",
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "decision_reason",
                            models.TextField(blank=True, help_text="Shown to the claimant."),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "practitioner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="claim_requests",
                                to="practitioners.practitioner",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="claim_requests",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "practitioners_claimrequest",
                        "ordering": ["-created_at", "-id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status__in", ["pending", "approved", "rejected", "withdrawn"])
                                ),
                                name="claim_status_valid",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("status", "pending")),
                                fields=("user",),
                                name="claim_one_pending_per_user",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("decided_at__isnull", True), ("status", "pending")),
                                    models.Q(
                                        models.Q(("status", "pending"), _negated=True),
                                        ("decided_at__isnull", False),
                                    ),
                                    _connector="OR",
                                ),
                                name="claim_decided_iff_not_pending",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "rejected"), _negated=True),
                                    models.Q(("decision_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="claim_rejected_has_reason",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("matched_email", True), _negated=True),
                                    ("status", "approved"),
                                    _connector="OR",
                                ),
                                name="claim_email_match_is_approved",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Permissions and admin history follow the models to their new app.
        migrations.RunPython(FORWARD, BACKWARD),
    ]
