"""A message's sending (state, progress, error) moves into a job (lifelong/jobs/) of kind
"enrolment.message". A message that was waiting or being sent becomes a job without a task:
the next worker takes it up again and sends to whoever was not written to yet."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Max

KIND = "enrolment.message"
TASK = "lifelong.enrolment.staff_messages.staff_message_send_task"
TO_JOB = {"queued": "queued", "sending": "running", "done": "done", "failed": "failed"}
FROM_JOB = {job: message for message, job in TO_JOB.items()}


def forwards(apps, schema_editor):
    StaffMessage = apps.get_model("enrolment", "StaffMessage")
    Job = apps.get_model("jobs", "Job")
    for message in StaffMessage.objects.order_by("pk"):
        last_sent = message.recipients.aggregate(last=Max("sent_at"))["last"]
        state = TO_JOB[message.state]
        message.job = Job.objects.create(
            kind=KIND,
            task=TASK,
            edition_id=message.edition_id,
            started_by_id=message.sender_id,
            state=state,
            total=message.total,
            done=message.sent,
            error=message.error,
            attempts=0 if state == "queued" else 1,
            created_at=message.created_at,
            started_at=None if state == "queued" else message.created_at,
            heartbeat_at=last_sent or message.created_at,
            finished_at=(last_sent or message.created_at) if state in ("done", "failed") else None,
        )
        message.save(update_fields=["job"])


def backwards(apps, schema_editor):
    StaffMessage = apps.get_model("enrolment", "StaffMessage")
    for message in StaffMessage.objects.select_related("job"):
        job = message.job
        message.state = FROM_JOB[job.state]
        message.total, message.sent, message.error = job.total, job.done, job.error[:300]
        message.job = None  # before its job goes, which would take the message with it
        message.save(update_fields=["state", "total", "sent", "error", "job"])
    apps.get_model("jobs", "Job").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enrolment", "0004_checkin_pass_moves_here"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffmessage",
            name="job",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="staff_message",
                to="jobs.job",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="staffmessage",
            name="job",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="staff_message",
                to="jobs.job",
            ),
        ),
        migrations.RemoveField(model_name="staffmessage", name="error"),
        migrations.RemoveField(model_name="staffmessage", name="sent"),
        migrations.RemoveField(model_name="staffmessage", name="state"),
        migrations.RemoveField(model_name="staffmessage", name="total"),
    ]
