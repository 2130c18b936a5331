"""What one task worker and one PostgreSQL carry, for docs/capacity.md (the app server's own
figures come from the other benchmarks: catalogue, rush, check-in, certificates).

- **E-mails per worker**: 1,000 application e-mails queued at once (`notification_send_task`,
  the task behind every e-mail to an applicant), sent through a real SMTP server on loopback
  (aiosmtpd) by one `manage.py db_worker`, then by two on the same PostgreSQL: tasks per
  second from the workers' start to the last task done.
- **Applications across editions**: the rush of bench/rush.py, once for one edition and once
  spread over four editions at the same moment (the same number of applicants, the same
  server), in the same run: one edition's lock serialises its own rush, so the second
  figure shows what the database and the app server carry when no single lock is the limit.

    python -m bench capacity
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from bench.harness import PYTHON, ROOT, record
from bench.rush import (
    SUCCESS,
    WORKERS,
    Prepared,
    application_request,
    django_setup,
    fire,
    free_port,
    fresh_database,
    live_site,
    postgres_server,
    run_checked,
    seed,
    split,
)

E_MAILS = int(os.environ.get("BENCH_EMAILS", 1000))
RUSH_APPLICANTS = int(os.environ.get("BENCH_RUSH_APPLICANTS", 2000))
RUSH_EDITIONS = 4
CONCURRENCY = 64
E_MAIL_TASK = "lifelong.enrolment.notifications.notification_send_task"


# --- in subprocesses, on the benchmark's database ----------------------------------------------


def _queue_command(edition_id: int) -> int:
    """One 'application received' e-mail task for each application of the edition."""
    django_setup()
    from django.db import transaction

    from lifelong.enrolment.models import Application
    from lifelong.enrolment.notifications import notification_send_task

    ids = list(Application.objects.filter(edition_id=edition_id).values_list("pk", flat=True))
    with transaction.atomic():
        for application_id in ids:
            notification_send_task.enqueue(application_id, "received", None)
    return len(ids)


def _e_mail_tasks(url: str, *, finished: bool, failed: bool = False) -> int:
    """The e-mail tasks finished (or failed) or not, read straight from the database: polling
    through Django in a subprocess would take the workers' CPU. (The worker also queues its
    daily tasks for the night, which do not count.)"""
    import psycopg

    query = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s AND "
    if failed:
        query += "status = 'FAILED'"
    elif finished:
        query += "status IN ('SUCCESSFUL', 'FAILED')"
    else:
        query += "status NOT IN ('SUCCESSFUL', 'FAILED')"
    with psycopg.connect(url) as db:
        row = db.execute(query, (E_MAIL_TASK,)).fetchone()
    return int(row[0]) if row else 0


# --- the benchmark -----------------------------------------------------------------------------


@contextmanager
def _smtp_server() -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _e_mails_per_s(database_url: str, workers: int, directory: Path, smtp_port: int) -> float:
    with fresh_database(database_url, directory) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "benchmark-only-key",
            "DEBUG": "false",
            "TESTING": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONPATH": str(ROOT),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "MEDIA_ROOT": str(directory / "media"),
        }
        run_checked([PYTHON, "manage.py", "migrate", "-v0"], env)
        edition = json.loads(
            run_checked([PYTHON, "-m", "bench.certificates", "seed", str(E_MAILS)], env)
        )
        queued = json.loads(
            run_checked([PYTHON, "-m", "bench.capacity", "queue", str(edition)], env)
        )
        assert queued == E_MAILS
        with ExitStack() as stack:
            started = time.perf_counter()
            for number in range(workers):
                process = subprocess.Popen(
                    [
                        PYTHON,
                        "manage.py",
                        "db_worker",
                        "--interval",
                        "0.1",
                        "--no-startup-delay",
                        "--worker-id",
                        f"bench-{number}",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                stack.callback(process.wait, 30)
                stack.callback(process.terminate)
            while _e_mail_tasks(url, finished=False):
                time.sleep(0.1)
            seconds = time.perf_counter() - started
        failed = _e_mail_tasks(url, finished=True, failed=True)
        if failed:
            raise SystemExit(f"{failed} e-mail tasks failed")
        return E_MAILS / seconds


def _rush_per_s(site: Any, editions: int) -> float:
    """RUSH_APPLICANTS applications, spread evenly over `editions` editions, all at once."""
    requests: list[Prepared] = []
    each = RUSH_APPLICANTS // editions
    for _ in range(editions):
        seeded = seed(site, places=30, quotas=(10, 10, 5, 5), applicants=each)
        path = f"/de/editions/{seeded.edition_id}/apply/"
        requests += [application_request(path, person) for person in seeded.applicants]
    # Interleaved, so that every edition's applicants arrive together.
    order = [requests[e * each + i] for i in range(each) for e in range(editions)]
    seconds, replies = fire(site.base, split(order, CONCURRENCY))
    failed = [r.outcome for r in replies if r.outcome != SUCCESS]
    if failed:
        raise SystemExit(f"{len(failed)} applications failed: {failed[:3]}")
    return RUSH_APPLICANTS / seconds


def main() -> dict[str, float]:
    results: dict[str, float] = {}
    with (
        tempfile.TemporaryDirectory(prefix="lifelong-capacity-") as name,
        postgres_server() as url,
        _smtp_server() as smtp_port,
    ):
        directory = Path(name)
        for workers in (1, 2):
            per_s = _e_mails_per_s(url, workers, directory / f"w{workers}", smtp_port)
            print(f"e-mails with {workers} worker(s): {per_s:.0f}/s", file=sys.stderr)
            results[f"worker_emails_per_s_{workers}"] = per_s
        with live_site(url, workers=WORKERS) as site:
            _rush_per_s(site, 1)  # warm-up
            one, spread = [], []
            for _round in range(3):
                one.append(_rush_per_s(site, 1))
                spread.append(_rush_per_s(site, RUSH_EDITIONS))
            results["rush_postgres_one_edition_per_s"] = sorted(one)[1]
            results["rush_postgres_four_editions_per_s"] = sorted(spread)[1]
        print(f"rush: one edition {one}, four editions {spread}", file=sys.stderr)
    table = (
        f"PostgreSQL (the throw-away server of scripts/postgres.sh), production settings.\n\n"
        f"| what | figure |\n|---|---|\n"
        f"| application e-mails sent by one worker (real SMTP on loopback), {E_MAILS:,} queued "
        f"| {results['worker_emails_per_s_1']:.0f}/s |\n"
        f"| the same with two workers on the same database "
        f"| {results['worker_emails_per_s_2']:.0f}/s |\n"
        f"| applications, {RUSH_APPLICANTS:,} for one edition, gunicorn with {WORKERS} workers "
        f"| {results['rush_postgres_one_edition_per_s']:.0f}/s |\n"
        f"| applications, {RUSH_APPLICANTS:,} spread over {RUSH_EDITIONS} editions at once "
        f"| {results['rush_postgres_four_editions_per_s']:.0f}/s |\n\n"
        "Median of 3 alternating rounds for the rush figures (after a warm-up); one run each "
        "for the e-mails. Database, app server, workers and load generator share the same "
        "2 cores.\n"
    )
    record(results, section="capacity", table=table, command="make bench")
    return results


def _command(args: list[str]) -> None:
    if not args:
        for name, value in sorted(main().items()):
            print(f"{name:<36}  {value:.3f}")
    elif args[0] == "queue":
        print(json.dumps(_queue_command(int(args[1]))))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    _command(sys.argv[1:])
