"""Background work, run by `manage.py db_worker`. Thin: each task takes ids and calls one
service, and each is safe to run twice or late."""

from datetime import datetime

from django.db import transaction
from django_tasks import task

from lifelong.enrolment import notifications, services
from lifelong.enrolment.errors import EnrolmentError


@task()
def notification_send_task(application_id: int, kind: str, session_id: int | None) -> bool:
    return notifications.notification_send(
        application_id=application_id, kind=kind, session_id=session_id
    )


@task()
def offer_lapse_task(application_id: int) -> bool:
    return services.offer_lapse(application_id=application_id)


@task()
def lottery_draw_task(edition_id: int) -> str:
    try:
        return services.lottery_draw(edition_id=edition_id).seed
    except EnrolmentError as error:
        # Moved to a later time or switched to another mode: the edition's new
        # schedule has a task of its own.
        return error.code


@task()
def session_reminders_task(session_id: int, starts_at: str) -> int:
    with transaction.atomic():
        return notifications.reminders_queue(
            session_id=session_id, expected_start=datetime.fromisoformat(starts_at)
        )


@task()
def staff_message_send_task(job_id: int) -> str:
    """Sends a message to applicants (a job of kind enrolment.message)."""
    from lifelong.enrolment.staff_messages import staff_message_deliver

    job = staff_message_deliver(job_id=job_id)
    return job.state if job else "gone"
