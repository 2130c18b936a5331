"""The check-in pass now belongs to enrolment (its migration 0004 takes over the table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("attendance", "0002_fewer_indexes_on_attendance"),
        ("enrolment", "0004_checkin_pass_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CheckinPass")],
            database_operations=[],
        ),
    ]
