"""The check-in pass comes with an accepted place, so it moves from attendance to enrolment:
first the model's state (its table stays), then the table's name; then every accepted place
that has no valid pass yet gets one (until now, a pass was made when first shown)."""

import secrets

import django.db.models.deletion
from django.db import migrations, models

_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def passes_for_accepted_places(apps, schema_editor):
    Application = apps.get_model("enrolment", "Application")
    CheckinPass = apps.get_model("enrolment", "CheckinPass")
    having = CheckinPass.objects.filter(revoked_at=None).values("application_id")
    for application in Application.objects.filter(state="accepted").exclude(pk__in=having):
        CheckinPass.objects.create(
            application=application, code=_code(), created_at=application.state_changed_at
        )


class Migration(migrations.Migration):

    dependencies = [
        ("enrolment", "0003_staff_message"),
        ("attendance", "0002_fewer_indexes_on_attendance"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CheckinPass",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(max_length=16, unique=True, verbose_name="pass code")),
                        ("created_at", models.DateTimeField(verbose_name="created")),
                        ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                        ("application", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="passes", to="enrolment.application")),
                    ],
                    options={
                        "verbose_name": "check-in pass",
                        "verbose_name_plural": "check-in passes",
                        "db_table": "attendance_checkinpass",
                        "constraints": [models.UniqueConstraint(condition=models.Q(("revoked_at__isnull", True)), fields=("application",), name="checkin_pass_one_valid_per_application")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="checkinpass", table=None),
        migrations.RunPython(passes_for_accepted_places, migrations.RunPython.noop),
    ]
