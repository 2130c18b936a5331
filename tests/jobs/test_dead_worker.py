"""A worker killed in the middle of a bulk certificate run: the next worker takes the run up
again and finishes it, and everyone gets exactly one certificate.

The real `manage.py db_worker`, in subprocesses, on a database of its own that the test
reads too: a new SQLite file, or, when DATABASE_URL names a PostgreSQL server (`make
test-postgres`), a new database on that server (bench/rush.py's `fresh_database`, as the
application rush test does). The first worker is killed with SIGKILL once the run has
issued its first batch, the way the kernel's OOM killer or a pulled plug would stop it: no
signal handler, no `finally`. The second worker starts with JOB_STALE_SECONDS=2, so the run
counts as orphaned two seconds after its last report.
"""

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from bench.harness import PYTHON, ROOT, bench_env
from bench.rush import fresh_database, run_checked

# Enough that the run is far from done when the first batches are in (20 per batch).
PEOPLE = 300
WAIT_SECONDS = 120


def _job(url: str, job_id: int) -> tuple[str, int, int]:
    """The job's state, done and total, read straight from the workers' database."""
    query = "SELECT state, done, total FROM jobs_job WHERE id = ?"
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20)) as db:
            row = db.execute(query, (job_id,)).fetchone()
    else:
        import psycopg

        with psycopg.connect(url) as db:
            row = db.execute(query.replace("?", "%s"), (job_id,)).fetchone()
    assert row is not None
    return str(row[0]), int(row[1]), int(row[2])


def _wait_for(what: str, condition: Callable[[], bool], log: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {WAIT_SECONDS} s for {what}; worker log:\n{log_of(log)}")
        time.sleep(0.02)


def log_of(log: Path) -> str:
    return log.read_text()[-3000:] if log.exists() else "(none)"


@contextmanager
def workers() -> Iterator[Callable[[dict[str, str], Path], subprocess.Popen[bytes]]]:
    """Starts real workers; whatever happens, none outlives the block."""
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            process = subprocess.Popen(
                [PYTHON, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


def test_it_resumes_a_run_whose_worker_was_killed_and_issues_each_certificate_once(tmp_path):
    log = tmp_path / "workers.log"
    with fresh_database(os.environ.get("DATABASE_URL"), tmp_path) as url:
        env = bench_env(
            url,
            CREDENTIAL_KEYS_FILE=str(tmp_path / "keys.json"),
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            MEDIA_ROOT=str(tmp_path / "media"),
        )
        run_checked([PYTHON, "manage.py", "migrate", "-v0"], env)
        run_checked([PYTHON, "manage.py", "credential_keys", "--rotate"], env)
        edition_id = json.loads(
            run_checked([PYTHON, "-m", "bench.certificates", "seed", str(PEOPLE)], env)
        )
        with workers() as start:
            first = start(env, log)
            job_id = json.loads(
                run_checked(
                    [PYTHON, "-m", "tests.jobs.worker_world", "start", str(edition_id)], env
                )
            )

            def half_way() -> bool:
                state, done, total = _job(url, job_id)
                return state == "running" and 0 < done < total

            _wait_for("the first batches", half_way, log)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
            state, done, total = _job(url, job_id)
            assert (state, total) == ("running", PEOPLE)
            assert 0 < done < total  # killed in the middle

            second = start({**env, "JOB_STALE_SECONDS": "2"}, log)
            _wait_for("the run to be done", lambda: _job(url, job_id)[0] == "done", log)
            second.terminate()  # the proper way: it records the task it is running, then stops
            second.wait(timeout=30)
        report = json.loads(
            run_checked([PYTHON, "-m", "tests.jobs.worker_world", "report", str(job_id)], env)
        )

    eligible = [str(pk) for pk in report["eligible"]]
    assert len(eligible) == PEOPLE
    assert report["certificates"] == dict.fromkeys(eligible, 1)
    assert report["documents"] == PEOPLE
    assert report["issued_events"] == dict.fromkeys(eligible, 1)
    assert (report["total"], report["done"], report["result"]) == (
        PEOPLE,
        PEOPLE,
        {"issued": PEOPLE},
    )
    assert report["attempts"] == 2
    # The dead worker's task is recorded as failed, the second worker's as successful.
    assert report["tasks"] == {"FAILED": 1, "SUCCESSFUL": 1}
