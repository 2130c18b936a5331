"""Background work of certificates, run by `manage.py db_worker`: thin, takes ids, safe to
run twice."""

from django_tasks import task

from lifelong.certificates import services


@task()
def issue_run_task(job_id: int) -> str:
    """Issues the certificates of a run (a job of kind certificates.issue)."""
    job = services.issue_run_execute(job_id=job_id)
    return job.state if job else "gone"
