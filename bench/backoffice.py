"""The back office under load: an edition's applications page and its dashboard, with 2,000
applications, for a signed-in organiser, against the minimal view of the same server.

Also counts the SQL queries of both pages for an edition of 2,000 applications and for one
of 20: they must be the same, whatever the number of applications.

    python -m bench.backoffice                 the benchmark (`make bench` runs it too)
    python -m bench.backoffice seed N          (subprocess) an edition with N applications
    python -m bench.backoffice queries E       (subprocess) the queries of E's two pages
"""

import json
import secrets
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.harness import PYTHON, Load, median_rps, record, require_wrk, wrk
from bench.rush import django_setup, live_site, postgres_server, run_checked, sign_in_in_bulk

APPLICATIONS = 2000
SMALL = 20
ROUNDS = 3
SECONDS = 4
CONNECTIONS = 8
WORKERS = 3
MINIMAL = "/bench/minimal"
PAGES = {
    "applications": "/en/staff/editions/{edition}/applications/",
    "dashboard": "/en/staff/editions/{edition}/dashboard/",
}


# --- in subprocesses, on the site's database -------------------------------------------------


def _seed_command(count: int) -> dict[str, Any]:
    """A reviewed edition of five days with two groups under quotas and two questions;
    `count` applications (30 accepted, most of the rest waiting, some rejected), the
    accepted people's attendance, and a signed-in organiser with an authenticator app."""
    django_setup()
    from datetime import timedelta

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from lifelong.accounts.middleware import SESSION_KEY
    from lifelong.accounts.models import Membership, Role, User, UserSession
    from lifelong.accounts.sessions import SessionStore
    from lifelong.attendance.models import Attendance, AttendanceMethod
    from lifelong.enrolment.models import Application, ApplicationState, Question
    from tests.factories import make_audience, make_edition, make_institution, make_programme

    tag = f"backoffice-{secrets.token_hex(4)}"
    now = timezone.now()
    researchers, public = (make_audience(slug=f"{tag}-{i}") for i in range(2))
    edition = make_edition(
        make_programme(make_institution(slug=tag), slug=tag),
        first_session=now - timedelta(days=21),
        session_count=5,
        capacity=30,
        selection_mode="reviewed",
        applications_open_at=now - timedelta(days=90),
        applications_close_at=now - timedelta(days=30),
        audiences={researchers: 15, public: 15},
    )
    motivation = Question.objects.create(
        edition=edition, kind=Question.Kind.LONG_TEXT, label_de="Motivation", label_en="Motivation"
    )
    source = Question.objects.create(
        edition=edition,
        kind=Question.Kind.SINGLE_CHOICE,
        label_de="Woher?",
        label_en="Where from?",
        choices=[
            {"key": "web", "de": "Internet", "en": "Web"},
            {"key": "friend", "de": "Freunde", "en": "Friends"},
        ],
    )
    people = User.objects.bulk_create(User(email=f"{tag}-{n}@example.org") for n in range(count))

    def state(n: int) -> str:
        if n < 30:
            return ApplicationState.ACCEPTED
        return ApplicationState.REJECTED if n % 10 == 0 else ApplicationState.WAITLISTED

    applications = Application.objects.bulk_create(
        Application(
            edition=edition,
            applicant=person,
            audience=researchers if n % 2 else public,
            state=state(n),
            full_name=f"Applicant {n}",
            email=person.email,
            organisation="Stadt Bochum" if n % 3 else "",
            answers={
                motivation.key: "I want to learn. " * 5,
                source.key: "web" if n % 2 else "friend",
            },
            consented_at=now,
            submitted_at=now - timedelta(days=90) + timedelta(minutes=30 * n),
            state_changed_at=now,
            waitlist_rank=n if state(n) == ApplicationState.WAITLISTED else None,
        )
        for n, person in enumerate(people)
    )
    days = list(edition.sessions.order_by("starts_at"))
    Attendance.objects.bulk_create(
        Attendance(
            application=application,
            session=day,
            status="present",
            method=AttendanceMethod.DESK,
            recorded_at=day.starts_at,
        )
        for application in applications[:30]
        for day in days
    )
    organiser = User.objects.create(email=f"{tag}-organiser@example.org")
    Membership.objects.create(
        user=organiser, institution=edition.programme.institution, role=Role.ORGANISER
    )
    TOTP.activate(organiser, generate_totp_secret())
    (session_key,) = sign_in_in_bulk([organiser])
    # The back office's second-factor check has run for this session (as after sign-in).
    session = UserSession.objects.get(session_key=session_key)
    data = SessionStore().decode(session.session_data)
    session.session_data = SessionStore().encode({**data, SESSION_KEY: organiser.pk})
    session.save()
    return {"edition": edition.pk, "organiser": organiser.pk, "session": session_key}


def _queries_command(edition_id: int, organiser_id: int) -> dict[str, int]:
    django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lifelong.accounts.models import User
    from tests.second_factor import sign_in

    client = Client(HTTP_HOST="127.0.0.1")  # a host the site's settings allow
    sign_in(client, User.objects.get(pk=organiser_id))  # with the app's code, as staff do
    counts = {}
    for name, path in PAGES.items():
        url = path.format(edition=edition_id)
        client.get(url)  # the session's first back-office request checks the second factor
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts[name] = len(captured)
    return counts


# --- the benchmark ---------------------------------------------------------------------------

