"""Background work of certificates, run by `manage.py db_worker`: thin, takes ids, safe to
run twice."""

from django_tasks import task

from lifelong.certificates import services


@task()
def issue_run_task(run_id: int) -> int:
    return services.issue_run_execute(run_id=run_id).issued
