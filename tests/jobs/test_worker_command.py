"""`manage.py db_worker` is ours: django-tasks-db's worker with a watchdog thread that takes
up the jobs of workers that died (lifelong/jobs/management/commands/db_worker.py)."""

import logging
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.utils import timezone
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands.db_worker import Command as OriginalWorker

from lifelong.jobs.management.commands import db_worker
from lifelong.jobs.management.commands.db_worker import Command as Worker
from lifelong.jobs.management.commands.db_worker import Watchdog
from lifelong.jobs.models import Job
from lifelong.jobs.services import jobs_requeue_stale


def test_it_runs_our_worker_for_manage_py_db_worker():
    app = get_commands()["db_worker"]
    assert app == "lifelong.jobs"
    command = load_command_class(app, "db_worker")
    assert isinstance(command, Worker)
    assert isinstance(command, OriginalWorker)  # with every option of the original


@pytest.mark.django_db(transaction=True)  # the watchdog's thread has a connection of its own
def test_its_watchdog_takes_up_a_job_whose_worker_died_while_this_one_runs():
    long_ago = timezone.now() - timedelta(seconds=2 * settings.JOB_STALE_SECONDS)
    job = Job.objects.create(
        kind="certificates.issue",
        task="lifelong.certificates.services.issue_run_task",
        state=Job.State.RUNNING,
        attempts=1,
        created_at=long_ago,
        heartbeat_at=long_ago,
    )
    taken_up = threading.Event()

    def requeue_and_tell() -> list[int]:
        ids = jobs_requeue_stale()
        if ids:
            taken_up.set()
        return ids

    # The test waits for the event rather than reading the job meanwhile: SQLite's shared
    # in-memory test database locks whole tables between threads, without waiting.
    with mock.patch.object(db_worker, "jobs_requeue_stale", requeue_and_tell):
        watchdog = Watchdog(every=0.05)
        watchdog.start()
        try:
            assert taken_up.wait(timeout=10), "the watchdog did not take the job up"
        finally:
            watchdog.stopping.set()
            watchdog.join(timeout=10)
    assert not watchdog.is_alive()
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED
    assert job.task_result_id is not None  # its task is queued again


@pytest.mark.parametrize(
    ("debug", "verbosity", "level"),
    [
        (True, 1, logging.WARNING),  # make run: the e-mail's own line, failures still shown
        (True, 2, logging.DEBUG),
        (False, 1, logging.INFO),  # production keeps a line per task
    ],
)
def test_in_development_it_prints_no_line_per_task_that_went_well(
    settings, debug, verbosity, level
):
    settings.DEBUG = debug
    tasks_logger = logging.getLogger(TASKS_LOGGER)
    before = tasks_logger.level
    try:
        Worker().configure_logging(verbosity)
        assert tasks_logger.level == level
        assert tasks_logger.isEnabledFor(logging.ERROR)  # a failed task is always told
    finally:
        tasks_logger.setLevel(before)
