"""The guarantees hold on the production set-up: nginx in front of two app servers, two task
workers, PostgreSQL and Redis, all started from deploy/ (stack.py). `make test-production`
runs this module on its own (it is marked `production`, which the other runs leave out); `make
test` runs it after the rest.

Every request goes through nginx over TLS; the app servers' own access logs tell which of
them answered.
"""

import json
import re
import tarfile
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bench.harness import ROOT
from bench.rush import SUCCESS, Applicant, application_request, fire, run_checked, split
from tests.production.stack import (
    SYSTEMD,
    Client,
    Stack,
    form_fields,
    kill,
    production_stack,
    read_unit,
)

pytestmark = pytest.mark.production

PLACES, QUOTAS, APPLICANTS = 25, (10, 8, 5, 2), 1000
TOO_MANY_CODES = "You asked for too many sign-in codes"
CERTIFICATES = 300


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    with production_stack() as started:
        yield started


def _wait(what: str, condition, stack: Stack, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}\n{stack.logs()}")
        time.sleep(0.05)


def _query(stack: Stack, sql: str, *params: object) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(stack.database_url) as db:
        return list(db.execute(sql, params).fetchall())


def test_it_serves_the_site_over_tls_behind_nginx(stack: Stack):
    plain = Client(stack.plain_base).get("/de/")
    assert plain.status == 301
    assert plain.location.startswith("https://localhost")

    page = Client(stack.base).get("/de/")
    assert page.status == 200, stack.logs()
    assert "strict-transport-security" in page.headers  # Django saw HTTPS (X-Forwarded-Proto)
    assert Client(stack.base).get("/metrics").status == 404  # never public

    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text)
    assert stylesheet is not None
    first, second = (Client(stack.base).get(stylesheet[1]) for _ in range(2))
    assert (first.status, second.status) == (200, 200)
    assert (first.headers["x-cache-status"], second.headers["x-cache-status"]) == ("MISS", "HIT")


def test_a_rush_through_nginx_accepts_exactly_the_places_and_holds_the_quotas(stack: Stack):
    seeded = json.loads(
        stack.python(
            "-m", "bench.rush", "seed", str(PLACES), ",".join(map(str, QUOTAS)), str(APPLICANTS)
        )
    )
    path = f"/de/editions/{seeded['edition_id']}/apply/"
    requests = [
        application_request(
            path,
            Applicant(session_key=session, csrf_token=f"{n:032d}", audience_id=audience),
            origin=stack.base,
        )
        for n, (session, audience) in enumerate(seeded["applicants"])
    ]
    _seconds, replies = fire(stack.base, split(requests, 32))

    outcomes = [reply.outcome for reply in replies]
    assert not [o for o in outcomes if o[:1] == "5" or o.startswith("error")], stack.logs()
    assert outcomes.count(SUCCESS) == APPLICANTS, {o: outcomes.count(o) for o in set(outcomes)}
    standing = json.loads(stack.python("-m", "bench.rush", "standing", str(seeded["edition_id"])))
    assert standing["states"]["accepted"] == PLACES
    assert standing["states"]["waitlisted"] == APPLICANTS - PLACES
    quotas = {int(audience): quota for audience, quota in seeded["quotas"].items()}
    accepted = {int(audience): n for audience, n in standing["accepted_by_audience"].items()}
    assert accepted == quotas  # each audience's quota filled, none exceeded
    # nginx dealt the requests out in turn: half to each app server.
    first, second = stack.served_since(f"POST {path}", [0, 0], APPLICANTS)
    assert first + second == APPLICANTS
    assert abs(first - second) <= APPLICANTS // 10


def test_sign_in_limits_hold_across_both_app_servers(stack: Stack):
    marker = "POST /en/accounts/login/"
    before = stack.served_by(marker)
    email = "limits@uni.example"
    answers = [Client(stack.base).post("/en/accounts/login/", {"login": email}) for _ in range(8)]
    sent = [a for a in answers if a.location.startswith("/en/accounts/login/code/confirm/")]
    refused = [a for a in answers if TOO_MANY_CODES in a.text]
    assert (len(sent), len(refused)) == (3, 5)  # 3 code e-mails a minute to one address
    assert stack.served_since(marker, before, 8) == [4, 4]  # both servers counted

    # A client cannot escape the per-address limit by sending its own X-Forwarded-For: the
    # app trusts only the address nginx appended (TRUSTED_PROXY_COUNT=1).
    spoofed = [
        Client(stack.base).post(
            "/en/accounts/login/",
            {"login": f"someone-{n}@uni.example"},
            X_Forwarded_For=f"198.51.100.{n}",
        )
        for n in range(25)
    ]
    assert any(TOO_MANY_CODES in answer.text for answer in spoofed)
    assert sum(a.location.startswith("/en/accounts/login/code/") for a in spoofed) <= 20


