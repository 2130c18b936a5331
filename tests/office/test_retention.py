"""Retention: each kind of personal data goes exactly when its period is over, not before;
a second run finds nothing; a dry run changes nothing; an edition's own period wins."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lifelong.accounts.models import UserSession
from lifelong.attendance.models import Attendance
from lifelong.audit.models import AuditEvent
from lifelong.audit.services import audit_log
from lifelong.catalogue.models import Audience, EditionAudience
from lifelong.certificates.models import Certificate
from lifelong.certificates.services import certificate_issue
from lifelong.enrolment.models import Application
from lifelong.jobs.models import Job, JobState
from lifelong.office.models import DataExport
from lifelong.office.retention import (
    add_months,
    edition_schedule,
    retention_apply,
    retention_plan,
)
from tests.certificates.helpers import attended, close_all_days, make_certificate_edition
from tests.enrolment.helpers import apply, make_open_edition, make_organiser, make_user
from tests.factories import berlin

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


def _rejected(edition, name="Nicht Angenommen"):
    application = apply(edition, full_name=name)
    Application.objects.filter(pk=application.pk).update(state=Application.State.REJECTED)
    return application


def test_it_deletes_applications_not_accepted_months_after_the_edition_ended(settings):
    settings.RETENTION_UNACCEPTED_MONTHS = 6
    edition = make_open_edition()
    accepted = apply(edition)
    rejected = _rejected(edition)
    due = edition_schedule(edition=edition).unaccepted_until
    assert due == add_months(edition.sessions.order_by("-ends_at")[0].ends_at, 6)

    assert retention_apply(now=due - SECOND)["applications"] == 0
    assert Application.objects.filter(pk=rejected.pk).exists()

    assert retention_apply(now=due)["applications"] == 1
    assert not Application.objects.filter(pk=rejected.pk).exists()
    assert Application.objects.filter(pk=accepted.pk).exists()


def test_it_removes_dates_of_birth_once_selection_is_over():
    audience = Audience.objects.create(slug="seniors", name_de="Ältere", name_en="Seniors")
    edition = make_open_edition(audiences={audience: None})
    EditionAudience.objects.filter(edition=edition).update(min_age=50)
    application = apply(edition, audience=audience, date_of_birth=date(1960, 5, 1))
    assert Application.objects.get(pk=application.pk).date_of_birth == date(1960, 5, 1)
    first_day = edition.sessions.order_by("starts_at")[0].starts_at
    assert edition_schedule(edition=edition).selection_over_at == first_day

    assert retention_apply(now=first_day - SECOND)["dates_of_birth"] == 0
    assert Application.objects.get(pk=application.pk).date_of_birth == date(1960, 5, 1)

    assert retention_apply(now=first_day)["dates_of_birth"] == 1
    after = Application.objects.get(pk=application.pk)
    assert after.date_of_birth is None
    assert after.state == Application.State.ACCEPTED  # the place stays


def test_it_deletes_attendance_months_after_the_certificates_were_issued(settings):
    settings.RETENTION_ATTENDANCE_MONTHS = 12
    edition = make_certificate_edition()
    organiser = make_organiser(edition)
    application = attended(apply(edition, full_name="Zoë Beispiel"), ["present"] * 5)
    close_all_days(edition, organiser)
    certificate_issue(application=application, actor=organiser)
    # Issued after the last day: the period counts from the issue.
    issued = edition.sessions.order_by("-ends_at")[0].ends_at + timedelta(days=10)
    Certificate.objects.filter(edition=edition).update(issued_at=issued)
    schedule = edition_schedule(edition=edition)
    assert schedule.attendance_until == add_months(issued, 12)

    assert retention_apply(now=schedule.attendance_until - SECOND)["attendance"] == 0
    assert Attendance.objects.filter(application=application).count() == 5

    assert retention_apply(now=schedule.attendance_until)["attendance"] == 5
    assert not Attendance.objects.filter(application=application).exists()
    # The certificate stays, with what it certifies.
    assert Certificate.objects.get(edition=edition).facts


def test_it_pseudonymises_log_entries_after_the_years(settings):
    settings.RETENTION_LOG_YEARS = 3
    person = make_user("kim@example.org")
    edition = make_open_edition()
    written = timezone.now()
    event = audit_log(
        subject=edition,
        action="staff.invited",
        at=written,
        actor=person,
        reason="Kim asked for it",
        data={"email": "kim@example.org"},
        to_state="organiser",
    )
    due = add_months(written, 36) + SECOND

    assert retention_apply(now=due - 2 * SECOND)["log_entries"] == 0
    assert retention_apply(now=due)["log_entries"] >= 1
    event.refresh_from_db()
    assert event.actor_id is None
    assert event.actor_pseudonym == f"person #{person.pk}"
    assert event.reason == ""
    assert "kim@example.org" not in str(event.data)
    assert event.pseudonymised_at == due


def test_it_deletes_finished_tasks_and_expired_sessions_after_the_days(settings):
    settings.RETENTION_TASK_DAYS = 30
    settings.RETENTION_ACCESS_LOG_DAYS = 14
    now = timezone.now()
    finished = now - timedelta(days=30)
    job = Job.objects.create(
        kind="test.kind",
        task="x",
        state=JobState.DONE,
        created_at=finished,
        heartbeat_at=finished,
        finished_at=finished,
    )
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="x.y",
        backend_name="default",
        queue_name="default",
        run_after=finished,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at=finished,
    )
    session = UserSession.objects.create(
        session_key="k" * 32, session_data="", expire_date=now - timedelta(days=14)
    )

    early = retention_apply(now=now - SECOND)
    assert (early["tasks"], early["sessions"]) == (0, 0)
    counts = retention_apply(now=now + SECOND)
    assert counts["tasks"] == 2
    assert counts["sessions"] == 1
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not DBTaskResult.objects.filter(pk=result.pk).exists()
    assert not UserSession.objects.filter(pk=session.pk).exists()


def test_it_finds_nothing_on_a_second_run_and_logs_its_counts():
    edition = make_open_edition()
    _rejected(edition)
    later = add_months(timezone.now(), 48)
    first = retention_apply(now=later)
    assert first["applications"] == 1
    second = retention_apply(now=later)
    assert set(second.values()) == {0}
    runs = AuditEvent.objects.filter(action="retention.applied").order_by("pk")
    assert [run.data["applications"] for run in runs] == [1, 0]
    assert runs[0].subject_type == "site"


def _fingerprint() -> tuple[object, ...]:
    return (
        list(Application.objects.values_list("pk", "date_of_birth").order_by("pk")),
        Attendance.objects.count(),
        list(AuditEvent.objects.values_list("pk", "actor_id", "reason").order_by("pk")),
    )


def test_it_changes_nothing_on_a_dry_run():
    edition = make_certificate_edition()
    attended(apply(edition), ["present"] * 5)
    _rejected(edition)
    later = add_months(timezone.now(), 60)
    before = _fingerprint()

    plan = retention_plan(now=later)
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)

    assert plan.counts["applications"] == 1
    assert plan.counts["attendance"] == 5
    assert "would go" in out.getvalue()
    assert _fingerprint() == before
    assert not AuditEvent.objects.filter(action="retention.applied").exists()


def test_it_lets_an_editions_own_period_win(settings):
    settings.RETENTION_UNACCEPTED_MONTHS = 6
    edition = make_open_edition()
    institution = edition.programme.institution
    institution.retention_unaccepted_months = 12
    institution.save()
    edition.retention_unaccepted_months = 1
    edition.save()
    rejected = _rejected(edition)
    ended = edition.sessions.order_by("-ends_at")[0].ends_at

    assert edition_schedule(edition=edition).unaccepted_until == add_months(ended, 1)
    retention_apply(now=add_months(ended, 1))
    assert not Application.objects.filter(pk=rejected.pk).exists()


def test_it_takes_the_institutions_period_when_the_edition_has_none(settings):
    settings.RETENTION_UNACCEPTED_MONTHS = 6
    edition = make_open_edition()
    institution = edition.programme.institution
    institution.retention_unaccepted_months = 2
    institution.save()
    ended = edition.sessions.order_by("-ends_at")[0].ends_at
    assert edition_schedule(edition=edition).unaccepted_until == add_months(ended, 2)


def test_it_adds_months_to_the_last_day_of_a_shorter_month():
    moment = berlin(2030, 1, 31, 12)
    assert add_months(moment, 1).date() == date(2030, 2, 28)
    assert add_months(moment, -13).date() == date(2028, 12, 31)


def test_a_copy_of_someones_data_goes_when_its_link_ends():
    person = make_user()
    now = timezone.now()
    job = Job.objects.create(
        kind="office.data_export",
        state=JobState.DONE,
        total=1,
        done=1,
        created_at=now,
        heartbeat_at=now,
        finished_at=now,
    )
    export = DataExport.objects.create(
        person=person,
        job=job,
        language="en",
        created_at=now,
        archive=b"PK zip",
        ready_at=now,
        expires_at=now + timedelta(days=7),
    )

    assert retention_plan(now=now + timedelta(days=7) - SECOND).site_counts["tasks"] == 0
    retention_apply(now=now + timedelta(days=7) - SECOND)
    assert bytes(DataExport.objects.get(pk=export.pk).archive) == b"PK zip"

    assert retention_apply(now=now + timedelta(days=7, seconds=1))["tasks"] == 1
    assert bytes(DataExport.objects.get(pk=export.pk).archive) == b""


def test_the_admins_own_log_forgets_the_names_of_deleted_applications(settings):
    edition = make_open_edition()
    rejected = _rejected(edition, name="Rosa Abgelehnt")
    LogEntry.objects.log_actions(
        user_id=make_user().pk, queryset=[rejected], action_flag=CHANGE, change_message="x"
    )

    retention_apply(now=edition_schedule(edition=edition).unaccepted_until)

    entry = LogEntry.objects.get()
    assert "Rosa" not in entry.object_repr and entry.object_repr == f"application #{rejected.pk}"
