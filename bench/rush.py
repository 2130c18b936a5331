"""The application rush: many people apply for the few places of one edition at once.

Shared by the benchmark (`make bench`) and the concurrency tests
(tests/enrolment/test_application_rush.py). A rush runs on a database of its own: a new
SQLite file, or a new database on the PostgreSQL server of the given DATABASE_URL, dropped
afterwards. It is migrated and seeded in subprocesses (one first-come edition open now, four
audiences with quotas, applicants with signed-in sessions), served by the production server
(gunicorn with gunicorn.conf.py), hit with one POST per applicant from many threads that
start together, and read back from the database. The check-in rush (bench/checkin.py) runs
on the same machinery: `live_site`, `sign_in_in_bulk`, `fire`.

    python -m bench.rush                     the benchmark (`make bench` runs it too)
    python -m bench.rush seed P Q,Q,.. N     (subprocess) an edition and N applicants
    python -m bench.rush standing EDITION    (subprocess) the edition's applications as JSON
"""

import json
import math
import os
import secrets
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench.harness import PYTHON, ROOT, bench_env, production_server, record

if TYPE_CHECKING:
    from lifelong.accounts.models import User

PLACES = 30
QUOTAS = (10, 10, 5, 5)
APPLY_PATH = "/de/editions/{edition_id}/apply/"
SUCCESS = "302 /de/my/"  # the service took the application: on to "My programmes"


# --- the site under load -----------------------------------------------------------------


@dataclass(frozen=True)
class LiveSite:
    env: dict[str, str]
    base: str
    log: Path  # the server's log, stderr of every worker included


@contextmanager
def fresh_database(database_url: str | None, directory: Path) -> Iterator[str]:
    """A new, empty database, gone when the block ends. SQLite (or no URL): a file in
    `directory`. PostgreSQL: `lifelong_rush_<random>` on the server of `database_url`."""
    if not database_url or database_url.startswith("sqlite"):
        yield f"sqlite:///{directory / 'rush.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"lifelong_rush_{secrets.token_hex(4)}"
    with psycopg.connect(database_url, autocommit=True) as admin:
        # template0: nobody is ever connected to it, unlike template1 (CREATE DATABASE
        # refuses a template in use, e.g. while pytest-django creates its test databases).
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(database_url)._replace(path="/" + name))
    finally:
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_checked(args: list[str], env: dict[str, str]) -> str:
    """Run a command on the site's environment; its stdout, or its stderr in the error."""
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


