"""Certificates: issuing a thousand of them, and the verification page under load.

Issuing: a fresh database, one edition whose 1,000 participants all meet the rule, and one
bulk run executed in one process, exactly as the worker executes it (`issue_run_execute`):
each certificate its own transaction with its PDF, signed credential, log entry and e-mail
task. One process uses one core, so certificates per second of that process is the figure
per core; its own CPU time is reported beside the wall-clock time.

Verification: the page a certificate's QR code opens, requested by wrk for all 1,000 codes
in turn, against the minimal view of the same server in the same run.

    python -m bench.certificates                  the benchmark (`make bench` runs it too)
    python -m bench.certificates seed N           (subprocess) an edition with N participants
    python -m bench.certificates issue EDITION    (subprocess) issue them all; timings as JSON
    python -m bench.certificates codes EDITION    (subprocess) the certificates' codes
"""

import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import PYTHON, Load, median_rps, production_server, record, require_wrk, wrk
from bench.rush import django_setup, free_port, live_site, postgres_server, run_checked

CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", 1000))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
SECONDS = int(os.environ.get("BENCH_SECONDS", 4))
CONNECTIONS = 16
WORKERS = 3
TARGET_PER_S = 50
TARGET_RATIO = 0.6
MINIMAL = "/bench/minimal"
WARM_SECONDS = 12


# --- in subprocesses, on the site's database -------------------------------------------------


def _seed_command(count: int) -> int:
    """An edition of five days, all closed, whose `count` participants attended all five."""
    django_setup()
    from datetime import timedelta

    from django.utils import timezone

    from lifelong.accounts.models import User
    from lifelong.attendance.models import Attendance, AttendanceMethod, SessionClosing
    from lifelong.enrolment.models import Application, ApplicationState
    from tests.certificates.helpers import BOCHUM_LIKE
    from tests.factories import make_edition, make_institution, make_programme

    tag = f"certificates-{secrets.token_hex(4)}"  # several seeds may share one database
    now = timezone.now()
    edition = make_edition(
        make_programme(
            make_institution(slug=tag, name_de="UniverCity Bochum e.V."),
            slug=tag,
            title_de="Zertifikatsprogramm „Wissen gemeinsam gestalten“",
            title_en="Certificate programme “Shaping knowledge together”",
        ),
        first_session=now - timedelta(days=120),
        session_count=5,
        capacity=count,
        certificate_rule=BOCHUM_LIKE,
    )
    people = User.objects.bulk_create(
        User(email=f"{tag}-{n}@example.org", preferred_language="de" if n % 2 else "en")
        for n in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            edition=edition,
            applicant=person,
            state=ApplicationState.ACCEPTED,
            full_name=("Zoë Łukasiewicz-Öztürk", "Nguyễn Thị Minh Khai")[n % 2] + f" {n}",
            email=person.email,
            consented_at=now,
            submitted_at=now,
            state_changed_at=now,
        )
        for n, person in enumerate(people)
    )
    sessions = list(edition.sessions.all())
    Attendance.objects.bulk_create(
        Attendance(
            application=application,
            session=session,
            status="present",
            method=AttendanceMethod.DESK,
            recorded_at=now,
        )
        for application in applications
        for session in sessions
    )
    SessionClosing.objects.bulk_create(
        SessionClosing(session=session, closed_at=now) for session in sessions
    )
    return int(edition.pk)


def _issue_command(edition_id: int) -> dict[str, Any]:
    django_setup()
    from django.db.models import Avg
    from django.db.models.functions import Length
    from django.utils import timezone

    from lifelong.certificates.models import Certificate, CertificateDocument
    from lifelong.certificates.services import (
        ISSUE_BATCH,
        ISSUE_JOB,
        issue_run_execute,
        issue_run_task,
    )
    from lifelong.jobs.models import Job

    now = timezone.now()
    run = Job.objects.create(  # as issue_run_start makes it, without queueing its task
        kind=ISSUE_JOB,
        task=issue_run_task.module_path,
        edition_id=edition_id,
        created_at=now,
        heartbeat_at=now,
    )
    started, cpu = time.perf_counter(), time.process_time()
    finished = issue_run_execute(job_id=run.pk)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    assert finished is not None
    stored = CertificateDocument.objects.filter(certificate__edition_id=edition_id).aggregate(
        pdf=Avg(Length("pdf")), credential=Avg(Length("credential"))
    )
    return {
        "pdf_bytes": float(stored["pdf"] or 0),
        "credential_bytes": float(stored["credential"] or 0),
        "issued": finished.result["issued"],
        "certificates": Certificate.objects.filter(edition_id=edition_id).count(),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "batch": ISSUE_BATCH,
    }