def test_a_certificate_run_survives_a_killed_worker_and_issues_each_certificate_once(
    stack: Stack,
):
    edition_id = int(stack.python("-m", "bench.certificates", "seed", str(CERTIFICATES)))
    organiser = json.loads(
        stack.python("-m", "tests.production.world", "organiser", str(edition_id))
    )
    office = Client(stack.base, {"sessionid": organiser["session"]})
    started = office.post(f"/de/staff/editions/{edition_id}/certificates/issue/", {})
    assert started.status == 302, started.text[:500]
    ((job_id,),) = _query(
        stack,
        "SELECT id FROM jobs_job WHERE edition_id = %s AND kind = %s",
        edition_id,
        "certificates.issue",
    )

    def running_half_way() -> tuple[str, int, int, str] | None:
        rows = _query(
            stack,
            "SELECT j.state, j.done, j.total, t.worker_ids FROM jobs_job j "
            "JOIN django_tasks_database_dbtaskresult t ON t.id = j.task_result_id WHERE j.id = %s",
            job_id,
        )
        state, done, total, worker_ids = rows[0]
        if state == "running" and 0 < int(done) < int(total) and worker_ids:
            return str(state), int(done), int(total), str(worker_ids[-1])
        return None

    _wait("the run's first batches", lambda: running_half_way() is not None, stack)
    found = running_half_way()
    assert found is not None
    worker_id = found[3]
    kill(stack.workers[worker_id])
    state, done, total, _ = running_half_way() or ("", 0, 0, "")
    assert state == "running" and 0 < done < total == CERTIFICATES  # killed in the middle

    def finished() -> bool:
        state = _query(stack, "SELECT state FROM jobs_job WHERE id = %s", job_id)[0][0]
        return bool(state == "done")

    _wait("the other worker to finish the run", finished, stack)
    stack.start_worker(worker_id.rsplit("-", 1)[1])  # as systemd's Restart=always would

    report = json.loads(stack.python("-m", "tests.jobs.worker_world", "report", str(job_id)))
    eligible = [str(pk) for pk in report["eligible"]]
    assert len(eligible) == CERTIFICATES
    assert report["certificates"] == dict.fromkeys(eligible, 1)
    assert report["issued_events"] == dict.fromkeys(eligible, 1)
    assert (report["done"], report["result"], report["attempts"]) == (
        CERTIFICATES,
        {"issued": CERTIFICATES},
        2,
    )


def test_every_app_server_reports_the_whole_machine_and_the_request_id_reaches_the_task(
    stack: Stack,
):
    applicants = 20
    seeded = json.loads(stack.python("-m", "bench.rush", "seed", "5", "3,2", str(applicants)))
    path = f"/de/editions/{seeded['edition_id']}/apply/"

    def metric(name: str) -> list[float]:
        return [stack.metric(server, name) for server in stack.app_servers]

    applications, e_mails = (
        metric("lifelong_applications_total"),
        metric("lifelong_emails_sent_total"),
    )
    assert applications[0] == applications[1]  # one machine: both add up all its processes
    request_ids = []
    for number, (session, audience) in enumerate(seeded["applicants"]):
        answer = Client(stack.base, {"sessionid": session}).post(
            path, {"full_name": f"Person {number}", "consent": "on", "audience": str(audience)}
        )
        assert answer.status == 302, answer.text[:300]
        request_ids.append(answer.headers["x-request-id"])
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in request_ids)  # nginx's $request_id

    assert [
        a - b for a, b in zip(metric("lifelong_applications_total"), applications, strict=True)
    ] == [applicants] * 2
    # The e-mails go out from the workers, whose counters the app servers report too.
    _wait(
        "the applicants' e-mails",
        lambda: all(
            a - b >= applicants
            for a, b in zip(metric("lifelong_emails_sent_total"), e_mails, strict=True)
        ),
        stack,
    )
    families = stack.metric_families(stack.app_servers[0])
    assert {"lifelong_task_queue_depth", "lifelong_task_queue_oldest_age_seconds"} <= families
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert min(metric(latency)) >= applicants

    # The worker's log lines of a task carry the id of the request that queued it.
    def task_lines() -> list[dict[str, Any]]:
        lines = []
        for line in stack.worker_log.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("request_id") in request_ids and "task" in entry:
                    lines.append(entry)
        return lines

    _wait(
        "the tasks' log lines",
        lambda: len({e["request_id"] for e in task_lines()}) == applicants,
        stack,
    )
    assert {e["task"] for e in task_lines()} == {
        "lifelong.enrolment.notifications.notification_send_task"
    }