_COOKIE = 'wrk.headers["Cookie"] = "sessionid=%s"\n'


def _subprocess(env: dict[str, str], *args: object) -> Any:
    return json.loads(run_checked([PYTHON, "-m", "bench.backoffice", *map(str, args)], env))


def _check_page(url: str, session: str) -> None:
    """wrk counts redirects as successes: make sure each page answers 200 with content."""
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    with urllib.request.urlopen(request) as response:  # a local URL
        if response.status != 200 or response.url != url:
            raise SystemExit(f"{url} answered {response.status} at {response.url}")


def _measure(name: str, database_url: str | None, directory: Path) -> dict[str, Any]:
    with live_site(database_url, workers=WORKERS) as site:
        seeded = _subprocess(site.env, "seed", APPLICATIONS)
        small = _subprocess(site.env, "seed", SMALL)
        queries = _subprocess(site.env, "queries", seeded["edition"], seeded["organiser"])
        small_queries = _subprocess(site.env, "queries", small["edition"], small["organiser"])
        script = directory / f"cookie-{name}.lua"
        script.write_text(_COOKIE % seeded["session"])
        urls = {
            page: site.base + path.format(edition=seeded["edition"]) for page, path in PAGES.items()
        }
        for url in urls.values():
            _check_page(url, seeded["session"])
            wrk(url, seconds=1, connections=CONNECTIONS, script=script)
        loads: dict[str, list[Load]] = {"minimal": [], **{page: [] for page in PAGES}}
        for _ in range(ROUNDS):
            loads["minimal"].append(
                wrk(site.base + MINIMAL, seconds=SECONDS, connections=CONNECTIONS)
            )
            for page, url in urls.items():
                loads[page].append(
                    wrk(url, seconds=SECONDS, connections=CONNECTIONS, script=script)
                )
    errors = sum(load.errors for runs in loads.values() for load in runs)
    if errors:
        raise SystemExit(f"{errors} failed requests on the back-office pages ({name})")
    for page in PAGES:
        print(
            f"{page} page on {name}: {median_rps(loads[page]):.0f} requests/s, "
            f"{_ratio(loads, page):.0%} of the minimal view, {queries[page]} queries "
            f"({small_queries[page]} with {SMALL} applications)",
            file=sys.stderr,
        )
    return {"loads": loads, "queries": queries, "small_queries": small_queries}


def _ratio(loads: dict[str, list[Load]], page: str) -> float:
    return median_rps(loads[page]) / median_rps(loads["minimal"])


def main() -> dict[str, float]:
    require_wrk()
    with tempfile.TemporaryDirectory(prefix="lifelong-bench-backoffice-") as folder:
        directory = Path(folder)
        measured = {"SQLite": _measure("sqlite", None, directory)}
        with postgres_server() as url:
            measured["PostgreSQL"] = _measure("postgres", url, directory)
    sqlite, postgres = measured["SQLite"], measured["PostgreSQL"]
    for label, data in measured.items():
        if data["queries"] != data["small_queries"]:
            raise SystemExit(
                f"{label}: the query count depends on the number of applications: "
                f"{data['queries']} with {APPLICATIONS}, {data['small_queries']} with {SMALL}"
            )
    results = {
        "edition_applications_page_ratio": _ratio(sqlite["loads"], "applications"),
        "edition_applications_page_queries": sqlite["queries"]["applications"],
        "dashboard_page_ratio": _ratio(sqlite["loads"], "dashboard"),
        "dashboard_page_queries": sqlite["queries"]["dashboard"],
        "edition_applications_page_postgres_ratio": _ratio(postgres["loads"], "applications"),
        "dashboard_page_postgres_ratio": _ratio(postgres["loads"], "dashboard"),
    }
    rows = [
        f"| {label} | {page} | {median_rps(data['loads'][page]):.0f} "
        f"| {median_rps(data['loads']['minimal']):.0f} | {_ratio(data['loads'], page):.0%} "
        f"| {statistics.median(load.p99_ms for load in data['loads'][page]):.1f} "
        f"| {data['queries'][page]} | {data['small_queries'][page]} |"
        for label, data in measured.items()
        for page in PAGES
    ]
    table = (
        f"One edition with {APPLICATIONS:,} applications (30 accepted, the rest waiting or "
        "rejected, two groups under quotas, two questions answered, five days of attendance), "
        "requested by a signed-in organiser: the applications page (first page of 50, the "
        "places per group, the filters) and the edition's dashboard (five charts with their "
        f"tables). gunicorn with {WORKERS} sync workers, wrk with {CONNECTIONS} connections, "
        f"median of {ROUNDS} rounds of {SECONDS} s, alternating with the minimal view (which "
        "reads no session). SQL queries counted per page with the Django test client, for "
        f"{APPLICATIONS:,} and for {SMALL} applications.\n\n"
        "| database | page | requests/s | minimal view requests/s | ratio | p99 ms "
        f"| queries ({APPLICATIONS:,}) | queries ({SMALL}) |\n"
        "|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    record(results, section="backoffice", table=table, command="make bench")
    return results


def _command(args: list[str]) -> None:
    if not args:
        for name, value in sorted(main().items()):
            print(f"{name:<40}  {value:.3f}")
    elif args[0] == "seed":
        print(json.dumps(_seed_command(int(args[1]))))
    elif args[0] == "queries":
        print(json.dumps(_queries_command(int(args[1]), int(args[2]))))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    _command(sys.argv[1:])