@contextmanager
def live_site(
    database_url: str | None, *, workers: int, urlconf: str = "bench.urls"
) -> Iterator[LiveSite]:
    """A fresh, migrated database served by gunicorn with the production config."""
    with (
        tempfile.TemporaryDirectory(prefix="lifelong-rush-") as directory,
        fresh_database(database_url, Path(directory)) as url,
    ):
        log = Path(directory) / "server.log"
        env = bench_env(
            url,
            ROOT_URLCONF=urlconf,
            # Into a file, not the harness's stderr pipe: a run full of errors would fill the
            # pipe and stall the workers. --capture-output takes Django's console log too.
            GUNICORN_CMD_ARGS=f"--capture-output --error-logfile {log}",
            # Pages render {% static %} from the collected manifest, as in production; each
            # live site collects into its own folder, so parallel test workers do not collide.
            STATIC_ROOT=str(Path(directory) / "static"),
        )
        run_checked([PYTHON, "manage.py", "migrate", "-v0"], env)
        run_checked([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        with ExitStack() as server:
            try:
                base = server.enter_context(production_server(env, free_port(), workers))
            except RuntimeError as error:
                raise RuntimeError(f"{error}\n{log_tail(log)}") from None
            yield LiveSite(env=env, base=base, log=log)


# --- seeding and reading back (in a subprocess, on the rush's database) -----------------


@dataclass(frozen=True)
class Applicant:
    session_key: str
    csrf_token: str
    audience_id: int


@dataclass(frozen=True)
class Seeded:
    edition_id: int
    quotas: dict[int, int]  # audience id → quota
    applicants: list[Applicant]


def django_setup() -> None:
    """Django, in a seeding or reading subprocess (on the site's DATABASE_URL)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.settings")
    django.setup()


def sign_in_in_bulk(users: Sequence["User"]) -> list[str]:
    """A signed-in Django session for each user, written in bulk: their session keys, in
    the order of `users`; those with an authenticator app have passed it, as after a real
    sign-in (the back office asks for that). Call in a subprocess, after `django_setup()`."""
    from datetime import timedelta

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from lifelong.accounts.models import UserSession
    from lifelong.accounts.sessions import SessionStore

    expire_date = timezone.now() + timedelta(days=1)
    store = SessionStore()
    with_app = set(
        Authenticator.objects.filter(user__in=users, type=Authenticator.Type.TOTP).values_list(
            "user_id", flat=True
        )
    )
    passed_app = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    sessions = [
        UserSession(
            session_key=get_random_string(32, VALID_KEY_CHARS),
            user_id=user.pk,
            session_data=store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: "lifelong.accounts.backends.EmailCodeBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                    **(
                        {
                            AUTHENTICATION_METHODS_SESSION_KEY: passed_app,
                            _AUTHENTICATION_METHODS_USER_SESSION_KEY: str(user.pk),
                        }
                        if user.pk in with_app
                        else {}
                    ),
                }
            ),
            expire_date=expire_date,
        )
        for user in users
    ]
    UserSession.objects.bulk_create(sessions, batch_size=500)
    return [session.session_key for session in sessions]


def _seed_command(places: int, quotas: list[int], count: int) -> dict[str, Any]:
    """One first-come edition, open now, and `count` people signed in, spread over its
    audiences in turn. Users and sessions are written in bulk: 2,000 in a second or two."""
    django_setup()
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from lifelong.accounts.models import User
    from lifelong.catalogue.models import Edition
    from tests.factories import make_audience, make_edition, make_institution, make_programme

    tag = f"rush-{secrets.token_hex(4)}"  # several seeds may share one database
    now = timezone.now()
    audiences = [make_audience(slug=f"{tag}-{i}") for i in range(len(quotas))]
    edition = make_edition(
        make_programme(make_institution(slug=tag), slug=tag),
        first_session=now + timedelta(days=60),
        audiences=dict(zip(audiences, quotas, strict=True)),
        applications_open_at=now - timedelta(hours=1),
        applications_close_at=now + timedelta(days=30),
        capacity=places,
        selection_mode=Edition.SelectionMode.FIRST_COME,
    )
    users = User.objects.bulk_create(
        User(email=f"{tag}-{i}@example.org", password=make_password(None)) for i in range(count)
    )
    session_keys = sign_in_in_bulk(users)
    return {
        "edition_id": edition.pk,
        "quotas": {str(a.pk): q for a, q in zip(audiences, quotas, strict=True)},
        "applicants": [
            [key, audiences[i % len(audiences)].pk] for i, key in enumerate(session_keys)
        ],
    }


def _standing_command(edition_id: int) -> dict[str, Any]:
    django_setup()
    from lifelong.enrolment.models import Application, ApplicationState

    applications = Application.objects.filter(edition_id=edition_id)
    accepted = applications.filter(state=ApplicationState.ACCEPTED)
    return {
        "states": Counter(applications.values_list("state", flat=True)),
        "accepted_by_audience": Counter(
            str(audience) for audience in accepted.values_list("audience_id", flat=True)
        ),
        "waitlist_ranks": list(
            applications.filter(state=ApplicationState.WAITLISTED)
            .order_by("submitted_at", "pk")
            .values_list("waitlist_rank", flat=True)
        ),
    }


def seed(site: LiveSite, *, places: int, quotas: Sequence[int], applicants: int) -> Seeded:
    out = run_checked(
        [
            PYTHON,
            "-m",
            "bench.rush",
            "seed",
            str(places),
            ",".join(map(str, quotas)),
            str(applicants),
        ],
        site.env,
    )
    data = json.loads(out)
    return Seeded(
        edition_id=data["edition_id"],
        quotas={int(k): v for k, v in data["quotas"].items()},
        applicants=[
            Applicant(session_key=key, csrf_token=secrets.token_hex(16), audience_id=audience)
            for key, audience in data["applicants"]
        ],
    )


# --- the rush ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """One HTTP request, built before the rush so that building it is not timed."""

    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None
    label: str = ""  # what the caller calls it ("desk", "self", …), copied to the reply


@dataclass(frozen=True)
class Reply:
    outcome: str  # "302 /de/my/", "422", "error ConnectionResetError", …
    latency_ms: float
    body: str
    label: str = ""


def wire(request: Prepared, host: str) -> bytes:
    """The request as it goes over the socket: HTTP/1.1, one request per connection (the
    sync workers close it after answering anyway)."""
    body = (request.body or "").encode()
    lines = [
        f"{request.method} {request.path} HTTP/1.1",
        f"Host: {host}",
        "Connection: close",
        *(f"{name}: {value}" for name, value in request.headers.items()),
    ]
    if request.body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def send(
    address: tuple[str, int], request: bytes, label: str = "", tls: ssl.SSLContext | None = None
) -> Reply:
    """One request on a socket of its own, read to the end. Plain sockets rather than
    http.client, whose header parsing costs the load generator more CPU than the server
    spends on a check-in: on a 2-core machine that CPU is taken from the server measured.
    With `tls`, over TLS (the production test's nginx)."""
    started = time.perf_counter()
    chunks = []
    try:
        with socket.create_connection(address, timeout=120) as plain:
            connection = tls.wrap_socket(plain, server_hostname=address[0]) if tls else plain
            connection.sendall(request)
            while chunk := connection.recv(65536):
                chunks.append(chunk)
    except OSError as error:
        return Reply(f"error {type(error).__name__}", _ms_since(started), str(error), label)
    latency = _ms_since(started)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return Reply(f"error bad answer {status_line[:40]!r}", latency, "", label)
    headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
    location = headers.get("Location")
    outcome = f"{parts[1]} {location}" if location else parts[1]
    return Reply(outcome, latency, body.decode(errors="replace"), label)


def unverified_tls() -> ssl.SSLContext:
    """TLS to a test server with a certificate of its own making: encrypted, not verified."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


T = TypeVar("T")


def split(items: Sequence[T], concurrency: int) -> list[list[T]]:
    """`items` dealt out to `concurrency` lanes in turn (empty lanes left out)."""
    return [lane for lane in (list(items[i::concurrency]) for i in range(concurrency)) if lane]


def fire(
    base: str, lanes: Sequence[Sequence[Prepared]], *, in_step: int = 1
) -> tuple[float, list[Reply]]:
    """Every lane's requests one after another, one thread per lane. The threads encode
    their requests first and start together at a barrier. With `in_step` > 1, each
    `in_step` neighbouring lanes (which must be equally long) also wait for one another
    before every request, so that their n-th requests go out at the same moment. Returns
    the seconds from the start to the last answer, and every answer."""
    if len(lanes) % in_step or any(
        len(lane) != len(lanes[i - i % in_step]) for i, lane in enumerate(lanes)
    ):
        raise ValueError(f"lanes in step must come in groups of {in_step} of one length")
    target = urlsplit(base)
    tls = unverified_tls() if target.scheme == "https" else None
    address = (target.hostname or "127.0.0.1", target.port or (443 if tls else 80))
    start = threading.Barrier(len(lanes) + 1, timeout=60)
    steps = [threading.Barrier(in_step, timeout=60) for _ in range(len(lanes) // in_step)]
    replies: list[Reply] = []
    collect = threading.Lock()

    def run_lane(requests: Sequence[Prepared], step: threading.Barrier) -> None:
        ready = [(wire(request, target.netloc), request.label) for request in requests]
        start.wait()
        mine = []
        for request, label in ready:
            if in_step > 1:
                step.wait()
            mine.append(send(address, request, label, tls))
        with collect:
            replies.extend(mine)

    threads = [
        threading.Thread(target=run_lane, args=(lane, steps[i // in_step]))
        for i, lane in enumerate(lanes)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, replies


def application_request(path: str, person: Applicant, *, origin: str | None = None) -> Prepared:
    """The application form as the person's browser sends it; with `origin`, the Origin
    header a browser adds over HTTPS (which Django's CSRF check then compares)."""
    body = urlencode(
        {
            "full_name": f"Applicant {person.session_key[:8]}",
            "consent": "on",
            "audience": person.audience_id,
            "csrfmiddlewaretoken": person.csrf_token,
        }
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={person.session_key}; csrftoken={person.csrf_token}",
        **({"Origin": origin} if origin else {}),
    }
    return Prepared("POST", path, headers, body)


@dataclass(frozen=True)
class RushResult:
    applicants: int
    places: int
    quotas: dict[int, int]  # audience id → quota
    seconds: float
    latencies_ms: list[float]
    responses: Counter[str]  # outcome → how many
    error_samples: list[str]
    states: dict[str, int]
    accepted_by_audience: dict[int, int]
    waitlist_ranks: list[int]  # of the waitlisted, in the order they were submitted

    @property
    def errors(self) -> int:
        return self.applicants - self.responses[SUCCESS]

    @property
    def accepted(self) -> int:
        return self.states.get("accepted", 0)

    @property
    def waitlisted(self) -> int:
        return self.states.get("waitlisted", 0)

    @property
    def per_s(self) -> float:
        return self.applicants / self.seconds

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies_ms, 99)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)) - 1, 0)]