def test_a_catalogue_change_through_one_app_server_is_seen_through_both(stack: Stack):
    seeded = json.loads(stack.python("-m", "bench.rush", "seed", "20", "10,10", "0"))
    organiser = json.loads(
        stack.python("-m", "tests.production.world", "organiser", str(seeded["edition_id"]))
    )
    ((programme_id, slug),) = organiser["programmes"]
    page = f"/de/programmes/{slug}/"
    visitor = Client(stack.base)
    before = stack.served_by(f"GET {page}")
    old = [visitor.get(page) for _ in range(4)]  # both servers render and cache the page
    assert all(answer.status == 200 for answer in old)
    assert stack.served_since(f"GET {page}", before, 4) == [2, 2]

    office = Client(stack.base, {"sessionid": organiser["session"]})
    edit = f"/de/staff/programmes/{programme_id}/edit/"
    form = office.get(edit)
    assert form.status == 200, form.text[:500]
    title = f"Neuer Titel {time.time_ns()}"
    fields = [(n, title if n == "title_de" else v) for n, v in form_fields(form.text)]
    saved = office.post(edit, fields)
    assert saved.status == 302, saved.text[:2000]

    marker = f"GET {page}"
    counts = stack.served_by(marker)
    new = [visitor.get(page) for _ in range(4)]
    assert all(title in answer.text for answer in new)  # at once, on both servers
    assert stack.served_since(marker, counts, 4) == [2, 2]


def test_the_nightly_unit_writes_a_backup_of_the_running_site(stack: Stack):
    unit = read_unit(SYSTEMD / "lifelong-daily.service")
    assert unit.settings["Service.Type"] == ["oneshot"]
    backups = stack.directory / "backups"
    backups.mkdir()
    command = unit.command(ROOT, var__backups__lifelong=backups)
    ((applications,),) = _query(stack, "SELECT count(*) FROM enrolment_application")
    run_checked(command, stack.env)
    (archive,) = backups.iterdir()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = tar.getnames()
    assert manifest["database"]["tables"]["enrolment_application"] == applications
    assert "database.dump" in names and "credential-keys.json" in names
    assert archive.stat().st_mode & 0o077 == 0  # for its owner only: it holds the keys


def test_liveness_and_readiness_follow_the_services(stack: Stack):
    client = Client(stack.base)
    ready = client.get("/readyz")
    assert ready.status == 200, ready.text
    checks = json.loads(ready.text)["checks"]
    assert checks["database"]["ok"] and checks["cache"]["ok"] and checks["task_queue"]["ok"]
    # Load balancers and Prometheus reach each app server directly, in plain HTTP.
    for server in stack.app_servers:
        assert Client(server.url).get("/readyz").status == 200

    stack.redis(False)
    try:
        answer = client.get("/readyz")
        assert answer.status == 503
        assert json.loads(answer.text)["checks"]["cache"]["ok"] is False
        assert client.get("/healthz").status == 200  # alive: no restart wanted
    finally:
        stack.redis(True)
    _wait("readiness with Redis back", lambda: client.get("/readyz").status == 200, stack, 30)

    stack.postgres(False)
    try:
        answer = client.get("/readyz")
        assert answer.status == 503
        assert json.loads(answer.text)["checks"]["database"]["ok"] is False
        assert client.get("/healthz").status == 200
    finally:
        stack.postgres(True)
    _wait("readiness with PostgreSQL back", lambda: client.get("/readyz").status == 200, stack, 30)
