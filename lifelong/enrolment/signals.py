"""Timed work follows the catalogue: a lottery edition schedules its draw, a session its
reminder. Each task checks, when it runs, that the time it was scheduled for still holds."""

from datetime import timedelta
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from lifelong.catalogue.models import Edition, Session

REMINDER_AHEAD = timedelta(days=1)


@receiver(post_save, sender=Edition, dispatch_uid="schedule-lottery")
def _schedule_lottery(
    instance: Edition, raw: bool = False, update_fields: Any = None, **_kwargs: Any
) -> None:
    from lifelong.enrolment.tasks import lottery_draw_task

    if update_fields and not {"lottery_at", "selection_mode"} & set(update_fields):
        return
    if raw or instance.selection_mode != Edition.SelectionMode.LOTTERY or not instance.lottery_at:
        return
    lottery_draw_task.using(run_after=instance.lottery_at).enqueue(instance.pk)


def reminders_schedule(session: Session) -> None:
    """Queue the day-before reminder of a future session (bulk loaders call this too)."""
    from lifelong.enrolment.tasks import session_reminders_task

    now = timezone.now()
    if session.starts_at <= now:
        return
    session_reminders_task.using(run_after=max(session.starts_at - REMINDER_AHEAD, now)).enqueue(
        session.pk, session.starts_at.isoformat()
    )


@receiver(post_save, sender=Session, dispatch_uid="schedule-reminders")
def _schedule_reminders(instance: Session, raw: bool = False, **_kwargs: Any) -> None:
    if not raw:
        reminders_schedule(instance)
