"""Tasks for the task-queue tests, run by the real worker (in the test's process or in
`manage.py db_worker` subprocesses). Each run is a row of `queue_test_runs`, a plain table
the tests make (`runs_table_create`): a run twice shows as two rows."""

import os
import time

from django.db import connection
from django_tasks import task


def runs_table_create() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS queue_test_runs (run_key varchar(40) NOT NULL, pid integer)"
        )


def runs_of(key: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM queue_test_runs WHERE run_key = %s", [key])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def runs_by_key() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT run_key, COUNT(*) FROM queue_test_runs GROUP BY run_key")
        return {str(key): int(n) for key, n in cursor.fetchall()}


def runs_by_worker() -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid, COUNT(*) FROM queue_test_runs GROUP BY pid")
        return {int(pid): int(n) for pid, n in cursor.fetchall()}


def _record(key: str) -> int:
    """Note this run; how many runs of `key` there have been, this one included."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO queue_test_runs (run_key, pid) VALUES (%s, %s)", [key, os.getpid()]
        )
    return runs_of(key)


class Flaky(Exception):
    pass


@task()
def record_run(key: str) -> int:
    time.sleep(0.02)  # as a short real task: one worker alone cannot clear the queue at once
    return _record(key)


@task()
def fail_then_succeed(key: str, failures: int) -> int:
    """Raises on its first `failures` runs, then succeeds."""
    runs = _record(key)
    if runs <= failures:
        raise Flaky(f"run {runs} of {key} fails on purpose")
    return runs


@task()
def always_fail(key: str) -> None:
    _record(key)
    raise ValueError(f"{key} always fails")
