"""A small edition whose figures are known by heart, and editions with many applications
made in a few queries (for the query counts).

The known edition, "Bochum 2029/30": four places, applications from 1 to 31 January 2030,
three programme days in March. Two groups: researchers (quota 2) and city staff (no
limit). Five people apply on three days; the first four get a place, the fifth waits.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from lifelong.accounts.models import User
from lifelong.attendance.models import Attendance, AttendanceMethod
from lifelong.catalogue.models import Audience, Edition, Institution, Programme
from lifelong.certificates.models import Certificate
from lifelong.enrolment.models import Application, ApplicationState, Question
from tests.enrolment.helpers import apply, make_user
from tests.factories import berlin, make_edition, make_institution, make_programme

# The moment the tests look at the dashboard: after the deadline, before the first day.
NOW = berlin(2030, 2, 10, 12)


@dataclass
class Known:
    edition: Edition
    researchers: Audience
    city: Audience
    people: dict[str, Application]


def make_known_edition(institution: Institution | None = None) -> Known:
    researchers, _new = Audience.objects.get_or_create(
        slug="researchers", defaults={"name_de": "Forschende", "name_en": "Researchers"}
    )
    city, _new = Audience.objects.get_or_create(
        slug="city-staff", defaults={"name_de": "Stadtverwaltung", "name_en": "City staff"}
    )
    first = not Programme.objects.filter(slug="bochum").exists()
    programme = make_programme(
        institution or (make_institution(slug="bochum") if first else make_institution()),
        **({"slug": "bochum"} if first else {}),
        title_de="Wissen gemeinsam gestalten",
        title_en="Shaping knowledge together",
    )
    edition = make_edition(
        programme,
        label="2029/30",
        capacity=4,
        applications_open_at=berlin(2030, 1, 1),
        applications_close_at=berlin(2030, 1, 31, 23, 59),
        first_session=berlin(2030, 3, 5, 10),
        session_count=3,
        audiences={researchers: 2, city: None},
    )
    Question.objects.create(
        edition=edition,
        position=1,
        kind=Question.Kind.SINGLE_CHOICE,
        label_de="Wie haben Sie von uns erfahren?",
        label_en="How did you hear about us?",
        choices=[
            {"key": "web", "de": "Internetseite", "en": "Website"},
            {"key": "friend", "de": "Empfehlung", "en": "Recommendation"},
        ],
        required=False,
    )
    Question.objects.create(
        edition=edition,
        position=2,
        kind=Question.Kind.LONG_TEXT,
        label_de="Ihre Motivation",
        label_en="Your motivation",
        required=False,
    )
    arrivals = [
        # 00:30 in Berlin is 23:30 UTC the day before: counted on 3 January in Berlin.
        ("Ada Lovelace", researchers, berlin(2030, 1, 3, 0, 30), "Ruhr-Universität Bochum"),
        ("Ben Bäcker", city, berlin(2030, 1, 3, 10), "Stadt Bochum"),
        ("Cem Çelik", researchers, berlin(2030, 1, 5, 9), ""),
        ("Dora Dörr", city, berlin(2030, 1, 5, 11), "Stadt Bochum"),
        ("Emil Erdős", city, berlin(2030, 1, 8, 15), ""),
    ]
    people = {}
    questions = {q.position: q for q in edition.questions.all()}
    for name, audience, at, organisation in arrivals:
        with time_machine.travel(at, tick=False):
            people[name.split()[0]] = apply(
                edition,
                make_user(),
                audience=audience,
                full_name=name,
                organisation=organisation,
                answers={
                    questions[1].key: "friend" if name.startswith("A") else "web",
                    questions[2].key: f"Motivation von {name.split()[0]}",
                },
            )
    assert [p.state for p in people.values()] == ["accepted"] * 4 + ["waitlisted"]
    return Known(edition=edition, researchers=researchers, city=city, people=people)


def record(application: Application, statuses: list[str | None]) -> None:
    """One status per day of the edition, in order (None: nothing recorded)."""
    sessions = application.edition.sessions.order_by("starts_at")
    Attendance.objects.bulk_create(
        Attendance(
            application=application,
            session=session,
            status=status,
            method=AttendanceMethod.DESK,
            recorded_at=timezone.now(),
        )
        for session, status in zip(sessions, statuses, strict=False)
        if status is not None
    )


def certify(
    application: Application, code: str, *, revoked: str = "", at: datetime | None = None
) -> Certificate:
    """A certificate row as the issuing service leaves it (without PDF and credential)."""
    return Certificate.objects.create(
        code=code,
        edition=application.edition,
        application=application,
        language="de",
        facts={"name": application.full_name},
        issued_at=at or berlin(2030, 3, 20, 9),
        revoked_at=(at or berlin(2030, 3, 20, 9)) + timedelta(days=2) if revoked else None,
        revoked_reason=revoked,
        revoked_category="other" if revoked else "",
    )


def fill_known_edition(known: Known) -> None:
    """Attendance on the first two days, two certificates (one revoked)."""
    p = known.people
    record(p["Ada"], ["present", "late"])
    record(p["Ben"], ["excused", "present"])
    record(p["Cem"], ["absent"])
    record(p["Dora"], ["present"])
    record(p["Emil"], ["present"])  # waiting, not a participant: not counted
    certify(p["Ada"], "AAAA-1111")
    certify(p["Ben"], "BBBB-2222", revoked="Issued by mistake")


def add_applications(edition: Edition, count: int, *, start: datetime | None = None) -> None:
    """`count` applications in bulk, spread over days, groups, states and attendance, as
    the benchmark's 2,000 are."""
    start = start or edition.applications_open_at + timedelta(hours=1)
    audiences: list[int | None] = [link.audience_id for link in edition.audience_links.all()]
    audiences = audiences or [None]
    first = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    users = User.objects.bulk_create(
        User(email=f"bulk{first + n}@example.org") for n in range(count)
    )
    states = [
        ApplicationState.ACCEPTED,
        ApplicationState.WAITLISTED,
        ApplicationState.REJECTED,
        ApplicationState.CANCELLED,
    ]
    applications = Application.objects.bulk_create(
        Application(
            edition=edition,
            applicant=user,
            audience_id=audiences[n % len(audiences)],
            state=states[n % len(states)],
            waitlist_rank=1000 + n if states[n % len(states)] == "waitlisted" else None,
            full_name=f"Person {n}",
            email=user.email,
            organisation="=1+1" if n % 7 == 0 else "Org",
            answers={},
            consented_at=start + timedelta(hours=7 * n),
            submitted_at=start + timedelta(hours=7 * n),
            state_changed_at=start + timedelta(hours=7 * n),
        )
        for n, user in enumerate(users)
    )
    sessions = list(edition.sessions.all())
    Attendance.objects.bulk_create(
        Attendance(
            application=application,
            session=session,
            status=["present", "late", "excused", "absent"][(n + i) % 4],
            method=AttendanceMethod.DESK,
            recorded_at=timezone.now(),
        )
        for n, application in enumerate(applications)
        if application.state == "accepted"
        for i, session in enumerate(sessions)
    )