def _codes_command(edition_id: int) -> list[str]:
    django_setup()
    from lifelong.certificates.models import Certificate

    return list(Certificate.objects.filter(edition_id=edition_id).values_list("code", flat=True))


# --- the benchmark ---------------------------------------------------------------------------

_CYCLE = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local next_path = 0
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
"""


def _subprocess(env: dict[str, str], *args: object) -> Any:
    return json.loads(run_checked([PYTHON, "-m", "bench.certificates", *map(str, args)], env))


def _verification_loads(base: str, script: Path, *, warm: bool) -> dict[str, list[Load]]:
    """Minimal view and verification page in alternating rounds. With `warm`, every code
    is first asked for often enough that each worker has its page in its cache."""
    loads: dict[str, list[Load]] = {"minimal": [], "verify": []}
    site = base + "/verify/"  # the script chooses each path
    wrk(base + MINIMAL, seconds=1, connections=CONNECTIONS)
    wrk(site, seconds=WARM_SECONDS if warm else 1, connections=CONNECTIONS, script=script)
    for _ in range(ROUNDS):
        loads["minimal"].append(wrk(base + MINIMAL, seconds=SECONDS, connections=CONNECTIONS))
        loads["verify"].append(wrk(site, seconds=SECONDS, connections=CONNECTIONS, script=script))
    errors = sum(load.errors for runs in loads.values() for load in runs)
    if errors:
        raise SystemExit(f"{errors} failed requests on the verification page")
    return loads


def _ratio(loads: dict[str, list[Load]]) -> float:
    return median_rps(loads["verify"]) / median_rps(loads["minimal"])


def _measure(name: str, database_url: str | None, directory: Path) -> dict[str, Any]:
    keys = directory / f"keys-{name}.json"
    with live_site(database_url, workers=WORKERS) as site:
        env = {**site.env, "CREDENTIAL_KEYS_FILE": str(keys)}
        run_checked([PYTHON, "manage.py", "credential_keys", "--rotate"], env)
        edition_id = _subprocess(env, "seed", CERTIFICATES)
        timing = _subprocess(env, "issue", edition_id)
        per_s = timing["issued"] / timing["seconds"]
        print(
            f"certificates on {name}: {timing['issued']} issued in {timing['seconds']:.1f} s "
            f"({per_s:.0f}/s; {timing['cpu_seconds']:.1f} s CPU in the issuing process)",
            file=sys.stderr,
        )
        codes = _subprocess(env, "codes", edition_id)
        paths = directory / f"paths-{name}.txt"
        paths.write_text("".join(f"/verify/{code}/\n" for code in codes))
        script = directory / f"cycle-{name}.lua"
        script.write_text(_CYCLE % paths)
        cached = _verification_loads(site.base, script, warm=True)
        # The same database, a server without the page cache: every request a first visit.
        uncached_env = {**site.env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}
        with production_server(uncached_env, free_port(), WORKERS) as base:
            uncached = _verification_loads(base, script, warm=False)
    for label, loads in (("cached", cached), ("first visits", uncached)):
        print(
            f"verification page on {name} ({label}): {_ratio(loads):.0%} of the minimal view",
            file=sys.stderr,
        )
    return {"timing": timing, "per_s": per_s, "cached": cached, "uncached": uncached}


def main() -> dict[str, float]:
    require_wrk()
    with tempfile.TemporaryDirectory(prefix="lifelong-bench-certificates-") as folder:
        directory = Path(folder)
        with postgres_server() as url:
            measured = {"PostgreSQL": _measure("postgres", url, directory)}
        measured["SQLite"] = _measure("sqlite", None, directory)
    postgres, sqlite = measured["PostgreSQL"], measured["SQLite"]
    results = {
        "certificates_per_s": postgres["per_s"],
        "certificates_cpu_ms": 1000 * postgres["timing"]["cpu_seconds"] / CERTIFICATES,
        "certificates_sqlite_per_s": sqlite["per_s"],
        # What a certificate adds to the database (and so to every backup).
        "certificate_stored_kb": (
            postgres["timing"]["pdf_bytes"] + postgres["timing"]["credential_bytes"]
        )
        / 1000,
        # As the catalogue's ratios: SQLite and the page cache on; the others beside it.
        "verify_page_ratio": _ratio(sqlite["cached"]),
        "verify_page_uncached_ratio": _ratio(sqlite["uncached"]),
        "verify_page_postgres_ratio": _ratio(postgres["cached"]),
        "verify_page_postgres_uncached_ratio": _ratio(postgres["uncached"]),
    }
    issuing = [
        f"| {label} | {data['timing']['issued']} | {data['timing']['seconds']:.1f} "
        f"| {data['per_s']:.0f} | {data['timing']['cpu_seconds']:.1f} "
        f"| {1000 * data['timing']['cpu_seconds'] / CERTIFICATES:.1f} |"
        for label, data in measured.items()
    ]
    verifying = [
        f"| {label} | {mode} | {median_rps(data[key]['verify']):.0f} "
        f"| {median_rps(data[key]['minimal']):.0f} | {_ratio(data[key]):.0%} "
        f"| {statistics.median(load.p99_ms for load in data[key]['verify']):.1f} |"
        for label, data in measured.items()
        for key, mode in (("cached", "cached"), ("uncached", "first visit"))
    ]
    table = (
        f"Issuing: {CERTIFICATES:,} participants of one edition (five days, all attended), one "
        "bulk run in one process, as the worker runs it: each certificate with its PDF (A4, "
        "DejaVu fonts subset, QR code), its credential signed with Ed25519, its log entry and "
        f"its e-mail task, {postgres['timing']['batch']} certificates to a transaction. Target: ≥ "
        f"{TARGET_PER_S} certificates/s per core.\n\n"
        "| database | issued | seconds | certificates/s | CPU s (issuing process) "
        "| CPU ms per certificate |\n|---|---|---|---|---|---|\n" + "\n".join(issuing) + "\n\n"
        f"Stored per certificate: PDF {postgres['timing']['pdf_bytes'] / 1000:.1f} kB, "
        f"credential {postgres['timing']['credential_bytes'] / 1000:.1f} kB "
        "(`certificate_stored_kb`: both).\n\n"
        f"Verification page: `/verify/<code>/` for the {CERTIFICATES:,} codes in turn (wrk with "
        f"a Lua script), against the minimal view, gunicorn with {WORKERS} sync workers, "
        f"{CONNECTIONS} connections, median of {ROUNDS} rounds of {SECONDS} s. *Cached*: after "
        f"{WARM_SECONDS} s of the same cycle, so that every worker holds every page (a code "
        "checked again); *first visit*: a server with the page cache off. Target: "
        f"≥ {TARGET_RATIO:.0%} of the minimal view (`verify_page_ratio`: SQLite, cached, as "
        "the catalogue's ratios).\n\n"
        "| database | page | requests/s | minimal view requests/s | ratio | p99 ms |\n"
        "|---|---|---|---|---|---|\n" + "\n".join(verifying) + "\n"
    )
    record(results, section="certificates", table=table, command="make bench")
    return results


def _command(args: list[str]) -> None:
    if not args:
        for name, value in sorted(main().items()):
            print(f"{name:<28}  {value:.3f}")
    elif args[0] == "seed":
        print(json.dumps(_seed_command(int(args[1]))))
    elif args[0] == "issue":
        print(json.dumps(_issue_command(int(args[1]))))
    elif args[0] == "codes":
        print(json.dumps(_codes_command(int(args[1]))))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    _command(sys.argv[1:])
