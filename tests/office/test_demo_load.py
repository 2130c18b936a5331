from datetime import date, datetime
from zoneinfo import ZoneInfo

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lifelong.accounts.models import User
from lifelong.catalogue.models import Document, Edition, Institution, Programme, Session
from lifelong.catalogue.selectors import ApplicationWindow, application_window
from lifelong.certificates.models import Certificate
from lifelong.enrolment.models import Application
from lifelong.office.demo.load import DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def counts():
    return (
        Programme.objects.count(),
        Edition.objects.count(),
        Session.objects.count(),
        Document.objects.count(),
        User.objects.count(),
    )


def test_it_loads_idempotently():
    call_command("load_demo", allow_production=True, verbosity=0)
    first = counts()
    call_command("load_demo", allow_production=True, verbosity=0)
    assert counts() == first
    assert first[0] >= 11


def test_it_loads_the_bochum_programme_exactly_as_the_seed_states_it():
    call_command("load_demo", allow_production=True, verbosity=0)
    edition = Edition.objects.get(programme__slug="wissen-gemeinsam-gestalten", label="2025/26")
    sessions = [
        (timezone.localtime(s.starts_at), timezone.localtime(s.ends_at))
        for s in edition.sessions.all()
    ]
    assert [(s.date(), s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in sessions] == [
        (date(2025, 10, 7), "13:00", "17:30"),
        (date(2025, 10, 28), "10:00", "17:00"),
        (date(2025, 11, 18), "10:00", "17:00"),
        (date(2026, 1, 15), "10:00", "17:00"),
        (date(2026, 2, 10), "13:00", "17:30"),
    ]
    assert edition.capacity == 30
    assert edition.fee_cents == 0
    assert edition.language == "de"
    assert timezone.localtime(edition.applications_close_at).date() == date(2025, 9, 2)
    assert edition.audiences.count() == 4
    rule = edition.rule
    assert (rule.kind, rule.min_sessions) == ("certificate", 4)  # "at least four of five days"
    assert rule.workload_hours == 30  # two afternoons of 4.5 hours, three days of 7
    assert edition.programme.partners.get().slug == "city2science"
    flyer = edition.programme.documents.get()
    assert flyer.file.read(5) == b"%PDF-"


def test_it_offers_an_edition_of_the_bochum_programme_that_is_open_today():
    call_command("load_demo", allow_production=True, verbosity=0)
    now = datetime.now(tz=BERLIN)
    open_editions = [
        e
        for e in Edition.objects.filter(programme__slug="wissen-gemeinsam-gestalten")
        if application_window(e, now) == ApplicationWindow.OPEN
    ]
    assert len(open_editions) == 1
    assert sum(link.quota or 0 for link in open_editions[0].audience_links.all()) == 30


def test_it_gives_every_ruhr_innovation_lab_offer_a_published_edition():
    call_command("load_demo", allow_production=True, verbosity=0)
    offers = Programme.objects.filter(partners__slug="ruhr-innovation-lab")
    assert offers.count() >= 9
    for programme in offers:
        assert programme.editions.filter(status=Edition.Status.PUBLISHED).exists(), programme
    seniors = Edition.objects.get(programme__slug="studium-fuer-seniorinnen-und-senioren")
    assert seniors.capacity == 60
    assert seniors.audiences.get().slug == "seniors"


@pytest.mark.django_db
def test_it_schedules_the_reminders_of_the_demo_sessions_and_adds_demo_applications():
    call_command("load_demo", allow_production=True, verbosity=0)
    future = Session.objects.filter(starts_at__gt=timezone.now()).count()
    reminders = DBTaskResult.objects.filter(task_path__endswith="session_reminders_task").count()
    assert reminders == future > 0
    open_edition = Application.objects.filter(state="accepted").exclude(edition__label="2025/26")
    assert open_edition.count() == 3


def test_it_adds_the_past_cohort_with_its_certificates():
    call_command("load_demo", allow_production=True, verbosity=0)
    call_command("load_demo", allow_production=True, verbosity=0)  # again: nothing twice
    past = Edition.objects.get(programme__slug="wissen-gemeinsam-gestalten", label="2025/26")
    names = set(Certificate.objects.filter(edition=past).values_list("facts__name", flat=True))
    assert {"Zoë Łukasiewicz-Öztürk", "Nguyễn Thị Minh Khai", "Paula Teilnehmerin"} <= names
    assert "Jonas Klein" not in names  # three of five days: the rule is not met
    assert Certificate.objects.filter(edition=past).count() == len(names) == 6
    # issued in Bochum, where UniverCity Bochum is: "Bochum, 12. März 2026"
    assert set(Certificate.objects.filter(edition=past).values_list("facts__place", flat=True)) == {
        "Bochum"
    }
    assert all(institution.logo for institution in Institution.objects.all())


def test_it_gives_the_demo_staff_the_published_authenticator_secret(client):
    call_command("load_demo", allow_production=True, verbosity=0)
    # again: still one authenticator each
    call_command("load_demo", allow_production=True, verbosity=0)
    staff = ("organiser@lifelong.example", "owner@lifelong.example", "admin@lifelong.example")
    for email in staff:
        authenticator = Authenticator.objects.get(user__email=email, type="totp")
        assert TOTP(authenticator).validate_code(pyotp.TOTP(DEMO_TOTP_SECRET).now())
    owner = User.objects.get(email="owner@lifelong.example")
    assert owner.memberships.get().role == "owner"


def test_it_refuses_to_load_the_demo_with_debug_off(settings):
    """Its staff sign in with a secret published in the README."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo", verbosity=0)
    assert User.objects.count() == 0
    assert Programme.objects.count() == 0


def test_it_loads_the_demo_with_debug_on(settings):
    settings.DEBUG = True  # as `make run` sets it
    call_command("load_demo", verbosity=0)
    assert User.objects.filter(email="admin@lifelong.example", is_superuser=True).exists()
