"""Expiry reminders count as sent only once their email went out.

Reminders recorded before this migration were sent at once (or their failure
was swallowed): they keep their `sent_at` and are taken as sent, and their
`queued_at` is that same moment.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def queued_when_sent(apps, schema_editor):
    ExpiryReminder = apps.get_model("verification", "ExpiryReminder")
    ExpiryReminder.objects.update(queued_at=F("sent_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("verification", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="expiryreminder",
            options={"ordering": ["-queued_at", "-id"]},
        ),
        migrations.AddField(
            model_name="expiryreminder",
            name="queued_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(queued_when_sent, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="expiryreminder",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
