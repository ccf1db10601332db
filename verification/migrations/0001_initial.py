"""Take over licensing boards, licenses, credentials and their events from practitioners.

No table is created or renamed: each model keeps its `practitioners_*` table
(`Meta.db_table`), so every existing row stays where it is.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import core.models
import verification.models


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


FORWARD, BACKWARD = move_content_types(
    "verification",
    ["licensingboard", "license", "credential", "verificationevent", "expiryreminder"],
)


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
                    name="LicensingBoard",
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
                            "state",
                            models.CharField(
                                choices=[
                                    ("AL", "Alabama"),
                                    ("AK", "Alaska"),
                                    ("AZ", "Arizona"),
                                    ("AR", "Arkansas"),
                                    ("CA", "California"),
                                    ("CO", "Colorado"),
                                    ("CT", "Connecticut"),
                                    ("DE", "Delaware"),
                                    ("DC", "District of Columbia"),
                                    ("FL", "Florida"),
                                    ("GA", "Georgia"),
                                    ("HI", "Hawaii"),
                                    ("ID", "Idaho"),
                                    ("IL", "Illinois"),
                                    ("IN", "Indiana"),
                                    ("IA", "Iowa"),
                                    ("KS", "Kansas"),
                                    ("KY", "Kentucky"),
                                    ("LA", "Louisiana"),
                                    ("ME", "Maine"),
                                    ("MD", "Maryland"),
                                    ("MA", "Massachusetts"),
                                    ("MI", "Michigan"),
                                    ("MN", "Minnesota"),
                                    ("MS", "Mississippi"),
                                    ("MO", "Missouri"),
                                    ("MT", "Montana"),
                                    ("NE", "Nebraska"),
                                    ("NV", "Nevada"),
                                    ("NH", "New Hampshire"),
                                    ("NJ", "New Jersey"),
                                    ("NM", "New Mexico"),
                                    ("NY", "New York"),
                                    ("NC", "North Carolina"),
                                    ("ND", "North Dakota"),
                                    ("OH", "Ohio"),
                                    ("OK", "Oklahoma"),
                                    ("OR", "Oregon"),
                                    ("PA", "Pennsylvania"),
                                    ("RI", "Rhode Island"),
                                    ("SC", "South Carolina"),
                                    ("SD", "South Dakota"),
                                    ("TN", "Tennessee"),
                                    ("TX", "Texas"),
                                    ("UT", "Utah"),
                                    ("VT", "Vermont"),
                                    ("VA", "Virginia"),
                                    ("WA", "Washington"),
                                    ("WV", "West Virginia"),
                                    ("WI", "Wisconsin"),
                                    ("WY", "Wyoming"),
                                    ("PR", "Puerto Rico"),
                                    ("GU", "Guam"),
                                    ("VI", "U.S. Virgin Islands"),
                                ],
                                max_length=2,
                                unique=True,
                            ),
                        ),
                        ("name", models.CharField(blank=True, max_length=200)),
                        (
                            "lookup_url",
                            models.URLField(
                                blank=True,
                                help_text="The board's public license lookup, for verifiers.",
                            ),
                        ),
                        (
                            "licenses_acupuncturists",
                            models.BooleanField(
                                default=True,
                                help_text="Whether this state issues acupuncture licenses at all. Sources disagree for some states; keep this current.",
                            ),
                        ),
                        ("notes", models.TextField(blank=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "db_table": "practitioners_licensingboard",
                        "ordering": ["state"],
                    },
                ),
                migrations.CreateModel(
                    name="Credential",
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
                            "verification_status",
                            models.CharField(
                                choices=[
                                    ("unverified", "Unverified"),
                                    ("pending", "Pending review"),
                                    ("verified", "Verified"),
                                    ("rejected", "Rejected"),
                                    ("expired", "Expired"),
                                    ("needs_review", "Needs review"),
                                ],
                                default="unverified",
                                max_length=12,
                            ),
                        ),
                        ("verified_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "primary_source",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("state-board-lookup", "State board license lookup"),
                                    ("nccaom-registry", "NCCAOM certification registry"),
                                    ("board-roster", "State board roster file"),
                                    (
                                        "issuer-letter",
                                        "Letter or certificate confirmed with the issuer",
                                    ),
                                ],
                                max_length=24,
                            ),
                        ),
                        (
                            "primary_source_reference",
                            models.CharField(
                                blank=True,
                                help_text="URL or reference of the exact record checked.",
                                max_length=300,
                            ),
                        ),
                        ("next_recheck_on", models.DateField(blank=True, null=True)),
                        ("rejection_reason", models.TextField(blank=True)),
                        (
                            "proof_document",
                            models.FileField(
                                blank=True,
                                max_length=200,
                                storage=verification.models.private_storage,
                                upload_to=verification.models.proof_upload_to,
                            ),
                        ),
                        ("proof_content_type", models.CharField(blank=True, max_length=40)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        ("version", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("dipl-ac", "Dipl. Ac. (NCCAOM Diplomate of Acupuncture)"),
                                    (
                                        "dipl-om",
                                        "Dipl. O.M. (NCCAOM Diplomate of Oriental Medicine)",
                                    ),
                                    (
                                        "dipl-ch",
                                        "Dipl. C.H. (NCCAOM Diplomate of Chinese Herbology)",
                                    ),
                                    (
                                        "dipl-abt",
                                        "Dipl. ABT (NCCAOM Diplomate of Asian Bodywork Therapy)",
                                    ),
                                    ("dacm", "DACM (Doctor of Acupuncture and Chinese Medicine)"),
                                    ("daom", "DAOM (Doctor of Acupuncture and Oriental Medicine)"),
                                    ("abma", "Medical acupuncture board certification (ABMA)"),
                                    (
                                        "masters",
                                        "Master's degree in acupuncture or Oriental medicine",
                                    ),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "issuer",
                            models.CharField(
                                help_text="e.g. NCCAOM, the school, ABMA.", max_length=160
                            ),
                        ),
                        (
                            "identifier",
                            models.CharField(
                                blank=True, help_text="Certificate number.", max_length=60
                            ),
                        ),
                        ("issued_on", models.DateField(blank=True, null=True)),
                        ("expires_on", models.DateField(blank=True, null=True)),
                        (
                            "practitioner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="credentials",
                                to="practitioners.practitioner",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "practitioners_credential",
                        "ordering": ["kind", "issued_on"],
                    },
                ),
                migrations.CreateModel(
                    name="License",
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
                            "verification_status",
                            models.CharField(
                                choices=[
                                    ("unverified", "Unverified"),
                                    ("pending", "Pending review"),
                                    ("verified", "Verified"),
                                    ("rejected", "Rejected"),
                                    ("expired", "Expired"),
                                    ("needs_review", "Needs review"),
                                ],
                                default="unverified",
                                max_length=12,
                            ),
                        ),
                        ("verified_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "primary_source",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("state-board-lookup", "State board license lookup"),
                                    ("nccaom-registry", "NCCAOM certification registry"),
                                    ("board-roster", "State board roster file"),
                                    (
                                        "issuer-letter",
                                        "Letter or certificate confirmed with the issuer",
                                    ),
                                ],
                                max_length=24,
                            ),
                        ),
                        (
                            "primary_source_reference",
                            models.CharField(
                                blank=True,
                                help_text="URL or reference of the exact record checked.",
                                max_length=300,
                            ),
                        ),
                        ("next_recheck_on", models.DateField(blank=True, null=True)),
                        ("rejection_reason", models.TextField(blank=True)),
                        (
                            "proof_document",
                            models.FileField(
                                blank=True,
                                max_length=200,
                                storage=verification.models.private_storage,
                                upload_to=verification.models.proof_upload_to,
                            ),
                        ),
                        ("proof_content_type", models.CharField(blank=True, max_length=40)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        ("version", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("AL", "Alabama"),
                                    ("AK", "Alaska"),
                                    ("AZ", "Arizona"),
                                    ("AR", "Arkansas"),
                                    ("CA", "California"),
                                    ("CO", "Colorado"),
                                    ("CT", "Connecticut"),
                                    ("DE", "Delaware"),
                                    ("DC", "District of Columbia"),
                                    ("FL", "Florida"),
                                    ("GA", "Georgia"),
                                    ("HI", "Hawaii"),
                                    ("ID", "Idaho"),
                                    ("IL", "Illinois"),
                                    ("IN", "Indiana"),
                                    ("IA", "Iowa"),
                                    ("KS", "Kansas"),
                                    ("KY", "Kentucky"),
                                    ("LA", "Louisiana"),
                                    ("ME", "Maine"),
                                    ("MD", "Maryland"),
                                    ("MA", "Massachusetts"),
                                    ("MI", "Michigan"),
                                    ("MN", "Minnesota"),
                                    ("MS", "Mississippi"),
                                    ("MO", "Missouri"),
                                    ("MT", "Montana"),
                                    ("NE", "Nebraska"),
                                    ("NV", "Nevada"),
                                    ("NH", "New Hampshire"),
                                    ("NJ", "New Jersey"),
                                    ("NM", "New Mexico"),
                                    ("NY", "New York"),
                                    ("NC", "North Carolina"),
                                    ("ND", "North Dakota"),
                                    ("OH", "Ohio"),
                                    ("OK", "Oklahoma"),
                                    ("OR", "Oregon"),
                                    ("PA", "Pennsylvania"),
                                    ("RI", "Rhode Island"),
                                    ("SC", "South Carolina"),
                                    ("SD", "South Dakota"),
                                    ("TN", "Tennessee"),
                                    ("TX", "Texas"),
                                    ("UT", "Utah"),
                                    ("VT", "Vermont"),
                                    ("VA", "Virginia"),
                                    ("WA", "Washington"),
                                    ("WV", "West Virginia"),
                                    ("WI", "Wisconsin"),
                                    ("WY", "Wyoming"),
                                    ("PR", "Puerto Rico"),
                                    ("GU", "Guam"),
                                    ("VI", "U.S. Virgin Islands"),
                                ],
                                max_length=2,
                            ),
                        ),
                        ("number", models.CharField(max_length=40, verbose_name="license number")),
                        (
                            "title",
                            models.CharField(
                                choices=[
                                    ("lac", "L.Ac. (Licensed Acupuncturist)"),
                                    ("acupuncturist", "Acupuncturist (state title)"),
                                    ("physician", "Physician (MD/DO) with acupuncture scope"),
                                    ("other", "Other licensed professional with acupuncture scope"),
                                ],
                                default="lac",
                                max_length=16,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "Active"),
                                    ("inactive", "Inactive"),
                                    ("probation", "On probation"),
                                    ("suspended", "Suspended"),
                                    ("revoked", "Revoked"),
                                    ("lapsed", "Lapsed"),
                                ],
                                default="active",
                                max_length=12,
                                verbose_name="standing",
                            ),
                        ),
                        ("issued_on", models.DateField(blank=True, null=True)),
                        ("expires_on", models.DateField(blank=True, null=True)),
                        (
                            "practitioner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="licenses",
                                to="practitioners.practitioner",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "board",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="licenses",
                                to="verification.licensingboard",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "practitioners_license",
                        "ordering": ["state", "number"],
                    },
                ),
                migrations.CreateModel(
                    name="ExpiryReminder",
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
                        ("days_before", models.PositiveSmallIntegerField()),
                        ("expires_on", models.DateField()),
                        ("recipient", models.EmailField(blank=True, max_length=254)),
                        ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "credential",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="expiry_reminders",
                                to="verification.credential",
                            ),
                        ),
                        (
                            "license",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="expiry_reminders",
                                to="verification.license",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "practitioners_expiryreminder",
                        "ordering": ["-sent_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="VerificationEvent",
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
                            "from_status",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("unverified", "Unverified"),
                                    ("pending", "Pending review"),
                                    ("verified", "Verified"),
                                    ("rejected", "Rejected"),
                                    ("expired", "Expired"),
                                    ("needs_review", "Needs review"),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("unverified", "Unverified"),
                                    ("pending", "Pending review"),
                                    ("verified", "Verified"),
                                    ("rejected", "Rejected"),
                                    ("expired", "Expired"),
                                    ("needs_review", "Needs review"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("note", models.TextField(blank=True)),
                        (
                            "created_at",
                            models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty for automatic changes (the daily sweep).",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "credential",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="verification.credential",
                            ),
                        ),
                        (
                            "license",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="verification.license",
                            ),
                        ),
                        (
                            "practitioner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="verification_events",
                                to="practitioners.practitioner",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "practitioners_verificationevent",
                        "ordering": ["-created_at", "-id"],
                    },
                    bases=(core.models.AppendOnly, models.Model),
                ),
                migrations.AddIndex(
                    model_name="credential",
                    index=models.Index(
                        fields=["practitioner", "verification_status"], name="credential_status_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="credential",
                    index=models.Index(
                        fields=["verification_status", "submitted_at"], name="credential_queue_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="credential",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "verification_status__in",
                                [
                                    "unverified",
                                    "pending",
                                    "verified",
                                    "rejected",
                                    "expired",
                                    "needs_review",
                                ],
                            )
                        ),
                        name="credential_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="credential",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("verification_status", "verified"), _negated=True),
                            models.Q(
                                ("verified_at__isnull", False),
                                models.Q(("primary_source", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="credential_verified_has_source_and_time",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="credential",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("verification_status", "rejected"), _negated=True),
                            models.Q(("rejection_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="credential_rejected_has_reason",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="credential",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("verification_status", "pending"), _negated=True),
                            models.Q(("proof_document", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="credential_pending_has_proof",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="credential",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("expires_on__isnull", True),
                            ("issued_on__isnull", True),
                            ("expires_on__gte", models.F("issued_on")),
                            _connector="OR",
                        ),
                        name="credential_expires_after_issue",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="credential",
                    constraint=models.UniqueConstraint(
                        fields=("practitioner", "kind"),
                        name="credential_one_per_kind_per_practitioner",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="credential",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("issuer", ""), _negated=True),
                        name="credential_issuer_present",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="expiryreminder",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("license__isnull", False), ("credential__isnull", True)),
                            models.Q(("license__isnull", True), ("credential__isnull", False)),
                            _connector="OR",
                        ),
                        name="expiry_reminder_exactly_one_record",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="expiryreminder",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("license__isnull", False)),
                        fields=("license", "days_before", "expires_on"),
                        name="expiry_reminder_once_per_license",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="expiryreminder",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("credential__isnull", False)),
                        fields=("credential", "days_before", "expires_on"),
                        name="expiry_reminder_once_per_credential",
                    ),
                ),
                migrations.AddIndex(
                    model_name="license",
                    index=models.Index(
                        fields=["practitioner", "verification_status", "status", "expires_on"],
                        name="license_standing_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="license",
                    index=models.Index(
                        fields=["verification_status", "submitted_at"], name="license_queue_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="license",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "verification_status__in",
                                [
                                    "unverified",
                                    "pending",
                                    "verified",
                                    "rejected",
                                    "expired",
                                    "needs_review",
                                ],
                            )
                        ),
                        name="license_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="license",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("verification_status", "verified"), _negated=True),
                            models.Q(
                                ("verified_at__isnull", False),
                                models.Q(("primary_source", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="license_verified_has_source_and_time",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="license",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("verification_status", "rejected"), _negated=True),
                            models.Q(("rejection_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="license_rejected_has_reason",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="license",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("verification_status", "pending"), _negated=True),
                            models.Q(("proof_document", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="license_pending_has_proof",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="license",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("expires_on__isnull", True),
                            ("issued_on__isnull", True),
                            ("expires_on__gte", models.F("issued_on")),
                            _connector="OR",
                        ),
                        name="license_expires_after_issue",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="license",
                    constraint=models.UniqueConstraint(
                        fields=("state", "number"), name="license_state_number_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="license",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("number", ""), _negated=True),
                        name="license_number_present",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="license",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "active",
                                    "inactive",
                                    "probation",
                                    "suspended",
                                    "revoked",
                                    "lapsed",
                                ],
                            )
                        ),
                        name="license_standing_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="verificationevent",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("license__isnull", False), ("credential__isnull", True)),
                            models.Q(("license__isnull", True), ("credential__isnull", False)),
                            _connector="OR",
                        ),
                        name="verification_event_exactly_one_record",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="verificationevent",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("from_status", models.F("to_status")), _negated=True),
                        name="verification_event_changes_status",
                    ),
                ),
            ],
            database_operations=[],
        ),
        # Permissions and admin history follow the models to their new app.
        migrations.RunPython(FORWARD, BACKWARD),
    ]
