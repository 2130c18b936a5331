"""Bulk issue runs become jobs (lifelong/jobs/) of kind "certificates.issue". A run that was
waiting or running becomes a job without a task and with its last report as heartbeat: the
next worker takes it up again once that is older than JOB_STALE_SECONDS."""

from django.db import migrations

KIND = "certificates.issue"
TASK = "lifelong.certificates.services.issue_run_task"
FINISHED = ("done", "failed")


def forwards(apps, schema_editor):
    IssueRun = apps.get_model("certificates", "IssueRun")
    Job = apps.get_model("jobs", "Job")
    Job.objects.bulk_create(
        Job(
            kind=KIND,
            task=TASK,
            edition_id=run.edition_id,
            started_by_id=run.started_by_id,
            state=run.state,
            total=run.total,
            done=run.done,
            result={"issued": run.issued},
            error=run.error,
            attempts=0 if run.state == "queued" else 1,
            created_at=run.created_at,
            started_at=None if run.state == "queued" else run.created_at,
            heartbeat_at=run.updated_at,
            finished_at=run.updated_at if run.state in FINISHED else None,
        )
        for run in IssueRun.objects.order_by("pk")
    )


def backwards(apps, schema_editor):
    IssueRun = apps.get_model("certificates", "IssueRun")
    Job = apps.get_model("jobs", "Job")
    IssueRun.objects.bulk_create(
        IssueRun(
            edition_id=job.edition_id,
            started_by_id=job.started_by_id,
            state=job.state,
            created_at=job.created_at,
            updated_at=job.finished_at or job.heartbeat_at,
            total=job.total,
            done=job.done,
            issued=job.result.get("issued", 0),
            error=job.error,
        )
        for job in Job.objects.filter(kind=KIND).order_by("pk")
    )
    Job.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_assessments_from_rules"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="IssueRun"),
    ]
