"""Commands for the tests on real workers (test_two_workers.py,
test_retries_on_real_workers.py), run in subprocesses on the workers' database
(DATABASE_URL):

    python -m tests.jobs.queue_world setup             the table of runs (tests/jobs/queue_tasks.py)
    python -m tests.jobs.queue_world runs N            queue N tasks that record their run
    python -m tests.jobs.queue_world flaky KEY FAILS   queue a task failing FAILS times, then not
    python -m tests.jobs.queue_world failing KEY       queue a task that always fails
    python -m tests.jobs.queue_world email             an application, whose e-mail is queued
    python -m tests.jobs.queue_world report            runs, tasks and failure records, as JSON
"""

import json
import sys
from collections import Counter
from typing import Any

from bench.rush import django_setup


def _command(name: str, args: list[str]) -> Any:
    django_setup()
    from django_tasks_db.models import DBTaskResult

    from lifelong.jobs.models import TaskFailure
    from tests.jobs import queue_tasks

    if name == "setup":
        queue_tasks.runs_table_create()
        return None
    if name == "runs":
        for number in range(int(args[0])):
            queue_tasks.record_run.enqueue(f"run-{number}")
        return None
    if name == "flaky":
        return str(queue_tasks.fail_then_succeed.enqueue(args[0], int(args[1])).id)
    if name == "failing":
        return str(queue_tasks.always_fail.enqueue(args[0]).id)
    if name == "email":
        from tests.enrolment.helpers import apply, make_open_edition

        return apply(make_open_edition()).pk
    return {
        "runs": queue_tasks.runs_by_key(),
        "workers": list(queue_tasks.runs_by_worker().values()),
        "tasks": Counter(
            f"{path.rsplit('.', 1)[-1]} {status}"
            for path, status in DBTaskResult.objects.values_list("task_path", "status")
        ),
        "failures": [
            {
                "task": failure.task_path.rsplit(".", 1)[-1],
                "state": failure.state,
                "attempts": failure.attempts,
                "error": f"{failure.error_class}: {failure.error_message}",
                "args": failure.args,
            }
            for failure in TaskFailure.objects.order_by("pk")
        ],
    }


if __name__ == "__main__":
    print(json.dumps(_command(sys.argv[1], sys.argv[2:])))
