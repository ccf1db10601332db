"""Verification events keep the evidence of a verification: its source and reference."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("verification", "0002_expiry_reminder_sent_when_sent"),
    ]

    operations = [
        migrations.AddField(
            model_name="verificationevent",
            name="primary_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("state-board-lookup", "State board license lookup"),
                    ("nccaom-registry", "NCCAOM certification registry"),
                    ("board-roster", "State board roster file"),
                    ("issuer-letter", "Letter or certificate confirmed with the issuer"),
                ],
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="verificationevent",
            name="primary_source_reference",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddConstraint(
            model_name="verificationevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("to_status", "verified"),
                    models.Q(("primary_source", ""), ("primary_source_reference", "")),
                    _connector="OR",
                ),
                name="verification_event_evidence_only_on_verify",
            ),
        ),
    ]