def rush(
    site: LiveSite,
    *,
    applicants: int,
    concurrency: int,
    places: int = PLACES,
    quotas: Sequence[int] = QUOTAS,
    path: str = APPLY_PATH,
) -> RushResult:
    """A new edition and `applicants` new people, who all apply at once; what came of it."""
    seeded = seed(site, places=places, quotas=quotas, applicants=applicants)
    apply_path = path.format(edition_id=seeded.edition_id)
    requests = [application_request(apply_path, person) for person in seeded.applicants]
    seconds, replies = fire(site.base, split(requests, concurrency))
    failed = [r for r in replies if r.outcome != SUCCESS]
    standing = json.loads(
        run_checked([PYTHON, "-m", "bench.rush", "standing", str(seeded.edition_id)], site.env)
    )
    return RushResult(
        applicants=applicants,
        places=places,
        quotas=seeded.quotas,
        seconds=seconds,
        latencies_ms=[r.latency_ms for r in replies],
        responses=Counter(r.outcome for r in replies),
        error_samples=[f"{r.outcome}: {r.body[:300]}" for r in failed[:3]]
        + ([f"server log: {log_tail(site.log)}"] if failed else []),
        states=standing["states"],
        accepted_by_audience={int(k): v for k, v in standing["accepted_by_audience"].items()},
        waitlist_ranks=standing["waitlist_ranks"],
    )


