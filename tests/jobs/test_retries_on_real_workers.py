"""Retries on real workers: two `manage.py db_worker` processes on a database of their own
(as tests/jobs/test_two_workers.py), with TASK_RETRY_ATTEMPTS=3 and no pause between tries.

- a task that fails twice, then succeeds: run three times, its failure record resolved;
- a task that always fails: run three times, then given up with its error;
- an applicant's e-mail while the mail server refuses connections: given up with the
  connection error (before retries, a failed e-mail task was silent).
"""

import os

from bench.harness import PYTHON
from bench.rush import free_port, fresh_database, run_checked
from tests.jobs.test_dead_worker import workers
from tests.jobs.test_two_workers import Report, queue_env, queue_world, wait_until


def _settled(report: Report) -> bool:
    """Every failure record closed or given up, and nothing of the tests' left to run."""
    states = [failure["state"] for failure in report["failures"]]
    return len(states) == 3 and all(state in ("resolved", "given_up") for state in states)


def test_it_retries_failed_tasks_on_real_workers_and_gives_up_those_that_keep_failing(
    tmp_path,
):
    log = tmp_path / "workers.log"
    with fresh_database(os.environ.get("DATABASE_URL"), tmp_path) as url:
        env = queue_env(
            url,
            tmp_path,
            TASK_RETRY_ATTEMPTS="3",
            TASK_RETRY_BASE_SECONDS="0",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(free_port()),  # nothing listens there
        )
        run_checked([PYTHON, "manage.py", "migrate", "-v0"], env)
        queue_world(env, "setup")
        queue_world(env, "flaky", "twice", "2")
        queue_world(env, "failing", "never")
        application_id = queue_world(env, "email")
        with workers() as start:
            processes = [start(env, log), start(env, log)]
            report = wait_until(env, _settled, log)
            for process in processes:
                process.terminate()
                process.wait(timeout=30)

    assert report["runs"] == {"twice": 3, "never": 3}
    failures = {failure["task"]: failure for failure in report["failures"]}
    assert failures["fail_then_succeed"]["state"] == "resolved"
    assert failures["fail_then_succeed"]["attempts"] == 2
    assert report["tasks"]["fail_then_succeed SUCCESSFUL"] == 1
    assert report["tasks"]["fail_then_succeed FAILED"] == 2
    assert failures["always_fail"]["state"] == "given_up"
    assert failures["always_fail"]["attempts"] == 3
    assert failures["always_fail"]["error"] == "builtins.ValueError: never always fails"
    assert report["tasks"]["always_fail FAILED"] == 3
    email = failures["notification_send_task"]
    assert (email["state"], email["attempts"]) == ("given_up", 3)
    assert email["error"].startswith("builtins.ConnectionRefusedError")
    assert email["args"][0] == application_id