def past_edition(known: Known) -> Edition:
    """Last year's cohort: two participants, both certified."""
    edition = make_edition(
        known.edition.programme,
        label="2028/29",
        capacity=10,
        applications_open_at=berlin(2029, 1, 1),
        applications_close_at=berlin(2029, 1, 31),
        first_session=berlin(2029, 3, 5, 10),
    )
    for n, person in enumerate(known.people.values()):
        if n < 2:
            application = Application.objects.create(
                edition=edition,
                applicant=person.applicant,
                full_name=person.full_name,
                email=person.email,
                state="accepted",
                consented_at=berlin(2029, 1, 2),
                submitted_at=berlin(2029, 1, 2),
                state_changed_at=berlin(2029, 1, 2),
            )
            certify(application, f"PAST-{n}")
    return edition


def section(html: str, key: str) -> str:
    match = re.search(rf'<section class="panel report" id="{key}".*?</section>', html, re.S)
    assert match, key
    return match.group(0)


def rows(html: str) -> list[list[str]]:
    """The table's body rows as text, headings first."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    assert body
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    ]


@dataclass
class Busy:
    institution: Institution
    running: Edition  # past its deadline, two of five days behind it
    open: Edition  # taking applications
    past: Edition  # last year's, with certificates


def _arrivals(
    edition: Edition, offsets_hours: list[int], states: list[str], audiences: list[Audience]
) -> list[Application]:
    first = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    users = User.objects.bulk_create(
        User(email=f"busy{first + n}@example.org") for n in range(len(offsets_hours))
    )
    names = ["Ada", "Ben", "Cem", "Dora", "Emil", "Fatma", "Jonas", "Lea", "Marek", "Zoë"]
    return Application.objects.bulk_create(
        Application(
            edition=edition,
            applicant=user,
            audience=audiences[n % len(audiences)],
            state=states[n],
            waitlist_rank=n if states[n] == ApplicationState.WAITLISTED else None,
            offer_expires_at=(
                timezone.now() + timedelta(days=2)
                if states[n] == ApplicationState.OFFERED
                else None
            ),
            full_name=f"{names[n % len(names)]} Beispiel-{n}",
            email=user.email,
            answers={},
            consented_at=edition.applications_open_at + timedelta(hours=hours),
            submitted_at=edition.applications_open_at + timedelta(hours=hours),
            state_changed_at=edition.applications_open_at + timedelta(hours=hours),
        )
        for n, (user, hours) in enumerate(zip(users, offsets_hours, strict=True))
    )


def make_busy_institution(now: datetime) -> Busy:
    """An institution as its dashboards look in the middle of a year: one edition under
    way, one taking applications, last year's finished with certificates, and a draft."""
    institution = make_institution(name_de="UniverCity Bochum", name_en="UniverCity Bochum")
    audiences = [
        Audience.objects.get_or_create(slug=slug, defaults={"name_de": de, "name_en": en})[0]
        for slug, de, en in (
            ("researchers", "Forschende", "Researchers"),
            ("city-staff", "Stadtverwaltung", "City staff"),
            ("transfer", "Transfer-Aktive", "Transfer practitioners"),
        )
    ]
    quotas = dict(zip(audiences, (10, 10, None), strict=True))
    knowledge = make_programme(
        institution, title_de="Wissen gemeinsam gestalten", title_en="Shaping knowledge together"
    )
    digital = make_programme(
        institution, title_de="Digitale Verwaltung", title_en="Digital administration"
    )
    running = make_edition(
        knowledge,
        label="2026/27",
        capacity=24,
        applications_open_at=now - timedelta(days=70),
        applications_close_at=now - timedelta(days=20),
        first_session=now - timedelta(days=14),
        session_count=5,
        audiences=quotas,
    )
    # Many apply in the first days, a second wave before the deadline.
    hours = [3 + 9 * n for n in range(14)] + [500 + 31 * n for n in range(8)]
    hours += [1000 + 17 * n for n in range(9)]
    states = ["accepted"] * 22 + ["offered", "cancelled", "waitlisted"]
    states += ["waitlisted", "waitlisted", "rejected", "waitlisted", "cancelled", "waitlisted"]
    people = _arrivals(running, hours, states, audiences)
    participants = [p for p in people if p.state == "accepted"]
    days = "PPPPLPPAPPPEPPPPLPPPAP", "PPLPPPAPPEPPPPPLPPPAPP"
    for n, person in enumerate(participants):
        record(
            person,
            [{"P": "present", "L": "late", "E": "excused", "A": "absent"}[d[n]] for d in days],
        )
    open_edition = make_edition(
        digital,
        label="2027",
        capacity=20,
        applications_open_at=now - timedelta(days=12),
        applications_close_at=now + timedelta(days=25),
        first_session=now + timedelta(days=45),
        session_count=4,
        audiences={audiences[1]: None},
    )
    _arrivals(
        open_edition,
        [2, 5, 30, 31, 33, 80, 150, 151, 200, 260, 270],
        ["accepted"] * 11,
        audiences[1:2],
    )
    past = make_edition(
        knowledge,
        label="2025/26",
        capacity=20,
        applications_open_at=now - timedelta(days=420),
        applications_close_at=now - timedelta(days=380),
        first_session=now - timedelta(days=360),
        session_count=5,
    )
    alumni = _arrivals(past, [10 * n for n in range(18)], ["accepted"] * 18, audiences)
    for n, person in enumerate(alumni[:15]):
        certify(
            person,
            f"PAST-{person.pk}",
            revoked="Issued by mistake" if n == 3 else "",
            at=now - timedelta(days=300),
        )
    make_edition(
        digital,
        label="2028",
        status=Edition.Status.DRAFT,
        capacity=16,
        applications_open_at=now + timedelta(days=200),
        applications_close_at=now + timedelta(days=240),
        first_session=now + timedelta(days=280),
    )
    return Busy(institution=institution, running=running, open=open_edition, past=past)


def csv_rows(body: bytes, language: str) -> list[list[str]]:
    """A CSV download read as Excel would: UTF-8 after the byte order mark, ";" in German."""
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";" if language == "de" else ","))


def xlsx_rows(body: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(body)).active
    return [["" if value is None else value for value in row] for row in sheet.values]


def download(client, edition: Edition, name: str, language: str = "en") -> bytes:
    response = client.get(f"/{language}/staff/editions/{edition.pk}/exports/{name}")
    assert response.status_code == 200, response.status_code
    return bytes(response.content)