def log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(none)"


# --- the benchmark -----------------------------------------------------------------------

APPLICANTS = 2000
CONCURRENCY = 64
WORKERS = int(os.environ.get("RUSH_WORKERS", (os.cpu_count() or 1) * 2 + 1))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
TARGET_PER_S = 100  # on PostgreSQL


@contextmanager
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL server, as `make test-postgres` starts one (outside the
    checkout: as root the server runs as 'postgres', who may not enter a home folder)."""
    directory = tempfile.mkdtemp(prefix="lifelong-rush-pg-", dir="/tmp")
    script = str(ROOT / "scripts" / "postgres.sh")
    url = run_checked([script, "start", directory], dict(os.environ)).strip()
    try:
        yield url
    finally:
        run_checked([script, "stop", directory], dict(os.environ))


def _measure(name: str, database_url: str | None) -> list[RushResult]:
    rounds = []
    with live_site(database_url, workers=WORKERS) as site:
        rush(site, applicants=200, concurrency=CONCURRENCY)  # warm every worker up
        for number in range(1, ROUNDS + 1):
            result = rush(site, applicants=APPLICANTS, concurrency=CONCURRENCY)
            print(
                f"rush on {name}, round {number}: {result.per_s:.0f} applications/s, "
                f"p50 {result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, "
                f"{result.accepted} accepted, {result.errors} errors",
                file=sys.stderr,
            )
            rounds.append(result)
    return rounds


def main() -> dict[str, float]:
    measured = {"sqlite": _measure("sqlite", None)}
    with postgres_server() as url:
        measured["postgres"] = _measure("postgres", url)
    results: dict[str, float] = {}
    rows = []
    for name, rounds in measured.items():
        typical = sorted(rounds, key=lambda r: r.per_s)[len(rounds) // 2]
        worst = max(rounds, key=lambda r: abs(r.accepted - PLACES))
        errors = sum(r.errors for r in rounds)
        results |= {
            f"rush_{name}_per_s": statistics.median(r.per_s for r in rounds),
            f"rush_{name}_p50_ms": typical.p50_ms,
            f"rush_{name}_p99_ms": typical.p99_ms,
            f"rush_{name}_accepted": worst.accepted,
            f"rush_{name}_errors": errors,
        }
        rows.append(
            f"| {'PostgreSQL' if name == 'postgres' else 'SQLite'} "
            f"| {results[f'rush_{name}_per_s']:.0f} | {typical.p50_ms:.0f} "
            f"| {typical.p99_ms:.0f} | {worst.accepted} | {typical.waitlisted} | {errors} |"
        )
        for r in rounds:
            if r.errors:
                print(f"{name}: {r.responses}\n" + "\n".join(r.error_samples), file=sys.stderr)
    per_s = results["rush_postgres_per_s"]
    table = (
        f"{APPLICANTS:,} applicants, each signed in and applying once, for one first-come "
        f"edition with {PLACES} places (quotas {'/'.join(map(str, QUOTAS))} over four "
        f"audiences); {CONCURRENCY} clients at once; gunicorn with {WORKERS} sync workers; "
        f"a fresh database each; median of {ROUNDS} rounds after a warm-up. Target: "
        f"≥ {TARGET_PER_S} applications/s on PostgreSQL, exactly {PLACES} accepted, no "
        "errors.\n\n"
        "| database | applications/s | p50 ms | p99 ms | accepted | waitlisted | errors |\n"
        "|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        "pretix sells one ticket of an event at a time and documents a ceiling of a few "
        "hundred quota-limited orders per minute per event (300–400 in its scaling guide; "
        "about 500/min, ~8/s, is the figure usually quoted). This rush took "
        f"{per_s:.0f} applications/s on PostgreSQL, about {per_s / (500 / 60):.0f} times "
        "that, each decided at once under the edition's lock (a pretix order does more: "
        "cart, payment, invoice).\n"
    )
    record(results, section="rush", table=table, command="make bench")
    return results


def _command(args: list[str]) -> None:
    if not args:
        for name, value in sorted(main().items()):
            print(f"{name:<22}  {value:.3f}")
    elif args[0] == "seed":
        places, quotas, count = int(args[1]), [int(q) for q in args[2].split(",")], int(args[3])
        print(json.dumps(_seed_command(places, quotas, count)))
    elif args[0] == "standing":
        print(json.dumps(_standing_command(int(args[1]))))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    _command(sys.argv[1:])
