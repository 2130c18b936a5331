"""Two real `manage.py db_worker` processes on one database never run the same task twice,
and share the work.

django-tasks-db claims a task in a transaction that locks its row: on PostgreSQL with
`SELECT … FOR UPDATE SKIP LOCKED`, so each worker takes the next row the other has not
locked; on SQLite with an exclusive transaction, which serialises the claims of all workers
(production on SQLite runs one worker on one machine; several workers are for PostgreSQL,
docs/deployment.md). The test runs on whichever DATABASE_URL names (`make test` runs it on
both), on a database of its own (bench/rush.py's `fresh_database`). Each run of the test
task is a row in a plain table without a unique key, so a second run would show."""

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.harness import PYTHON, bench_env
from bench.rush import fresh_database, run_checked
from tests.jobs.test_dead_worker import log_of, workers

TASKS = 200
WAIT_SECONDS = 120

Report = dict[str, Any]  # tests/jobs/queue_world.py's report


def queue_report(env: dict[str, str]) -> Report:
    report: Report = json.loads(
        run_checked([PYTHON, "-m", "tests.jobs.queue_world", "report"], env)
    )
    return report


def queue_env(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    defaults = {
        "CREDENTIAL_KEYS_FILE": str(tmp_path / "keys.json"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    return bench_env(url, **{**defaults, **extra})


def queue_world(env: dict[str, str], *args: str) -> Any:
    return json.loads(run_checked([PYTHON, "-m", "tests.jobs.queue_world", *args], env))


def wait_until(env: dict[str, str], done: Callable[[Report], bool], log: Path) -> Report:
    deadline = time.monotonic() + WAIT_SECONDS
    while not done(report := queue_report(env)):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {WAIT_SECONDS} s: {report}; log:\n{log_of(log)}")
        time.sleep(0.5)
    return report


def both_started(log: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not log.exists() or log.read_text().count("Starting worker") < 2:
        if time.monotonic() > deadline:
            raise AssertionError(f"the workers did not start; log:\n{log_of(log)}")
        time.sleep(0.1)


def test_it_runs_each_of_200_tasks_once_with_two_workers_taking_some_each(tmp_path):
    log = tmp_path / "workers.log"
    with fresh_database(os.environ.get("DATABASE_URL"), tmp_path) as url:
        env = queue_env(url, tmp_path)
        run_checked([PYTHON, "manage.py", "migrate", "-v0"], env)
        queue_world(env, "setup")
        with workers() as start:
            first, second = start(env, log), start(env, log)
            # The tasks come once both workers are polling: on a busy machine one worker
            # could otherwise run all 200 before the other has started.
            both_started(log)
            queue_world(env, "runs", str(TASKS))
            wait_until(env, lambda report: sum(report["runs"].values()) >= TASKS, log)
            time.sleep(1)  # a second run of some task would come after the last first run
            report = queue_report(env)
            for process in (first, second):
                process.terminate()
                process.wait(timeout=30)

    assert report["runs"] == {f"run-{number}": 1 for number in range(TASKS)}
    assert report["tasks"]["record_run SUCCESSFUL"] == TASKS
    assert "record_run FAILED" not in report["tasks"]
    assert len(report["workers"]) == 2  # both workers ran some
    assert min(report["workers"]) >= 1, report["workers"]
    assert report["failures"] == []
