"""Daily tasks: one run waits at a time; the worker queues it when it starts; each run
queues the next day's first."""

from datetime import datetime
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lifelong.jobs.daily import daily_ensure, daily_ensure_all, next_run_at
from lifelong.office.retention import retention_daily
from tests.enrolment.helpers import run_tasks
from tests.factories import BERLIN

pytestmark = pytest.mark.django_db

PATH = retention_daily.module_path


def _waiting() -> list[DBTaskResult[Any, Any]]:
    return list(DBTaskResult.objects.filter(task_path=PATH, status=TaskResultStatus.READY))


def test_it_runs_at_the_hour_of_the_next_day(settings):
    settings.DAILY_TASKS_HOUR = 3
    assert next_run_at(datetime(2030, 3, 30, 2, 59, tzinfo=BERLIN)) == datetime(
        2030, 3, 30, 3, tzinfo=BERLIN
    )
    assert next_run_at(datetime(2030, 3, 30, 3, tzinfo=BERLIN)) == datetime(
        2030, 3, 31, 3, tzinfo=BERLIN
    )


def test_it_keeps_one_run_waiting_however_often_it_is_ensured():
    first = daily_ensure(retention_daily)
    second = daily_ensure(retention_daily)
    daily_ensure_all()
    assert first.pk == second.pk
    assert len(_waiting()) == 1


def test_it_queues_the_daily_tasks_when_the_worker_starts():
    from lifelong.jobs.management.commands.db_worker import ensure_daily_tasks

    ensure_daily_tasks()
    assert len(_waiting()) == 1


def test_it_queues_the_next_run_when_it_runs():
    now = timezone.now()
    daily_ensure(retention_daily)
    DBTaskResult.objects.filter(task_path=PATH).update(run_after=now)
    with mock.patch("lifelong.office.retention.retention_apply", return_value={}) as applied:
        run_tasks()
    assert applied.call_count == 1
    waiting = _waiting()
    assert len(waiting) == 1
    assert waiting[0].run_after > now
